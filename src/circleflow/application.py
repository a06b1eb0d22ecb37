# SPDX-License-Identifier: EUPL-1.2
"""The application: commands and queries on circles in one store.

:class:`Circles` loads a circle, lets it check and record a command, and
saves the new events in one transaction; a refused command raises before
anything is saved. Queries replay the stored events: the circle as it stands,
as it stood at a version or a moment, and its full history.
"""

from __future__ import annotations

import copy
import functools
import inspect
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.application import (
    ProcessingEvent,
)
from eventsourcing.persistence import Mapper

from circleflow import audit, engine, migration, planning, snapshots
from circleflow.circle import Circle
from circleflow.deadlines import CircleDue, DueView, as_of, due_items
from circleflow.errors import (
    ConcurrentChange,
    ForgottenPerson,
    InvalidInput,
    MigrationRefused,
    UnknownCircle,
)
from circleflow.formats.leergroep.communities import CommunitySteps
from circleflow.formats.leergroep.steps import LeergroepSteps
from circleflow.formats.leernetwerkgroep.steps import LeernetwerkgroepSteps
from circleflow.formats.mastercircle.steps import MastercircleSteps
from circleflow.formats.samenwerking.steps import SamenwerkingSteps
from circleflow.founding import create_indexes
from circleflow.inputs import a_date, listed, text, whole_number
from circleflow.language import _, default_language, language_named
from circleflow.life_steps import LifeSteps
from circleflow.migration import Migration
from circleflow.packs import registry
from circleflow.person_events import create_person_index
from circleflow.person_keys import PersonKeys
from circleflow.persons import PersonSteps
from circleflow.queries import (
    CircleQueries,
    CircleSummary,
    HistoryEntry,
    LoggedEvent,
    Position,
    _pid,
    _uuid,
)
from circleflow.receipts import Once, Receipt, Result
from circleflow.registry import FormatRegistry
from circleflow.sealing import SealingMapper
from circleflow.side_tables import SideTables
from circleflow.store import (
    DEFAULT_STORE,
    create_store_file,
    is_memory,
    schema_lock,
    store_env,
)
from circleflow.store_errors import store_errors

_log = logging.getLogger("circleflow")

__all__ = [
    "CircleQueries",
    "CircleSummary",
    "Circles",
    "HistoryEntry",
    "LoggedEvent",
    "Position",
]


