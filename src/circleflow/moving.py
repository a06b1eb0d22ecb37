# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Move a history from one store to another: export and import JSON lines.

:func:`export_events` writes the stored events of a store (all of them, or
those of one circle and of the persons its events name, with those persons'
reference claims and the receipts of commands on that circle or founding
it or them) as JSON lines. The first line is a header::

    {"format": "circleflow-events", "version": 1, "circleflow": "...",
     "events": N, "keys": K}

Then one line per person key (``{"key": {"person", "key", "created_at",
"forgotten_at"}}``), then one line per event, in log order::

    {"position": 7, "originator_id": "...", "originator_version": 3,
     "topic": "...", "state": "..."}

``state`` is the event exactly as stored (``state_b64`` instead when it is
not UTF-8 text): its timestamp, actor and origin are in it, and personal
text in it stays sealed. Sealed text is useless without the keys of the
persons it was sealed for, so the export carries the keys of the persons
whose events it holds. **An export is therefore as sensitive as the store
itself**: keep it where the store may be kept, and delete it when it is no
longer needed. A forgotten person's key is gone: the export says only that
it was destroyed and when, so their texts stay unreadable after the move.

:func:`import_events` checks the whole file first and writes nothing when
anything is wrong, or when the store already holds any of its circles,
persons or keys. It then writes the keys and the events in the order of
the file, so the events keep their ids, versions and stored bytes. Into an
empty store, an export of a whole store whose log has no gaps gets the same
log positions too. Into SQLite everything is written in one transaction, so
an import that fails or is interrupted leaves the store as it was; into
PostgreSQL the events are written :data:`BATCH` at a time, and an
interrupted import leaves the batches written so far: start again with an
empty store.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from typing import IO, Any
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import IntegrityError, Notification, StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder
from eventsourcing.utils import resolve_topic

from circleflow.errors import InvalidInput, StoreError
from circleflow.language import gettext

#: The name of the format in the header line.
FORMAT = "circleflow-events"
#: The version of the format this module writes and reads.
FORMAT_VERSION = 1
#: Events written in one transaction on import; events read at a time on export.
BATCH = 10_000

_KEYS_TABLE = "circleflow_person_keys"
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PERSON_TOPIC = "circleflow.person:Person."
_CIRCLE_TOPIC = "circleflow.circle:Circle."
_EVENT_FIELDS = ("position", "originator_id", "originator_version", "topic")

#: Called with how many events were handled since the last call, and how
#: many there are in all.
Progress = Callable[[int, int], None]


def _circleflow_version() -> str:
    try:
        return version("circleflow")
    except PackageNotFoundError:  # pragma: no cover - not installed
        return "unknown"


@frozen
class Key:
    """A person's key as stored: hex key, or None once forgotten."""

    person: str
    key: str | None
    created_at: str
    forgotten_at: str | None


@frozen
class Moved:
    """What an export or an import handled."""

    events: int
    keys: int
    circles: int


# -- export ----------------------------------------------------------------------


def export_events(
    app: Any,
    out: IO[str],
    *,
    circle: UUID | str | None = None,
    progress: Progress | None = None,
) -> Moved:
    """Write the events of ``app``'s store to ``out`` as JSON lines (see the
    module's description); with ``circle``, only that circle's events and
    those of the persons they name."""
    recorder = app.recorder
    wanted: set[UUID] | None = None
    cid: UUID | None = None
    if circle is not None:
        cid = app.find_circle(circle)
        persons = _persons_named(recorder, cid)
        wanted = {cid} | persons
        wanted |= _claims_and_receipts(recorder, wanted)
        total = sum(len(recorder.select_events(o)) for o in wanted)
        keys = _read_keys(app, {str(p) for p in persons})
    else:
        total = _count(app)
        keys = _read_keys(app, None)
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "circleflow": _circleflow_version(),
        "exported_at": datetime.now().astimezone().isoformat(),
        "circle": None if cid is None else str(cid),
        "events": total,
        "keys": len(keys),
    }
    out.write(json.dumps(header) + "\n")
    for key in keys:
        row = {
            "person": key.person,
            "key": key.key,
            "created_at": key.created_at,
            "forgotten_at": key.forgotten_at,
        }
        out.write(json.dumps({"key": row}) + "\n")
    written = circles = 0
    for batch in _batches(recorder):
        lines = []
        for n in batch:
            if wanted is not None and n.originator_id not in wanted:
                continue
            if n.originator_version == 1 and n.topic.startswith(_CIRCLE_TOPIC):
                circles += 1
            lines.append(_event_line(n))
        out.write("".join(lines))
        written += len(lines)
        if progress is not None:
            progress(len(batch) if wanted is None else len(lines), total)
    if written != total:
        raise StoreError(
            gettext(
                "the store changed during the export ({written} events written, "
                "{total} expected); export again while nothing is recorded"
            ).format(written=written, total=total)
        )
    return Moved(written, len(keys), circles)


