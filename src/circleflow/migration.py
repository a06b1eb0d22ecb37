# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Moving a running circle to a newer version of its format, checked.

:func:`difference` compares two versions of a format: the stages and the
session-level elements added, removed, renamed, moved (reordered) or
changed, the rules added or removed, and the format's own fields changed.
A part is the same part in the newer version when it has the same name, or
when the newer version declares it renamed: a stage or element with
``replaces = "OldName"`` is the part called ``OldName`` in the version
before. Without that declaration a rename reads as one part removed and
another added. Over several versions the declarations of each version in
between are followed in turn.

:func:`plan` checks whether one circle may move: a newer version may
change what lies ahead of the circle, never what is active now, and never
what the circle has done in a way that changes its meaning. Each reason
against is a named :class:`Conflict`:

``active-stage``
    A meeting of the stage is open now, and the new version removes,
    renames or changes the stage (anything but its texts for people and its
    elements after the one the meeting is in).
``active-element``
    The element the open meeting is in is removed, renamed, moved or
    changed.
``walked-element``
    An element the open meeting has already walked is removed, renamed,
    moved or changed, or a new element comes before the one the meeting is
    in: the meeting would have skipped it.
``stage-order``
    A new stage comes before a stage the circle has reached, a stage not
    reached yet moves before one it has, or the stages it has reached change
    order: the circle would have skipped a stage, or held them out of order.
``current-stage-removed``
    The circle stands at a held stage (between meetings) that the new
    version removes: it would have no place in the new version.
``circle-ended``
    The circle was cancelled or concluded, or ran to its end: nothing is
    recorded after that, a migration neither.
``state-unknown``
    The new version has no state for where the circle is (for instance its
    registration is gone while the circle is waiting for a go).

A stage held earlier may be removed: the circle keeps its meetings and its
history, and never opens the stage again. A stage that has meetings may be
renamed: the circle's meetings and plans are read under the new name from
the migration on (the stored events keep the old one).

:class:`~circleflow.formats.common.events.CircleMigrated` records an
allowed migration: the versions, the difference as plain data and the
circle's state in the new version. Replay applies it like any event, so a
history is read under each version in turn.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs
from attrs import frozen

from circleflow.errors import InvalidInput
from circleflow.format import CANCELLED, CONCLUDED, GO, HELD, Element, Format, Stage
from circleflow.inputs import whole_number
from circleflow.language import N_, gettext, ngettext
from circleflow.workflow import SEPARATOR, workflow_for

if TYPE_CHECKING:
    from circleflow.circle import Circle
    from circleflow.registry import FormatRegistry

__all__ = [
    "Change",
    "Conflict",
    "Difference",
    "Migration",
    "difference",
    "plan",
    "record",
    "stage_renames",
]

#: Fields that are text for people: changing them never conflicts.
DESCRIPTIVE = frozenset({"title", "description", "duration", "movement"})

#: The kinds of change, in the order a difference lists them.
KINDS = ("removed", "renamed", "added", "moved", "changed")

#: A part of a format, named (an element is named with its stage).
_PARTS = {"stage": N_("stage {name}"), "rule": N_("rule {name}")}

#: A change of each kind, said of a part (``what``).
_KIND_TEXTS = {
    "removed": N_("{what} removed"),
    "renamed": N_("{what} renamed to {name}"),
    "added": N_("{what} added"),
    "moved": N_("{what} moved"),
    "changed": N_("{what} changed: {fields}"),
}


