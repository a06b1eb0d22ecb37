# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What a format using the Leernetwerkgroep's assignments must allow, checked
when the format is defined (see :func:`circleflow.format.Format`)."""

from __future__ import annotations

from circleflow.errors import FormatError
from circleflow.format import Format, Stage
from circleflow.language import _


def check_stage(fmt: Format, stage: Stage, number: int, where: str) -> None:
    """Assignments follow a held meeting, and can be completed before a stage
    that requires them all."""
    if "assignments-done" in stage.requires:
        if number == 1:
            raise FormatError(
                _(
                    "{where}: requires 'assignments-done', but 'complete_assignment' "
                    "can only run once a meeting has been held, so the first stage "
                    "can never meet it; require it in a later stage"
                ).format(where=where)
            )
        earlier = fmt.stages[:number]
        if "complete_assignment" not in fmt.between_activities and not any(
            s.allows("complete_assignment") for s in earlier
        ):
            raise FormatError(
                _(
                    "{where}: requires 'assignments-done', which "
                    "'complete_assignment' fulfils, but neither between_activities "
                    "nor this stage or an earlier one allow 'complete_assignment'; "
                    "add it to between_activities or to this stage's activities"
                ).format(where=where)
            )
    if number == 1 and not stage.repeatable and stage.allows("complete_assignment"):
        raise FormatError(
            _(
                "{where}: activity 'complete_assignment' can only run once a meeting "
                "has been held, so it can never run in the first stage unless that "
                "stage is repeatable; allow it in a later stage or "
                "between_activities"
            ).format(where=where)
        )