_text = json.JSONEncoder(ensure_ascii=False).encode


def _event_line(n: Notification) -> str:
    try:
        state = '"state": ' + _text(n.state.decode())
    except UnicodeDecodeError:
        state = '"state_b64": "' + base64.b64encode(n.state).decode() + '"'
    return (
        f'{{"position": {int(n.id)}, "originator_id": {_text(str(n.originator_id))}, '
        f'"originator_version": {int(n.originator_version)}, '
        f'"topic": {_text(n.topic)}, {state}}}\n'
    )


def _count(app: Any) -> int:
    """How many events the store holds (its log may have gaps)."""
    tables = getattr(app, "side_tables", None)
    if tables is None:
        return sum(len(batch) for batch in _batches(app.recorder))
    table = app.recorder.events_table_name
    return int(tables.execute((f"SELECT COUNT(*) FROM {table}", ()))[0][0])


def _batches(recorder: Any) -> Iterator[list[Notification]]:
    start = 1
    while True:
        batch = recorder.select_notifications(start=start, limit=BATCH)
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1


def _persons_named(recorder: Any, cid: UUID) -> set[UUID]:
    """The persons that the events of circle ``cid`` name."""
    named: set[UUID] = set()
    for event in recorder.select_events(cid):
        for found in _UUID.findall(event.state):
            named.add(UUID(found.decode()))
    named.discard(cid)
    persons = set()
    for candidate in named:
        first = recorder.select_events(candidate, limit=1)
        if first and first[0].topic.startswith(_PERSON_TOPIC):
            persons.add(candidate)
    return persons


#: The topics of the events of reference claims and receipts.
_CLAIMS_AND_RECEIPTS = [
    "circleflow.references:ReferenceClaim.ReferenceClaimed",
    "circleflow.receipts:Receipt.CommandRecorded",
]


def _claims_and_receipts(recorder: Any, named: set[UUID]) -> set[UUID]:
    """The reference claims and receipts that name any of ``named``: the
    claims of persons, the receipts of commands on circles and of the
    commands that founded or registered them."""
    found: set[UUID] = set()
    start = 1
    while True:
        batch = recorder.select_notifications(
            start=start, limit=BATCH, topics=_CLAIMS_AND_RECEIPTS
        )
        for n in batch:
            if any(UUID(u.decode()) in named for u in _UUID.findall(n.state)):
                found.add(UUID(str(n.originator_id)))
        if len(batch) < BATCH:
            return found
        start = batch[-1].id + 1


def _read_keys(app: Any, persons: set[str] | None) -> list[Key]:
    """The stored keys of ``persons`` (all when None; destroyed ones as None)."""
    tables = getattr(app, "side_tables", None)
    if tables is None:
        memory = app.person_keys._memory
        return [
            Key(str(p), None if k is None else k.hex(), at, None if k else at)
            for p, (k, at) in sorted(memory.items(), key=lambda i: str(i[0]))
            if persons is None or str(p) in persons
        ]
    if not tables.has_table(_KEYS_TABLE) or persons == set():
        return []
    rows = tables.execute(
        (
            f"SELECT person, key, created_at, forgotten_at FROM {_KEYS_TABLE}"
            " ORDER BY person",
            (),
        )
    )
    return [
        Key(str(p), k, str(c), f)
        for p, k, c, f in rows
        if persons is None or str(p) in persons
    ]


