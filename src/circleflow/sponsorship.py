# SPDX-License-Identifier: EUPL-1.2
"""The sponsor's part: the urgency at the start, the harvest at the end."""

from __future__ import annotations

from eventsourcing.domain import event

from circleflow.circle_base import CircleBase, text
from circleflow.errors import StepRefused
from circleflow.format import Format


class Sponsorship(CircleBase):
    """Urgency stated by the sponsor; harvest presented and accepted."""

    def state_urgency(
        self, fmt: Format, sponsor: str, statement: str, *, actor: str, origin: str
    ) -> None:
        """The sponsor states why the challenge is urgent."""
        state = self._step(fmt, "state_urgency")
        self._check_member(sponsor, {"sponsor"}, "state the urgency")
        self._urgency_stated(
            sponsor=sponsor,
            statement=text(statement, "urgency statement"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def present_harvest(
        self, fmt: Format, presenter: str, harvest: str, *, actor: str, origin: str
    ) -> None:
        """The harvest is presented (to the sponsor, or to colleagues)."""
        state = self._step(fmt, "present_harvest")
        self._check_member(
            presenter, {"participant", "facilitator"}, "present the harvest"
        )
        self._harvest_presented(
            presenter=presenter,
            harvest=text(harvest, "harvest"),
            state=state,
            actor=actor,
            origin=origin,
        )

    def accept_harvest(
        self, fmt: Format, sponsor: str, *, note: str = "", actor: str, origin: str
    ) -> None:
        """The sponsor accepts the presented harvest."""
        state = self._step(fmt, "accept_harvest")
        self._check_member(sponsor, {"sponsor"}, "accept the harvest")
        if "harvest-presented" not in self._meeting()["fulfilled"]:
            raise StepRefused(
                "harvest-presented",
                "the harvest must be presented before it is accepted",
                ["present_harvest"],
            )
        self._harvest_accepted(
            sponsor=sponsor,
            note=text(note, "note", required=False),
            state=state,
            actor=actor,
            origin=origin,
        )

    @event("UrgencyStated")
    def _urgency_stated(
        self, sponsor: str, statement: str, state: str, actor: str, origin: str
    ) -> None:
        self._fulfil("urgency-stated")
        self.state = state

    @event("HarvestPresented")
    def _harvest_presented(
        self, presenter: str, harvest: str, state: str, actor: str, origin: str
    ) -> None:
        self._fulfil("harvest-presented")
        self.state = state

    @event("HarvestAccepted")
    def _harvest_accepted(
        self, sponsor: str, note: str, state: str, actor: str, origin: str
    ) -> None:
        self._fulfil("harvest-accepted")
        self.state = state
