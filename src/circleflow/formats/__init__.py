# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The built-in packs, one folder each: the steps every format shares, and
the Mastercircle, the Leergroep, the Leernetwerkgroep and the Samenwerking.

Each folder holds its format's definition, commands, events, rules and
personal-data entries; :mod:`circleflow.packs` registers them.
"""

from __future__ import annotations

from circleflow.formats import (
    common,
    leergroep,
    leernetwerkgroep,
    mastercircle,
    samenwerking,
)

BUILTIN_PACKS = (
    common.PACK,
    mastercircle.PACK,
    leergroep.PACK,
    leernetwerkgroep.PACK,
    samenwerking.PACK,
)