# -- import ----------------------------------------------------------------------


#: An event as read from a file: originator (a UUID, or its hex text),
#: version, topic, stored state.
_Row = tuple[Any, int, str, bytes]
#: Lines of a file: the first one's number, the lines, their JSON values.
_Chunk = tuple[int, list[str], list[Any]]


@frozen
class _Checked:
    keys: list[Key]
    events: list[_Row]
    circles: int


def read_export(lines: Iterable[str]) -> _Checked:
    """Parse and check an export; :class:`InvalidInput` says what is wrong."""
    rows = iter(enumerate(lines, start=1))
    count, key_count = _header(rows)
    reader = _Reader()
    for chunk in _chunks(rows):
        reader.read(chunk)
    reader.check_counts(count, key_count)
    return _Checked(reader.keys, reader.events, reader.circles)


def _header(rows: Iterator[tuple[int, str]]) -> tuple[int, int]:
    """The numbers of events and keys the header line announces."""
    try:
        _, first = next(rows)
    except StopIteration:
        raise InvalidInput(
            gettext("the file is empty; expected a circleflow export")
        ) from None
    header = _json(first, 1)
    if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            gettext(
                "line 1 is not a header of format {format!r} version {version} "
                "(as written by 'circleflow export')"
            ).format(format=FORMAT, version=FORMAT_VERSION)
        )
    count, key_count = header.get("events"), header.get("keys")
    if not isinstance(count, int) or not isinstance(key_count, int):
        raise InvalidInput(
            gettext("the header needs whole numbers 'events' and 'keys'")
        )
    return count, key_count


class _Reader:
    """Checks the lines of an export after its header, a chunk at a time."""

    def __init__(self, *, hex_ids: bool = False) -> None:
        #: Whether events name their originator by its hex text (as SQLite
        #: stores it) rather than by a UUID.
        self.hex_ids = hex_ids
        self.keys: list[Key] = []
        self.events: list[_Row] = []
        self.circles = 0
        self.key_count = self.event_count = 0
        self.position = 0
        self.ids: dict[str, Any] = {}  # each originator's id, parsed once
        self.last: dict[str, int] = {}  # each originator's latest version
        self.topics: set[str] = set()

    def read(self, chunk: _Chunk) -> None:
        first, texts, values = chunk
        add = self.events.append
        ids, last, topics = self.ids, self.last, self.topics
        position = self.position
        for number, (text, data) in enumerate(
            zip(texts, values, strict=True), start=first
        ):
            try:
                at = data["position"]
                oid = data["originator_id"]
                event_version = data["originator_version"]
                topic = data["topic"]
                state = data["state"].encode()
            except (ValueError, KeyError, TypeError, AttributeError):
                if not text.strip():
                    continue
                if type(data) is not dict:
                    data = _json(text, number)
                if "key" in data:
                    if self.event_count or self.events:
                        raise InvalidInput(
                            gettext(
                                "line {number}: keys come before the events"
                            ).format(number=number)
                        ) from None
                    self.keys.append(_key(data["key"], number))
                    self.key_count += 1
                    continue
                at, oid, event_version, topic, state = _event_fields(data, number)
            originator = ids.get(oid) if type(oid) is str else None
            if originator is None:
                try:
                    parsed = UUID(oid)
                except (ValueError, TypeError, AttributeError):
                    raise InvalidInput(
                        gettext(
                            "line {number}: originator_id {id!r} is not a UUID"
                        ).format(number=number, id=oid)
                    ) from None
                originator = ids[oid] = parsed.hex if self.hex_ids else parsed
            if type(at) is not int or at <= position:
                raise InvalidInput(
                    gettext(
                        "line {number}: log positions must be whole numbers that "
                        "increase"
                    ).format(number=number)
                )
            position = at
            expected = last.get(oid, 0) + 1
            if event_version != expected or type(event_version) is not int:
                raise InvalidInput(
                    gettext(
                        "line {number}: version {version!r} of {id} is not "
                        "contiguous; expected version {expected}"
                    ).format(
                        number=number, version=event_version, id=oid, expected=expected
                    )
                )
            last[oid] = event_version
            if topic not in topics:
                self._check_topic(topic, number)
            if event_version == 1 and topic.startswith(_CIRCLE_TOPIC):
                self.circles += 1
            add((originator, event_version, topic, state))
        self.position = position

    def take(self) -> tuple[list[Key], list[_Row]]:
        """The keys and events read since the last call."""
        keys, events = self.keys, self.events
        self.keys, self.events = [], []
        self.event_count += len(events)
        return keys, events

    def check_counts(self, count: int, key_count: int) -> None:
        """Refuse a file that holds other numbers than its header says."""
        events = self.event_count + len(self.events)
        if events != count:
            raise InvalidInput(
                gettext(
                    "the header says {count} events but the file holds {held}"
                ).format(count=count, held=events)
            )
        if self.key_count != key_count:
            raise InvalidInput(
                gettext(
                    "the header says {count} keys but the file holds {held}"
                ).format(count=key_count, held=self.key_count)
            )

    def _check_topic(self, topic: object, number: int) -> None:
        if not isinstance(topic, str):
            raise InvalidInput(
                gettext("line {number}: the topic is not a text").format(number=number)
            )
        try:
            resolve_topic(topic)
        except Exception:
            raise InvalidInput(
                gettext("line {number}: unknown event topic {topic!r}").format(
                    number=number, topic=topic
                )
            ) from None
        self.topics.add(topic)