@frozen
class Change:
    """One change between two versions of a format.

    ``part`` is ``stage``, ``element``, ``rule`` or ``format``; ``kind`` one
    of :data:`KINDS`. ``name`` is the part's name in the newer version (the
    older one's when removed), ``was`` its older name when renamed, ``stage``
    the stage (newer name) an element belongs to, ``fields`` the fields that
    changed.
    """

    part: str
    kind: str
    name: str
    stage: str | None = None
    was: str | None = None
    fields: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The change as plain data (for JSON and the event)."""
        return {
            "part": self.part,
            "kind": self.kind,
            "name": self.name,
            "stage": self.stage,
            "was": self.was,
            "fields": list(self.fields),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """The change :meth:`as_dict` gave."""
        return cls(
            part=data["part"],
            kind=data["kind"],
            name=data["name"],
            stage=data.get("stage"),
            was=data.get("was"),
            fields=tuple(data.get("fields", ())),
        )

    def __str__(self) -> str:
        fields = ", ".join(self.fields)
        if self.part == "format":
            return gettext("format changed: {fields}").format(fields=fields)
        name = self.was if self.kind == "renamed" else self.name
        if self.part == "element":
            what = gettext("element {name} of stage {stage}").format(
                name=name, stage=self.stage
            )
        else:
            what = gettext(_PARTS.get(self.part, self.part)).format(name=name)
        message = _KIND_TEXTS.get(self.kind, "{what} " + self.kind)
        return gettext(message).format(what=what, name=self.name, fields=fields)


@frozen
class Difference:
    """What changes from one version of a format to a newer one."""

    format: str
    from_version: int
    to_version: int
    changes: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the versions differ in nothing a circle follows."""
        return not self.changes

    def of(self, part: str, kind: str | None = None) -> tuple[Change, ...]:
        """The changes of ``part`` (``stage``, ``element``, ...), of ``kind``."""
        return tuple(
            c
            for c in self.changes
            if c.part == part and (kind is None or c.kind == kind)
        )

    def as_dict(self) -> dict[str, Any]:
        """The difference as plain data (for JSON and the event)."""
        return {
            "format": self.format,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "changes": [c.as_dict() for c in self.changes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Difference:
        """The difference :meth:`as_dict` gave."""
        return cls(
            format=data["format"],
            from_version=data["from_version"],
            to_version=data["to_version"],
            changes=tuple(Change.from_dict(c) for c in data["changes"]),
        )

    def lines(self) -> list[str]:
        """One line per change (one saying so when there is none)."""
        if not self.changes:
            return [gettext("no changes")]
        return [str(c) for c in self.changes]


@frozen
class Conflict:
    """One reason a circle cannot move to the newer version: ``name`` is
    one of the conflicts :mod:`circleflow.migration` lists, ``reason`` says
    what and what is allowed instead."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@frozen
class Migration:
    """A circle's move to a newer version, as checked (and perhaps recorded).

    ``state`` is where the circle is now, ``new_state`` the same place in
    the newer version (``None`` when it has none). ``recorded`` says whether
    the move was recorded; it never is on a dry run or with conflicts.
    """

    circle_id: UUID
    difference: Difference
    conflicts: tuple[Conflict, ...]
    state: str
    new_state: str | None
    recorded: bool = False

    @property
    def allowed(self) -> bool:
        """Whether the circle may move: no conflict."""
        return not self.conflicts

    @property
    def from_version(self) -> int:
        return self.difference.from_version

    @property
    def to_version(self) -> int:
        return self.difference.to_version

    def verdict(self) -> str:
        """The verdict in words."""
        if self.conflicts:
            count = len(self.conflicts)
            return ngettext(
                "refused: {count} conflict", "refused: {count} conflicts", count
            ).format(count=count)
        return gettext("recorded") if self.recorded else gettext("allowed")

    def lines(self) -> list[str]:
        """The difference and the verdict, for people."""
        d = self.difference
        out = [
            gettext("Circle {circle}: {format} version {old} -> {new}").format(
                circle=self.circle_id,
                format=d.format,
                old=d.from_version,
                new=d.to_version,
            ),
            gettext("Difference:"),
            *(f"  {line}" for line in d.lines()),
            gettext("State: {state} -> {new_state}").format(
                state=self.state, new_state=self.new_state or gettext("(none)")
            ),
            gettext("Verdict: {verdict}").format(verdict=self.verdict()),
            *(f"  {conflict}" for conflict in self.conflicts),
        ]
        return out

    def as_dict(self) -> dict[str, Any]:
        """The migration as plain data (for JSON)."""
        return {
            "circle_id": str(self.circle_id),
            "difference": self.difference.as_dict(),
            "state": self.state,
            "new_state": self.new_state,
            "allowed": self.allowed,
            "recorded": self.recorded,
            "conflicts": [{"name": c.name, "reason": c.reason} for c in self.conflicts],
        }


def stage_renames(difference: Mapping[str, Any]) -> dict[str, str]:
    """Older stage name to newer for the stages a difference, as plain data
    (:meth:`Difference.as_dict`), renames."""
    return {
        c["was"]: c["name"]
        for c in difference.get("changes", ())
        if c["part"] == "stage" and c["kind"] == "renamed"
    }


# -- the difference ----------------------------------------------------------------


_Part = Stage | Element


def _match(before: Sequence[_Part], after: Sequence[_Part]) -> dict[str, str]:
    """Older name to newer for the parts of ``after`` that continue one of
    ``before``: by a declared ``replaces`` first, else by the same name. A
    ``replaces`` naming no part of ``before`` (a definition copied on to a
    later version) is left aside."""
    names = {p.name for p in before}
    found: dict[str, str] = {}
    renamed: set[str] = set()
    for part in after:
        if part.replaces in names:
            found[part.replaces] = part.name
            renamed.add(part.name)
    for part in after:
        if part.name in names and part.name not in found and part.name not in renamed:
            found[part.name] = part.name
    return found


#: Older stage name to its name in the newest format (None: removed), and
#: for each older stage its elements likewise.
_Follow = tuple[dict[str, str | None], dict[str, dict[str, str | None]]]


def _follow(chain: Sequence[Format]) -> _Follow:
    """Where each stage and element of ``chain[0]`` went in ``chain[-1]``."""
    first = chain[0]
    stages: dict[str, str | None] = {s.name: s.name for s in first.stages}
    elements: dict[str, dict[str, str | None]] = {
        s.name: {e.name: e.name for e in s.elements} for s in first.stages
    }
    for before, after in itertools.pairwise(chain):
        stage_map = _match(before.stages, after.stages)
        for old, now in stages.items():
            if now is None:
                continue
            then = stage_map.get(now)
            stages[old] = then
            if then is None:
                continue
            element_map = _match(before.stage(now).elements, after.stage(then).elements)
            elements[old] = {
                e: (None if cur is None else element_map.get(cur))
                for e, cur in elements[old].items()
            }
    return stages, elements


def _longest_common(first: Sequence[str], second: Sequence[str]) -> set[str]:
    """The names of a longest common subsequence of two orders."""
    n, m = len(first), len(second)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if first[i] == second[j]
                else max(table[i + 1][j], table[i][j + 1])
            )
    found: set[str] = set()
    i = j = 0
    while i < n and j < m:
        if first[i] == second[j]:
            found.add(first[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return found


def _changed(a: Any, b: Any, skip: Iterable[str]) -> tuple[str, ...]:
    left_out = {"name", "replaces", *skip}
    return tuple(
        f.name
        for f in attrs.fields(type(a))
        if f.name not in left_out and getattr(a, f.name) != getattr(b, f.name)
    )


def _parts(
    part: str,
    old: Sequence[_Part],
    new: Sequence[_Part],
    mapping: Mapping[str, str | None],
    stage: str | None,
) -> list[Change]:
    """The changes of one level: stages, or the elements of one stage."""
    changes: list[Change] = []
    kept = {name: now for name, now in mapping.items() if now is not None}
    for p in old:
        now = mapping.get(p.name)
        if now is None:
            changes.append(Change(part, "removed", p.name, stage))
        elif now != p.name:
            changes.append(Change(part, "renamed", now, stage, was=p.name))
    continued = set(kept.values())
    changes += [
        Change(part, "added", p.name, stage) for p in new if p.name not in continued
    ]
    old_order = [kept[p.name] for p in old if p.name in kept]
    new_order = [p.name for p in new if p.name in continued]
    in_place = _longest_common(old_order, new_order)
    changes += [
        Change(part, "moved", name, stage) for name in new_order if name not in in_place
    ]
    by_new = {p.name: p for p in new}
    skip = ("elements",) if part == "stage" else ()
    for p in old:
        if p.name in kept:
            fields = _changed(p, by_new[kept[p.name]], skip)
            if fields:
                now = kept[p.name]
                changes.append(Change(part, "changed", now, stage, fields=fields))
    return changes


def _rules(fmt: Format) -> list[str]:
    from circleflow.packs import registry

    return [rule.name for rule in registry().rules_for(fmt)]


def difference(
    old: Format, new: Format, *, between: Sequence[Format] = ()
) -> Difference:
    """What changes from ``old`` to ``new``, two versions of one format;
    ``between`` are the versions in between, oldest first, whose declared
    renames are followed too."""
    if old.name != new.name:
        raise InvalidInput(
            gettext(
                "a difference compares two versions of one format, not {old!r} "
                "and {new!r}"
            ).format(old=old.name, new=new.name)
        )
    stages, elements = _follow([old, *between, new])
    changes = _parts("stage", old.stages, new.stages, stages, None)
    for stage in old.stages:
        now = stages[stage.name]
        if now is not None:
            changes += _parts(
                "element",
                stage.elements,
                new.stage(now).elements,
                elements[stage.name],
                now,
            )
    before, after = _rules(old), _rules(new)
    changes += [Change("rule", "removed", r) for r in before if r not in after]
    changes += [Change("rule", "added", r) for r in after if r not in before]
    fields = _changed(old, new, ("version", "stages"))
    if fields:
        changes.append(Change("format", "changed", new.name, fields=fields))
    order = {kind: number for number, kind in enumerate(KINDS)}
    parts = {"stage": 0, "element": 1, "rule": 2, "format": 3}
    changes.sort(key=lambda c: (parts[c.part], order[c.kind]))
    return Difference(new.name, old.version, new.version, tuple(changes))


# -- the verdict -------------------------------------------------------------------


def plan(circle: Circle, formats: FormatRegistry, to_version: object) -> Migration:
    """Check moving ``circle`` to version ``to_version`` of its format.

    Raises :class:`InvalidInput` when that version is not a registered
    version newer than the circle's; otherwise returns the difference and
    the verdict, recording nothing.
    """
    version = whole_number(to_version, "to_version", minimum=1)
    old = formats.get(circle.format_name, circle.format_version)
    newer = sorted(
        f.version for f in formats if f.name == old.name and f.version > old.version
    )
    if version not in newer:
        known = ", ".join(map(str, newer)) or gettext("none is registered")
        if version <= old.version:
            raise InvalidInput(
                gettext(
                    "circle {circle} runs on {format} version {version}; it can "
                    "move only to a newer version (newer versions: {known})"
                ).format(
                    circle=circle.id,
                    format=old.name,
                    version=old.version,
                    known=known,
                )
            )
        raise InvalidInput(
            gettext(
                "format {format!r} has no version {version}; the newer versions "
                "registered are: {known}"
            ).format(format=old.name, version=version, known=known)
        )
    between = [formats.get(old.name, v) for v in newer if v < version]
    new = formats.get(old.name, version)
    stages, elements = _follow([old, *between, new])
    diff = difference(old, new, between=between)
    conflicts = _conflicts(circle, old, new, stages, elements, diff)
    if (
        circle.state in (CANCELLED, CONCLUDED)
        or circle.state == workflow_for(old).final
    ):
        conflicts.insert(
            0,
            Conflict(
                "circle-ended",
                f"the circle has ended (state {circle.state}); nothing is "
                "recorded after a circle is cancelled or concluded",
            ),
        )
    new_state = _map_state(circle.state, old, new, stages, elements)
    in_new = new_state is not None and new_state in workflow_for(new).states()
    if not in_new and not conflicts:
        conflicts.append(
            Conflict(
                "state-unknown",
                gettext(
                    "the circle is in state {state}, which version {version} does "
                    "not have; a version must keep the state a circle is in"
                ).format(state=circle.state, version=new.version),
            )
        )
    return Migration(circle.id, diff, tuple(conflicts), circle.state, new_state)


def _map_state(
    state: str,
    old: Format,
    new: Format,
    stages: Mapping[str, str | None],
    elements: Mapping[str, Mapping[str, str | None]],
) -> str | None:
    """``state`` under the names of ``new``; ``None`` when its part is gone."""
    parts = state.split(SEPARATOR)
    head = parts[0]
    if state == old.before:
        return new.before
    if head in (GO, CANCELLED, CONCLUDED):
        return state
    stage = stages.get(head)
    if stage is None:
        return None
    if len(parts) > 1 and parts[1] != HELD:
        element = elements[head].get(parts[1])
        if element is None:
            return None
        parts[1] = element
    return SEPARATOR.join([stage, *parts[1:]])


def _conflicts(
    circle: Circle,
    old: Format,
    new: Format,
    stages: Mapping[str, str | None],
    elements: Mapping[str, Mapping[str, str | None]],
    diff: Difference,
) -> list[Conflict]:
    place = workflow_for(old).place(circle.state)
    if place.stage is None or place.stage_status not in ("open", "held"):
        return []
    found: list[Conflict] = []
    current = place.stage
    if place.stage_status == "open":
        found += _open_meeting(
            old.stage(current), place.session_element, new, stages, elements, diff
        )
    elif stages[current] is None:
        found.append(
            Conflict(
                "current-stage-removed",
                gettext(
                    "the circle stands at stage {stage}, held, and version "
                    "{version} removes it, so the circle would have no place in "
                    "it; keep stage {stage} (a stage held before it may be removed)"
                ).format(stage=current, version=new.version),
            )
        )
    found += _stage_order(old, new, stages, current)
    return found


def _open_meeting(
    stage: Stage,
    element: str | None,
    new: Format,
    stages: Mapping[str, str | None],
    elements: Mapping[str, Mapping[str, str | None]],
    diff: Difference,
) -> list[Conflict]:
    """What the newer version may not change about the meeting open now."""
    v = new.version
    after = gettext("migrate after the meeting of {stage} is held").format(
        stage=stage.name
    )
    target = stages[stage.name]
    if target is None:
        return [
            Conflict(
                "active-stage",
                gettext(
                    "a meeting of stage {stage} is open now, and version {version} "
                    "removes the stage; keep it (once the circle has moved on to a "
                    "later stage, it may be removed)"
                ).format(stage=stage.name, version=v),
            )
        ]
    found: list[Conflict] = []
    if target != stage.name:
        found.append(
            Conflict(
                "active-stage",
                gettext(
                    "a meeting of stage {stage} is open now, and version {version} "
                    "renames the stage to {target}; {after}"
                ).format(stage=stage.name, version=v, target=target, after=after),
            )
        )
    changed = [
        f
        for c in diff.of("stage", "changed")
        if c.name == target
        for f in c.fields
        if f not in DESCRIPTIVE
    ]
    if changed:
        found.append(
            Conflict(
                "active-stage",
                gettext(
                    "a meeting of stage {stage} is open now, and version {version} "
                    "changes the stage's {fields}; {after}"
                ).format(
                    stage=stage.name, version=v, fields=", ".join(changed), after=after
                ),
            )
        )
    names = [e.name for e in stage.elements]
    walked = names[: names.index(element) + 1] if element is not None else []
    if not walked:
        return found
    new_stage = new.stage(target)
    new_names = [e.name for e in new_stage.elements]
    mapping = elements[stage.name]
    ahead = gettext(
        "{after}; while it runs, a version may change only the elements after {element}"
    ).format(after=after, element=element)
    element_changes = {
        c.name: [f for f in c.fields if f not in DESCRIPTIVE]
        for c in diff.of("element", "changed")
        if c.stage == target
    }
    kept = [n for n in (mapping.get(name) for name in walked) if n is not None]
    order = [n for n in new_names if n in kept]
    for name in walked:
        label, subject = (
            (
                "active-element",
                gettext(
                    "element {element} of stage {stage}, which the meeting open "
                    "now is in"
                ),
            )
            if name == element
            else (
                "walked-element",
                gettext(
                    "element {element} of stage {stage}, which the meeting open "
                    "now has walked"
                ),
            )
        )
        subject = subject.format(element=name, stage=stage.name)
        now = mapping.get(name)
        said = {"version": v, "subject": subject, "ahead": ahead}
        if now is None:
            reason = gettext("version {version} removes {subject}; {ahead}")
            found.append(Conflict(label, reason.format(**said)))
        elif now != name:
            reason = gettext("version {version} renames {subject}, to {now}; {ahead}")
            found.append(Conflict(label, reason.format(now=now, **said)))
        elif order.index(now) != kept.index(now):
            reason = gettext(
                "version {version} moves {subject}, out of the order the meeting "
                "walked ({walked}); {ahead}"
            )
            found.append(
                Conflict(label, reason.format(walked=", ".join(walked), **said))
            )
        elif element_changes.get(now):
            fields = ", ".join(element_changes[now])
            reason = gettext(
                "version {version} changes the {fields} of {subject}; {ahead}"
            )
            found.append(Conflict(label, reason.format(fields=fields, **said)))
    if not kept:
        return found
    not_reached = {mapping.get(n) for n in names[len(walked) :]} - {None}
    last = max(new_names.index(n) for n in kept)
    for number, name in enumerate(new_names[:last]):
        if name in kept:
            continue
        later = next(n for n in new_names[number + 1 :] if n in kept)
        reason = (
            gettext(
                "version {version} moves element {name}, which the meeting open now "
                "has not reached, before element {later} of stage {stage}, which "
                "the meeting has walked: the meeting would have skipped it; {ahead}"
            )
            if name in not_reached
            else gettext(
                "version {version} adds element {name} before element {later} of "
                "stage {stage}, which the meeting has walked: the meeting would "
                "have skipped it; {ahead}"
            )
        )
        found.append(
            Conflict(
                "walked-element",
                reason.format(
                    version=v, name=name, later=later, stage=stage.name, ahead=ahead
                ),
            )
        )
    return found


def _stage_order(
    old: Format, new: Format, stages: Mapping[str, str | None], current: str
) -> list[Conflict]:
    """The stages the circle has reached must stay first, in their order."""
    v = new.version
    names = old.stage_names()
    reached_old = names[: names.index(current) + 1]
    reached = [n for n in (stages[s] for s in reached_old) if n is not None]
    if not reached:
        return []
    new_names = new.stage_names()
    reached_set = set(reached)
    ahead = {stages[s] for s in names[len(reached_old) :]} - {None}
    last = max(new_names.index(n) for n in reached)
    found: list[Conflict] = []
    for number, name in enumerate(new_names[:last]):
        if name in reached_set:
            continue
        later = next(n for n in new_names[number + 1 :] if n in reached_set)
        reason = (
            gettext(
                "version {version} moves stage {name}, which the circle has not "
                "reached, before stage {later}, which the circle has reached: the "
                "circle would have skipped it; stages it has not reached go after "
                "stage {current}"
            )
            if name in ahead
            else gettext(
                "version {version} adds stage {name} before stage {later}, which "
                "the circle has reached: the circle would have skipped it; stages "
                "it has not reached go after stage {current}"
            )
        )
        found.append(
            Conflict(
                "stage-order",
                reason.format(
                    version=v,
                    name=name,
                    later=later,
                    current=stages[current] or current,
                ),
            )
        )
    order = [n for n in new_names if n in reached_set]
    if order != reached:
        found.append(
            Conflict(
                "stage-order",
                gettext(
                    "version {version} changes the order of the stages the circle "
                    "has reached, {reached}, to {order}; keep their order"
                ).format(version=v, reached=", ".join(reached), order=", ".join(order)),
            )
        )
    return found


def record(circle: Circle, migration: Migration, *, actor: str, origin: str) -> None:
    """Record the allowed ``migration`` on ``circle`` (``CircleMigrated``)."""
    from circleflow.formats.common.events import CircleMigrated

    assert migration.allowed and migration.new_state is not None
    circle.record(
        CircleMigrated,
        from_version=migration.from_version,
        to_version=migration.to_version,
        difference=migration.difference.as_dict(),
        actor=actor,
        origin=origin,
        state=migration.new_state,
    )
