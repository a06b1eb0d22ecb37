# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The base of the typed step methods each pack adds to :class:`Circles`.

A pack's ``steps`` module holds a mixin whose methods name a step's
arguments and pass them to :meth:`Steps.take`, which the application
implements; the engine checks and records them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID


class Steps:
    """Typed methods for the steps of packs, over one generic :meth:`take`."""

    def take(
        self,
        circle_id: UUID | str,
        command: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
        **arguments: Any,
    ) -> Any:
        """Take step ``command`` on a circle (implemented by the application)."""
        raise NotImplementedError