def _chunks(rows: Iterator[tuple[int, str]]) -> Iterator[_Chunk]:
    """The lines :data:`BATCH` at a time: the first one's number, the lines,
    and their JSON values (None where a line is not JSON), decoded in one
    call."""
    decode = json.JSONDecoder().decode
    while chunk := list(islice(rows, BATCH)):
        texts = [text for _, text in chunk]
        try:
            values = decode("[" + ",".join(texts) + "]")
        except ValueError:
            values = []
        if len(values) != len(texts):
            values = []
            for text in texts:
                try:
                    values.append(decode(text))
                except ValueError:
                    values.append(None)
        yield chunk[0][0], texts, values


def _event_fields(data: dict[str, Any], number: int) -> tuple[Any, ...]:
    """The fields of an event line that is not in the usual shape."""
    missing = [f for f in _EVENT_FIELDS if f not in data]
    if missing or ("state" not in data and "state_b64" not in data):
        raise InvalidInput(
            gettext(
                "line {number}: an event needs {fields} and state (missing: {missing})"
            ).format(
                number=number,
                fields=", ".join(_EVENT_FIELDS),
                missing=", ".join(missing) or "state",
            )
        )
    try:
        state = (
            data["state"].encode()
            if "state" in data
            else base64.b64decode(data["state_b64"], validate=True)
        )
    except (ValueError, TypeError, AttributeError):
        raise InvalidInput(
            gettext("line {number}: state is a text, or state_b64 is base64").format(
                number=number
            )
        ) from None
    return (*(data[f] for f in _EVENT_FIELDS), state)