class Circles(
    MastercircleSteps,
    LeergroepSteps,
    LeernetwerkgroepSteps,
    SamenwerkingSteps,
    CommunitySteps,
    LifeSteps,
    PersonSteps,
):
    """Circles and persons in one store, chosen by URL (see :mod:`circleflow.store`).

    Every step of every registered pack is taken with :meth:`take`; the
    built-in packs add typed methods for theirs (``take_hot_seat``,
    ``renew_mandate``, ...). :meth:`allowed` lists the steps that succeed now.

    ``origin`` is recorded on every event whose command does not name its own;
    a host tool sets it to its own name. ``snapshot_every`` events a circle is
    snapshotted, so that long histories load quickly; the ``snapshots_kept``
    newest snapshots of each circle are kept, older ones are deleted. A
    command works on the cached circle itself (no copy per command), under
    a lock per circle, so threads may share one ``Circles``; a command that
    fails drops the circle from the cache. For a few seconds after a race
    lost to another writer, commands on that circle work on a copy, so that
    losing again leaves the cached circle as it was. A command that loses a
    race with another writer is checked again on the circle as it is now and
    recorded if still allowed, up to ``retries`` times, after a random pause
    that doubles each time (see :func:`retry_pause`); then it raises
    :class:`ConcurrentChange`. Writers that all keep writing to one circle
    win a race about as often as each other, so a command may lose many in
    a row: the default of 100 makes losing them all practically impossible
    (measured with 4 processes giving feedback in one hot seat, the longest
    run of losses was about 50). ``read_only`` opens an existing store to read
    it without changing it (nothing is created; see :func:`store_env`).
    ``clock`` tells what time it is now (an aware datetime; UTC now by
    default): what is due is measured against it. Every command takes an
    optional ``command_id``: the same command sent again with it returns
    the earlier result and records nothing (see :mod:`circleflow.receipts`).
    ``language`` ("nl" or "en") is the language of what its methods return
    and raise, unless a :func:`~circleflow.language.use_language` block
    around a call or a call's own ``language=`` chooses another.
    """

    snapshotting_intervals = {Circle: 100}  # noqa: RUF012 (eventsourcing's API)

    def __init__(
        self,
        store: str = DEFAULT_STORE,
        *,
        formats: FormatRegistry | None = None,
        origin: str = "circleflow",
        snapshot_every: int = 100,
        snapshots_kept: int = snapshots.KEPT,
        retries: int = 100,
        read_only: bool = False,
        clock: Callable[[], datetime] | None = None,
        language: str | None = None,
    ) -> None:
        #: The language this ``Circles`` says things in, its errors and
        #: refusals included; ``None``: as :mod:`circleflow.language` finds it.
        self.language = (
            None if language is None else language_named(language, where="language")
        )
        self.store_url = store
        #: What "now" is for the circles: an aware datetime (default: UTC now).
        self.clock: Callable[[], datetime] = clock or _utc_now
        self.read_only = read_only
        self.formats = (
            formats if formats is not None else FormatRegistry.with_builtins()
        )
        self.origin = text(origin, _("the origin"), single_line=True)
        snapshot_every = whole_number(snapshot_every, "snapshot_every", minimum=1)
        self.snapshots_kept = whole_number(snapshots_kept, "snapshots_kept", minimum=1)
        self.retries = whole_number(retries, "retries", minimum=0)
        self._due_view = DueView()
        #: When each circle last lost a race with another writer.
        self._contended: dict[UUID, float] = {}
        # eventsourcing reads the intervals from the instance at each save.
        self.snapshotting_intervals = {Circle: snapshot_every}  # type: ignore[misc]
        registry()  # the packs' events must be known before anything is read
        env = store_env(store, read_only=read_only) | {"AGGREGATE_CACHE_MAXSIZE": "256"}
        if not read_only:
            create_store_file(env)  # private before anything opens it
        #: The connection for circleflow's own tables (person keys, and on
        #: PostgreSQL the log chain); None for a store in memory.
        self.side_tables = (
            None if is_memory(env) else SideTables(env, sync_each_commit=False)
        )
        try:
            lock = (
                schema_lock(env)
                if self.side_tables is None
                else self.side_tables.schema_lock()
            )
            with store_errors(), lock:
                self.person_keys = PersonKeys(env, self.side_tables)
                super().__init__(env=env)
                create_indexes(self.recorder, read_only=read_only)
                create_person_index(self.recorder, read_only=read_only)
            if not read_only:
                self._repair_forgetting()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the store's connections, after the reads and writes other
        threads have under way; any use after this is a :class:`StoreError`.
        """
        try:
            if hasattr(self, "factory"):
                super().close()
        finally:
            side_tables = getattr(self, "side_tables", None)
            if side_tables is not None:
                side_tables.close()

    def due(
        self, now: datetime | None = None, *, circle: UUID | str | None = None
    ) -> list[CircleDue]:
        """What is due and what is overdue on each circle at ``now`` (the
        clock's now by default), by the deadlines its format sets; only the
        circles with something due, or just ``circle`` (see
        :mod:`circleflow.deadlines`)."""
        today = as_of(now, self.clock)
        only = None if circle is None else self.find_circle(circle)
        view = self._due_view
        found: list[CircleDue] = []
        with view.lock:
            view.catch_up(self.read_log)
            if only is not None and only not in view.circles:
                raise UnknownCircle(
                    _("no circle has the id {circle}").format(circle=only)
                )
            for cid, track in view.circles.items():
                if only is not None and cid != only:
                    continue
                fmt = self.formats.get(track.format_name, track.format_version)
                items = due_items(cid, track, fmt, today)
                if items or only is not None:
                    found.append(CircleDue(cid, track.title, fmt.title, tuple(items)))
        return found

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper that seals personal text with per-person keys."""
        mapper = self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=SealingMapper
        )
        assert isinstance(mapper, SealingMapper)
        mapper.keys = self.person_keys
        return mapper

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot a circle from the state just saved.

        ``eventsourcing`` rebuilds the aggregate from the store to snapshot
        it; the circle that was just saved already is the state its events
        lead to, so that replay would only repeat work (and open every
        sealed text again). Only the ``snapshots_kept`` newest snapshots of
        a circle stay: older ones are deleted right after a new one is
        written (the new one is committed first, so a crash in between
        leaves one more, never one fewer).
        """
        if self.snapshots is None:
            return
        due: dict[UUID, Any] = {}
        for event in processing_event.events:
            aggregate = processing_event.aggregates.get(event.originator_id)
            if aggregate is None:
                continue
            interval = self.snapshotting_intervals.get(type(aggregate))
            if interval and event.originator_version % interval == 0:
                due[event.originator_id] = aggregate
        for aggregate in due.values():
            self.snapshots.put([type(aggregate).Snapshot.take(aggregate)])
            snapshots.prune(
                self.snapshots.recorder, aggregate.id, keep=self.snapshots_kept
            )

    # -- commands on circles ----------------------------------------------------
    #
    # Each command loads the circle, lets it check and record (see the
    # circleflow.circle modules for the rules), and saves in one transaction.
    # Person arguments take a person id (UUID or its text).

    def found_circle(
        self,
        format: str = "mastercircle",
        *,
        title: str,
        challenge: str,
        details: Mapping[str, object] | None = None,
        version: int | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> UUID:
        """Found a circle of ``format`` (its newest version unless given).

        ``details`` holds the data the format asks of a circle (its
        ``circle_fields``, such as ``cost_per_person`` and ``subsidy``).
        With ``command_id``, founding again returns the same id and records
        nothing (see :mod:`circleflow.receipts`).
        """
        with audit.refusals("found_circle", None, actor, origin or self.origin):
            if version is not None:
                version = whole_number(version, _("the format version"), minimum=1)
            by = self._by(actor, origin)
            once = Once.of(
                command_id,
                "found_circle",
                None,
                {
                    "format": format,
                    "version": version,
                    "title": title,
                    "challenge": challenge,
                    "details": details,
                    "actor": by["actor"],
                },
            )
            done, earlier = self._earlier(once)
            if done:
                return UUID(str(earlier))
            fmt = self.formats.get(format, version)
            circle = Circle.found(
                fmt,
                title=title,
                challenge=challenge,
                details=details,
                actor=by["actor"],
                origin=by["origin"],
            )
        founded = self._save_once(circle, once=once, result=str(circle.id), by=by)
        return UUID(str(founded))

    def join(
        self,
        circle_id: UUID | str,
        person_id: UUID | str,
        role: str,
        *,
        challenge: str = "",
        organisation: str | None = None,
        on: date | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Add a registered person with ``role``. The organisation they
        represent defaults to the one they were registered with; ``on`` is
        the date of registration (today unless given)."""
        with audit.refusals("join", circle_id, actor, origin or self.origin):
            once = self._once(
                command_id,
                "join",
                circle_id,
                actor,
                {
                    "person": _pid(person_id),
                    "role": role,
                    "challenge": challenge,
                    "organisation": organisation,
                    "on": on,
                },
            )
            if self._earlier(once)[0]:
                return
            person = self.person(person_id)
        represents = person.organisation if organisation is None else organisation
        if person.forgotten:
            represents = ""
        self._do(
            circle_id,
            "join",
            {
                "person": str(person.id),
                "role": role,
                "challenge": challenge,
                "organisation": represents,
                "on": on,
            },
            actor=actor,
            origin=origin,
            once=once,
        )

    def schedule(
        self,
        circle_id: UUID | str,
        start: date,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> dict[str, planning.Span]:
        """Plan the sessions from the format's template, counting weeks from
        ``start`` (a meeting of several days gets its first and last day);
        in a format without weeks, the next meeting on ``start``. Returns what
        was planned. Move one with :meth:`reschedule`."""
        a_date(start, _("the start"))
        with self._reading(_uuid(circle_id, _("circle id"))) as circle:
            dates = planning.template(circle, self._format_of(circle), start)
        self.take(
            circle_id,
            "schedule",
            dates=dates,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )
        return dates

    def plan_next_meeting(
        self,
        circle_id: UUID | str,
        on: date | None = None,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> date:
        """Plan the next meeting on ``on``, or on the date the stage's rhythm
        proposes (about every two months for a Leergroep); returns it."""
        with audit.refusals(
            "plan_next_meeting", circle_id, actor, origin or self.origin
        ):
            if on is not None:
                a_date(on, _("the date of the next meeting"))
            once = self._once(
                command_id, "plan_next_meeting", circle_id, actor, {"on": on}
            )
            done, earlier = self._earlier(once)
        if done:
            return date.fromisoformat(str(earlier))
        coming = self.next_meeting(circle_id)
        if coming is None:
            raise InvalidInput(_("no meeting can be planned: the circle has ended"))
        day = on if on is not None else coming.proposed
        if day is None:
            raise InvalidInput(
                _(
                    "give a date for the next {stage} meeting: the format "
                    "proposes none (no rhythm, or no meeting held yet)"
                ).format(stage=coming.stage)
            )
        with self._reading(_uuid(circle_id, _("circle id"))) as circle:
            stage = self._format_of(circle).stage(coming.stage)
        planned = self._do(
            circle_id,
            "schedule",
            {"dates": {text(coming.stage, _("the stage")): planning.span(stage, day)}},
            actor=actor,
            origin=origin,
            once=once,
            recorded=day.isoformat(),
        )
        return date.fromisoformat(str(planned))

    def reschedule(
        self,
        circle_id: UUID | str,
        stage: str,
        on: date | tuple[date, date],
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Move the date of one session that has not been opened yet, or plan
        the next meeting of a repeating stage. ``on`` is a date, or the first
        and last day of a meeting of several days."""
        name = text(stage, _("the stage"))
        self.take(
            circle_id,
            "schedule",
            dates={name: on},
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def open_session(
        self,
        circle_id: UUID | str,
        stage: str,
        attendees: Iterable[UUID | str],
        *,
        host: str | None = None,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Open the next session (or meeting) of ``stage`` with the members
        present; hosted formats name the host organisation."""
        self.take(
            circle_id,
            "open_session",
            stage=stage,
            attendees=listed(attendees, _("the attendees")),
            host=host,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def enter_element(
        self,
        circle_id: UUID | str,
        element: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Move to the session-level element ``element`` (the next one)."""
        self.take(
            circle_id,
            "enter_element",
            element=element,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def hold_session(
        self,
        circle_id: UUID | str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """Close the open session: it has been held."""
        self.take(
            circle_id,
            "hold_session",
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def conclude(
        self,
        circle_id: UUID | str,
        *,
        reason: str = "",
        early: bool = False,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
    ) -> None:
        """End an open-ended circle (Leergroep, Samenwerking) after a meeting.
        ``early=True`` concludes any circle at any point instead, for a
        ``reason`` that must be given (see :meth:`conclude_early`)."""
        if early:
            self.conclude_early(
                circle_id,
                reason=reason,
                actor=actor,
                origin=origin,
                command_id=command_id,
            )
            return
        self.take(
            circle_id,
            "conclude",
            reason=reason,
            actor=actor,
            origin=origin,
            command_id=command_id,
        )

    def take(
        self,
        circle_id: UUID | str | Circle,
        command: str,
        *,
        actor: str,
        origin: str | None = None,
        command_id: str | None = None,
        **arguments: Any,
    ) -> Any:
        """Take step ``command`` of any registered pack with ``arguments``.

        Persons are given by id (a UUID or its text). The engine checks the
        state machine and every rule of the step; a refused step raises
        :class:`StepRefused` naming the rule and listing what is allowed now,
        and records nothing. Returns what the step returns (a number for
        numbered items, ``None`` otherwise).

        With ``command_id`` (one line, at most 200 characters), the command
        is recorded once: taking it again with the same id, from any
        process, returns the earlier result and records nothing; the same
        id with another command is refused (see :mod:`circleflow.receipts`).
        """
        spec = engine.command_named(command)
        for param in spec.params:
            value = arguments.get(param.name)
            if value is None or not param.names_persons:
                continue
            if param.kind == "persons":
                arguments[param.name] = [_pid(v) for v in listed(value, param.name)]
            else:
                arguments[param.name] = _pid(value)
        once = None
        if command_id is not None:
            target = circle_id.id if isinstance(circle_id, Circle) else circle_id
            with audit.refusals(command, target, actor, origin or self.origin):
                once = self._once(command_id, command, circle_id, actor, arguments)
        return self._do(
            circle_id, command, arguments, actor=actor, origin=origin, once=once
        )

    def _once(
        self,
        command_id: str | None,
        command: str,
        circle_id: UUID | str | Circle,
        actor: str,
        arguments: Mapping[str, Any],
    ) -> Once | None:
        """The command to take once, when a ``command_id`` is given."""
        if command_id is None:
            return None
        target = circle_id.id if isinstance(circle_id, Circle) else circle_id
        return Once.of(
            command_id,
            command,
            _uuid(target, _("circle id")),
            {**arguments, "actor": text(actor, _("the actor"), single_line=True)},
        )

    def migrate(
        self,
        circle_id: UUID | str,
        *,
        to_version: int,
        actor: str,
        origin: str | None = None,
        dry_run: bool = False,
        command_id: str | None = None,
    ) -> Migration:
        """Move the circle to version ``to_version`` of its format, checked.

        Returns the difference between the versions and the verdict (see
        :mod:`circleflow.migration`). With conflicts it raises
        :class:`MigrationRefused` naming each, and records nothing; else it
        records ``CircleMigrated`` and the circle runs on the new version.
        ``dry_run`` only checks: it returns the verdict, conflicts and all,
        and records nothing. With ``command_id``, migrating again returns
        the migration recorded then, and records nothing.
        """
        with audit.refusals("migrate", circle_id, actor, origin or self.origin):
            by = self._by(actor, origin)
            cid = self.find_circle(circle_id)
            once = (
                None
                if dry_run
                else self._once(
                    command_id, "migrate", cid, actor, {"to_version": to_version}
                )
            )
            done, earlier = self._earlier(once)
            if done:
                return self._migration_recorded(cid, int(str(earlier)), to_version)
            with self.circle_locks.hold(cid):
                circle = self._load(cid)
                checked = migration.plan(circle, self.formats, to_version)
                if dry_run:
                    return checked
                if not checked.allowed:
                    rule = registry().rule("migration")
                    raise MigrationRefused(
                        checked,
                        self._versions_allowed(circle),
                        description="" if rule is None else rule.description,
                    )
                try:
                    migration.record(circle, checked, **by)
                    version = circle.version
                    recorded = self._save_once(circle, once=once, result=version, by=by)
                except BaseException:
                    self._drop_cached(cid)
                    raise
            if recorded != version:  # another writer recorded this command first
                return self._migration_recorded(cid, int(str(recorded)), to_version)
        return attrs.evolve(checked, recorded=True)

    def _migration_recorded(
        self, cid: UUID, version: int, to_version: int
    ) -> Migration:
        """The migration to ``to_version`` recorded as version ``version``."""
        before = self.circle(cid, version=version - 1)
        checked = migration.plan(before, self.formats, to_version)
        return attrs.evolve(checked, recorded=True)

    def _versions_allowed(self, circle: Circle) -> list[str]:
        """The newer versions ``circle`` could move to now."""
        found = []
        for fmt in self.formats:
            newer = fmt.version > circle.format_version
            if (
                fmt.name == circle.format_name
                and newer
                and migration.plan(circle, self.formats, fmt.version).allowed
            ):
                found.append(
                    _("migrate to version {version}").format(version=fmt.version)
                )
        return found

    # -- plumbing -----------------------------------------------------------------

    def _do(
        self,
        circle: UUID | str | Circle,
        command: str,
        arguments: dict[str, Any],
        *,
        actor: str,
        origin: str | None,
        once: Once | None = None,
        recorded: Result = None,
    ) -> Any:
        """Take ``command`` on the circle with its format, then save; retry
        when another writer saved first (not on a circle object given by
        the caller, whose state is the caller's to reload).

        With ``once``, the command's receipt is saved with its events; a
        command whose receipt is there already returns the result it
        recorded. ``recorded`` is what a receipt records and returns in place
        of the step's result.
        """
        if arguments.get("on", 0) is None and _takes_a_day(command):
            # "today" for a step is the clock's day
            arguments = {**arguments, "on": self.clock().date()}
        attempt = 0
        while True:
            try:
                return self._do_once(
                    circle,
                    command,
                    arguments,
                    actor=actor,
                    origin=origin,
                    once=once,
                    recorded=recorded,
                )
            except ConcurrentChange:
                if isinstance(circle, Circle):
                    raise
                cid = _uuid(circle, _("circle id"))
                self._mark_contended(cid)
                if attempt >= self.retries:
                    raise
                attempt += 1
                # Check the command again after a random pause that doubles
                # with each attempt, so the losers spread out instead of
                # racing again in step. Then read the circle as it is now,
                # so that the try itself has little new to read: it is then
                # as quick as the winners' commands.
                time.sleep(random.uniform(0, retry_pause(attempt)))
                with self.circle_locks.hold(cid):
                    self._load(cid)

    def _do_once(
        self,
        circle: UUID | str | Circle,
        command: str,
        arguments: dict[str, Any],
        *,
        actor: str,
        origin: str | None,
        once: Once | None = None,
        recorded: Result = None,
    ) -> Any:
        target = circle.id if isinstance(circle, Circle) else circle
        with audit.refusals(command, target, actor, origin or self.origin):
            by = self._by(actor, origin)
            cid = target if isinstance(target, UUID) else _uuid(target, _("circle id"))
            done, earlier = self._earlier(once)
        if done:
            return earlier
        receipt = _Receipt(once, recorded)
        if isinstance(circle, Circle):
            # The caller's own object: it is saved, and the cached circle
            # (older now) is dropped, in turn with commands on the cached one.
            with self.circle_locks.hold(cid):
                with audit.refusals(command, target, actor, by["origin"]):
                    result = self._take_on(circle, command, arguments, by)
                self._save_command(
                    circle,
                    command,
                    target,
                    actor,
                    by,
                    receipt.of(result, by),
                    cache=False,
                )
            return receipt.returned(result)
        with self.circle_locks.hold(cid):
            # The cached circle itself: a command that fails part way may
            # have changed it, so it is dropped and read again next time. On
            # a circle that other writers race for, a copy: losing a race
            # again then leaves the cached circle as it was, and reading on
            # from it is cheaper than reading it again from a snapshot.
            on_copy = self._is_contended(cid)
            try:
                with audit.refusals(command, target, actor, by["origin"]):
                    loaded = self._load(cid)
                    if on_copy:
                        loaded = copy.deepcopy(loaded)
                    result = self._take_on(loaded, command, arguments, by)
                self._save_command(
                    loaded, command, target, actor, by, receipt.of(result, by)
                )
            except BaseException:
                if not on_copy:
                    self._drop_cached(cid)
                raise
            return receipt.returned(result)

    def _mark_contended(self, cid: UUID) -> None:
        now = time.monotonic()
        if len(self._contended) >= 1024:  # forget races long past
            for old, since in list(self._contended.items()):
                if now - since > CONTENDED_SECONDS:
                    self._contended.pop(old, None)
        self._contended[cid] = now

    def _is_contended(self, cid: UUID) -> bool:
        since = self._contended.get(cid)
        if since is None:
            return False
        if time.monotonic() - since > CONTENDED_SECONDS:
            self._contended.pop(cid, None)
            return False
        return True

    def _take_on(
        self,
        circle: Circle,
        command: str,
        arguments: dict[str, Any],
        by: dict[str, str],
    ) -> Any:
        return engine.take(
            circle,
            self._format_of(circle),
            command,
            dict(arguments),
            actor=by["actor"],
            origin=by["origin"],
            is_forgotten=self.person_keys.forgotten,
            today=self.clock().date(),
        )

    def _save_command(
        self,
        circle: Circle,
        command: str,
        target: UUID | str,
        actor: str,
        by: dict[str, str],
        receipt: Receipt | None = None,
        *,
        cache: bool = True,
    ) -> None:
        try:
            if receipt is None:
                self._save(circle, cache=cache)
            else:
                self._save(circle, receipt, cache=cache)
        except ForgottenPerson as error:
            audit.refused(command, target, error, actor, by["origin"])
            raise


#: How long, in seconds, commands on a circle work on a copy after one of
#: them lost a race with another writer.
CONTENDED_SECONDS = 5.0

#: The longest pause, in seconds, before a command that lost a race is tried
#: again: a few commands' time on a busy store.
LONGEST_PAUSE = 0.05


class _Receipt:
    """What a command taken with ``once`` records in its receipt, and
    returns: ``recorded`` if given, else the step's result."""

    def __init__(self, once: Once | None, recorded: Result) -> None:
        self.once = once
        self.recorded = recorded

    def of(self, result: Any, by: Mapping[str, str]) -> Receipt | None:
        if self.once is None:
            return None
        kept = self.recorded if self.recorded is not None else _kept(result)
        return self.once.receipt(kept, actor=by["actor"], origin=by["origin"])

    def returned(self, result: Any) -> Any:
        return result if self.recorded is None else self.recorded


def _in_its_language(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` of :class:`Circles`, called in the instance's language."""

    @functools.wraps(method)
    def in_its_language(self: Circles, *args: Any, **kwargs: Any) -> Any:
        with default_language(self.__dict__.get("language")):
            return method(self, *args, **kwargs)

    return in_its_language


def _speak_its_language(cls: type[Circles]) -> None:
    """Wrap every public method circleflow gives ``cls`` (its packs' steps
    included) so that it speaks the instance's ``language``."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        found = inspect.getattr_static(cls, name)
        if (
            inspect.isfunction(found)
            and found.__module__.startswith("circleflow.")
            and not inspect.isgeneratorfunction(found)
        ):
            setattr(cls, name, _in_its_language(found))


_speak_its_language(Circles)


def _kept(result: Any) -> Result:
    """A step's result as a receipt keeps it: ``None``, a truth value, a
    number or text (an id as its text, anything else as its text too)."""
    if result is None or isinstance(result, bool | int | str):
        return result
    return str(result)


def _takes_a_day(command: str) -> bool:
    """Whether step ``command`` takes the day it happens on (``on``)."""
    return any(p.name == "on" for p in engine.command_named(command).params)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def retry_pause(attempt: int) -> float:
    """The longest pause before retry ``attempt`` (1, 2, ...): 2 ms, doubling
    each attempt, up to :data:`LONGEST_PAUSE`."""
    return float(min(LONGEST_PAUSE, 0.002 * 2 ** min(attempt - 1, 16)))
