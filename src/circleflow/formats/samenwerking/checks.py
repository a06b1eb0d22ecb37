# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What a format using the Samenwerking's rules must allow, checked when the
format is defined (see :func:`circleflow.format.Format`)."""

from __future__ import annotations

from circleflow.errors import FormatError
from circleflow.format import Format, Stage
from circleflow.format_checks import place_after, place_in, places
from circleflow.language import _


def check_stage(fmt: Format, stage: Stage, number: int, where: str) -> None:
    """A proposal can follow every problem, mandates can be renewed, and a
    consensus record has items and a place to record them."""
    if "problems-have-proposals" in stage.requires:
        proposals = places(stage, "propose_solution")
        for named in places(stage, "name_problem"):
            if not any(p >= named for p in proposals):
                raise FormatError(
                    _(
                        "{where}: requires 'problems-have-proposals', but a problem "
                        "named {place} could never get a proposal: "
                        "'propose_solution' is not allowed {after}; add it"
                    ).format(
                        where=where,
                        place=place_in(stage, named),
                        after=place_after(stage, named),
                    )
                )
    if (
        "mandates-renewed" in stage.requires_to_open
        and "renew_mandate" not in fmt.between_activities
    ):
        raise FormatError(
            _(
                "{where}: requires_to_open 'mandates-renewed', which 'renew_mandate' "
                "between meetings fulfils, but 'renew_mandate' is not among the "
                "format's between_activities; add it there"
            ).format(where=where)
        )
    if stage.consensus and not stage.allows("record_consensus"):
        raise FormatError(
            _(
                "{where}: it has consensus items, so 'record_consensus' must be "
                "among its activities"
            ).format(where=where)
        )
    if "consensus-complete" in stage.requires_to_leave and not stage.consensus:
        raise FormatError(
            _(
                "{where}: requires_to_leave 'consensus-complete', a complete "
                "consensus record, but lists no consensus items; give them in "
                "consensus (and allow 'record_consensus')"
            ).format(where=where)
        )