def _json(text: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InvalidInput(
            gettext("line {number} is not valid JSON ({error})").format(
                number=number, error=error
            )
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            gettext("line {number} is not a JSON object").format(number=number)
        )
    return data


def _key(data: Any, number: int) -> Key:
    if not isinstance(data, dict) or not isinstance(data.get("created_at"), str):
        raise InvalidInput(
            gettext("line {number}: a key needs person, key and created_at").format(
                number=number
            )
        )
    try:
        person = str(UUID(str(data.get("person"))))
        key = data.get("key")
        if key is not None:
            bytes.fromhex(key)
    except (ValueError, TypeError):
        raise InvalidInput(
            gettext("line {number}: a key's person or key is malformed").format(
                number=number
            )
        ) from None
    forgotten = data.get("forgotten_at")
    return Key(person, key, data["created_at"], forgotten)


def import_events(
    app: Any, lines: Iterable[str], *, progress: Progress | None = None
) -> Moved:
    """Load an export into ``app``'s store (see the module's description)."""
    if isinstance(app.recorder, SQLiteAggregateRecorder):
        return _load_sqlite(app.recorder, lines, progress)
    checked = read_export(lines)
    _refuse_held(app, checked)
    _write_keys(app, checked.keys)
    events = checked.events
    for start in range(0, len(events), BATCH):
        batch = [StoredEvent(*row) for row in events[start : start + BATCH]]
        app.recorder.insert_events(batch)
        if progress is not None:
            progress(len(batch), len(events))
    return Moved(len(events), len(checked.keys), checked.circles)


def _load_sqlite(
    recorder: SQLiteAggregateRecorder, lines: Iterable[str], progress: Progress | None
) -> Moved:
    """Check and write an export into an SQLite store in one transaction,
    a chunk of lines at a time: a file that turns out to be wrong further
    on, or an import that is interrupted, leaves the store as it was, and
    only one chunk is held in memory."""
    rows = iter(enumerate(lines, start=1))
    count, key_count = _header(rows)
    reader = _Reader(hex_ids=True)
    insert_keys = (
        f"INSERT INTO {_KEYS_TABLE} (person, key, created_at, forgotten_at)"
        " VALUES (?, ?, ?, ?)"
    )
    try:
        with recorder.datastore.transaction(commit=True) as cursor:
            for chunk in _chunks(rows):
                reader.read(chunk)
                keys, events = reader.take()
                if keys:
                    cursor.executemany(
                        insert_keys,
                        [(k.person, k.key, k.created_at, k.forgotten_at) for k in keys],
                    )
                cursor.executemany(recorder.insert_events_statement, events)
                if progress is not None and events:
                    progress(len(events), count)
            reader.check_counts(count, key_count)
    except (sqlite3.IntegrityError, IntegrityError) as error:
        raise InvalidInput(
            gettext(
                "the store already holds circles, persons or keys that are in "
                "the file; import into a store that does not hold them"
            )
        ) from error
    return Moved(count, key_count, reader.circles)


def _refuse_held(app: Any, checked: _Checked) -> None:
    recorder = app.recorder
    if recorder.max_notification_id():
        originators = {row[0] for row in checked.events}
        held = [o for o in originators if recorder.select_events(o, limit=1)]
        if held:
            raise InvalidInput(
                gettext(
                    "the store already holds {count} of the circles or persons in "
                    "the file (e.g. {example}); import into a store that does not "
                    "hold them"
                ).format(count=len(held), example=sorted(map(str, held))[0])
            )
    persons = {k.person for k in checked.keys}
    if persons and _held_keys(app, persons):
        raise InvalidInput(
            gettext(
                "the store already holds keys of persons in the file; import into "
                "a store that does not hold them"
            )
        )


def _held_keys(app: Any, persons: set[str]) -> bool:
    tables = getattr(app, "side_tables", None)
    if tables is None:
        return any(UUID(p) in app.person_keys._memory for p in persons)
    rows = tables.execute((f"SELECT person FROM {_KEYS_TABLE}", ()))
    return any(str(p) in persons for (p,) in rows)


def _write_keys(app: Any, keys: list[Key]) -> None:
    if not keys:
        return
    tables = getattr(app, "side_tables", None)
    if tables is None:
        memory = app.person_keys._memory
        for k in keys:
            stored = None if k.key is None else bytes.fromhex(k.key)
            memory[UUID(k.person)] = (stored, k.forgotten_at or k.created_at)
        return
    insert = (
        f"INSERT INTO {_KEYS_TABLE} (person, key, created_at, forgotten_at)"
        " VALUES ({p}, {p}, {p}, {p})"
    )
    for start in range(0, len(keys), BATCH):
        tables.execute(
            *(
                (insert, (k.person, k.key, k.created_at, k.forgotten_at))
                for k in keys[start : start + BATCH]
            )
        )
