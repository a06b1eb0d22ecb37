# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A learning community of Leergroepen (see :mod:`circleflow.formats.leergroep`).

Kept at this path because stored communities name it in their topics."""

from __future__ import annotations

from circleflow.formats.leergroep.community import GATHERING_KINDS, Community

__all__ = ["GATHERING_KINDS", "Community"]
