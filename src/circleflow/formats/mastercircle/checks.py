# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What a format using the sponsor's harvest must allow, checked when the
format is defined (see :func:`circleflow.format.Format`)."""

from __future__ import annotations

from circleflow.errors import FormatError
from circleflow.format import Format, Stage
from circleflow.format_checks import place_before, places
from circleflow.language import _


def check_stage(fmt: Format, stage: Stage, number: int, where: str) -> None:
    """The harvest can be presented before it is accepted in the same meeting."""
    presented = places(stage, "present_harvest")
    accepted = places(stage, "accept_harvest")
    if accepted and not any(p <= a for p in presented for a in accepted):
        raise FormatError(
            _(
                "{where}: activity 'accept_harvest' accepts the harvest presented "
                "earlier in the same meeting, but 'present_harvest' is not allowed "
                "{place}; add it"
            ).format(where=where, place=place_before(stage))
        )
