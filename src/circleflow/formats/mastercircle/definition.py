# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Mastercircle, from the method's source documents (seeds 000, 001).

Where the sources disagree (session durations), :func:`mastercircle` lets
the user choose; where they are silent the choice is marked as an
interpretation. The definition could equally be written in TOML (see
:mod:`circleflow.format_toml`).
"""

from __future__ import annotations

from circleflow.errors import InvalidInput
from circleflow.format import Deadline, Element, Format, GroupSize, Stage
from circleflow.language import N_, _

#: The six elements, walked at circle level and again inside master sessions.
SIX_ELEMENTS = (
    "Koersbepalen",
    "Voorbereiden",
    "Uitwisselen",
    "Richten",
    "Verdiepen",
    "Vervolgen",
)

_DURATIONS = {
    # seed 000 (central government): first and last 2 hours, middle a full day.
    "rijk": ("2 uur", "1 dag"),
    # seed 001 (the method's own site): 1.5 hours, half a day plus evening.
    "methode": ("1,5 uur", "dagdeel plus avond"),
}


def _master_elements() -> tuple[Element, ...]:
    # Interpretation: the sources name the elements only; what happens in each
    # follows DOMAIN.md section 2.
    return (
        Element(
            "Koersbepalen", description=N_("the facilitator sets the session's aim")
        ),
        Element("Voorbereiden", description=N_("each participant's preparation is in")),
        Element(
            "Uitwisselen",
            activities=("note_synergy",),
            hot_seat=True,
            description=N_("hot seats: present, feedback, dialogue with the master"),
        ),
        Element("Richten", description=N_("each participant states their direction")),
        Element(
            "Verdiepen",
            activities=("note_synergy",),
            description=N_("the group deepens: synergies, common patterns"),
        ),
        Element(
            "Vervolgen",
            activities=("record_action",),
            description=N_("on-the-job actions before the next session"),
        ),
    )


def mastercircle(durations: str = "rijk") -> Format:
    """The Mastercircle: five sessions, reverse learning in the hot seat.

    ``durations`` picks the session lengths of one source: ``"rijk"`` (the
    central government's description: 2 hours and a full day) or
    ``"methode"`` (the method's site: 1.5 hours and half a day plus evening).
    """
    try:
        sponsor_duration, master_duration = _DURATIONS[durations]
    except KeyError:
        raise InvalidInput(
            _("unknown durations {durations!r}; choose one of {choices}").format(
                durations=durations, choices=sorted(_DURATIONS)
            )
        ) from None

    def sponsor_session(name: str, title: str, **kwargs: object) -> Stage:
        return Stage(
            name=name,
            title=title,
            kind="sponsor session",
            attendees={"facilitator", "sponsor", "guest"},
            required={"facilitator", "sponsor"},
            duration=sponsor_duration,
            **kwargs,  # type: ignore[arg-type]
        )

    def master_session(name: str, title: str, **kwargs: object) -> Stage:
        return Stage(
            name=name,
            title=title,
            kind="master session",
            attendees={"facilitator", "master", "guest"},
            required={"facilitator", "master"},
            elements=_master_elements(),
            duration=master_duration,
            **kwargs,  # type: ignore[arg-type]
        )

    return Format(
        name="mastercircle",
        version=1,
        title="Mastercircle",
        description=N_(
            "Learning on the job on a real challenge by reverse learning: five "
            "sessions, three of them with a master and a hot seat for every "
            "participant, the six elements on two levels."
        ),
        circle_elements=SIX_ELEMENTS,
        # Interpretation: feedback needs colleagues, so at least two participants.
        participants=GroupSize(minimum=2),
        sessions_per_master=1,
        stages=(
            sponsor_session(
                "Urgentie",
                "De urgentie",
                activities=("state_urgency",),
                requires=("urgency-stated",),
                circle_elements=("Koersbepalen", "Voorbereiden"),
                week=2,
                movement="co-initiating",
            ),
            master_session(
                "Opgave",
                "De opgave",
                circle_elements=("Uitwisselen",),
                week=4,
                movement="co-sensing (Open Mind)",
            ),
            master_session(
                "Omslag",
                "De omslag",
                circle_elements=("Richten",),
                week=7,
                movement="presencing (Open Heart)",
            ),
            master_session(
                "Toekomst",
                "De toekomst",
                circle_elements=("Verdiepen",),
                week=10,
                movement="co-creating (Open Will)",
            ),
            sponsor_session(
                "Oogst",
                "De oogst",
                activities=("present_harvest", "accept_harvest"),
                requires=("harvest-accepted",),
                circle_elements=("Vervolgen",),
                week=12,
                movement="co-evolving",
            ),
        ),
        deadlines=(Deadline("session", who={"facilitator"}),),
    )


MASTERCIRCLE = mastercircle()
