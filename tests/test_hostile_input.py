# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Hostile input, generated: every public call and every command line gets a
clear circleflow error or works; nothing else escapes, and a refusal leaves
the store unchanged.

The strategies cover the categories of bad input users and attackers try:
lone surrogates and control characters in text, huge and negative numbers,
booleans and floats where whole numbers belong, wrong types, datetimes and
extreme dates where dates belong, ids that are not ids or name nobody,
malformed store URLs, and hostile format files. ``CIRCLEFLOW_HOSTILE_CALLS``
sets how many calls and invocations one run makes (2,000 by default; CI
runs 10,000).
"""

from __future__ import annotations

import inspect
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circleflow import CircleflowError, Circles
from circleflow.cli import cli
from tests.conftest import ACTOR, Cast, stored_count

CALLS = int(os.environ.get("CIRCLEFLOW_HOSTILE_CALLS", "2000"))
PER_EXAMPLE = 25

HOSTILE_TEXTS = [
    "\ud800",
    "naam\udfff",
    "\x1b]0;overgenomen\x07",
    "\r\nINFO recorded forged",
    '=HYPERLINK("http://x")',
    "<img src=x onerror=alert(1)>",
    "\u200b\u200c",
    "a" * 5000,
    "",
    " ",
    "Kring\n",
    "\x00",
    "postgresql://u:S3cr3t@[::1/db",
]
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=30))
NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**63, 2**31, True, False]),
    st.floats(allow_nan=True, allow_infinity=True),
)
DAY = st.one_of(
    st.dates(),
    st.sampled_from([date.max, date.min]),
    st.datetimes(),
    st.just(datetime.max),
)
ANYTHING = st.one_of(
    st.none(),
    TEXT,
    NUMBER,
    DAY,
    st.lists(st.one_of(TEXT, NUMBER), max_size=3),
    st.dictionaries(TEXT, st.one_of(TEXT, NUMBER, st.none()), max_size=3),
    st.uuids(),
)

#: Public methods that change or read circles, and those left out.
_SKIP = {"take", "close", "save", "notify", "take_snapshot", "log_position"}
METHODS = sorted(
    name
    for name, member in inspect.getmembers(Circles, inspect.isfunction)
    if not name.startswith("_")
    and name not in _SKIP
    and name not in dir(object)
    and member.__module__.startswith("circleflow")
)


class World:
    """A store with a Mastercircle in progress and people, to aim calls at."""

    def __init__(self, app: Circles) -> None:
        self.app = app
        self.cast = Cast(app, participants=2).join_all().run_urgentie()
        self.community = app.form_community("Gemeenschap", actor=ACTOR)
        self.ids: list[Any] = [
            self.cast.id,
            str(self.cast.id),
            *self.cast.participants,
            str(self.cast.facilitator),
            self.cast.outsider,
            self.community,
            uuid4(),
            str(uuid4())[:8],
            "niet-een-id",
        ]

    def argument(self, name: str, data: st.DataObject) -> Any:
        """A value for parameter ``name``: often plausible, often hostile."""
        if data.draw(st.integers(0, 3)) == 0:
            return data.draw(ANYTHING)
        if name in {"actor", "origin"}:
            return data.draw(st.one_of(st.just(ACTOR), TEXT))
        if name.endswith("_id") or name in {
            "circle",
            "person",
            "giver",
            "master",
            "sponsor",
            "participant",
            "presenter",
            "holder",
            "to",
            "noted_by",
            "brought_by",
            "reference",
        }:
            return data.draw(st.sampled_from(self.ids))
        if name in {"attendees", "between", "parties"}:
            return data.draw(st.lists(st.sampled_from(self.ids), max_size=4))
        if name in {"start", "on", "deadline", "at"}:
            return data.draw(DAY)
        if name in {"version", "after", "limit", "number", "problem", "supersedes"}:
            return data.draw(NUMBER)
        return data.draw(st.one_of(TEXT, ANYTHING))


def _call(world: World, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(METHODS))
    method = getattr(world.app, name)
    kwargs: dict[str, Any] = {}
    for param in inspect.signature(method).parameters.values():
        if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            continue
        if param.default is not param.empty and data.draw(st.booleans()):
            continue
        kwargs[param.name] = world.argument(param.name, data)
    before = stored_count(world.app)
    try:
        method(**kwargs)
    except CircleflowError:
        assert stored_count(world.app) == before, (name, kwargs)
    except Exception as error:  # pragma: no cover - the failure being looked for
        pytest.fail(f"{name}({kwargs!r}) raised {type(error).__name__}: {error}")


@settings(
    max_examples=max(1, CALLS // 2 // PER_EXAMPLE),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_hostile_calls_get_circleflow_errors_and_change_nothing(
    data: st.DataObject,
) -> None:
    world = World(Circles("memory:"))
    for _ in range(PER_EXAMPLE):
        _call(world, data)


#: Format files a careless user or an attacker passes with --format-file.
FORMAT_FILES = [
    'name = "mastercircle"\nversion = 2\ntitle = "Nep"\n[[stages]]\nname = "A"\n'
    'title = "A"\nkind = "k"\nattendees = []\n',
    "x = " + "[" * 5000 + "]" * 5000 + "\n",
    'name = "kring"\nversion = 1\ntitle = "K"\n[[stages]]\nname = "A"\n'
    'title = "A"\nkind = "k"\nattendees = []\nweek = 99999999999\n',
    'name = "kring"\nversion = 1\ntitle = "\u200b\u200c"\n',
    'name = "kring\\n"\nversion = 1\n',
    "\x00\xff niet toml",
]

COMMANDS = [
    ["circles"],
    ["status", "{circle}"],
    ["status", "{circle}", "--json"],
    ["status", "{circle}", "--version", "{number}"],
    ["status", "{circle}", "--at", "{text}"],
    ["status", "{text}"],
    ["status", "{circle}", "--person", "{text}"],
    ["history", "{circle}"],
    ["history", "{text}", "--json"],
    ["formats", "show", "{text}"],
    ["rules", "{text}"],
    ["diagram", "{text}"],
    ["diagram", "--circle", "{text}"],
    ["forget-person", "{text}", "--actor", "{text}"],
    ["persons"],
    ["persons", "--json"],
    ["verify"],
    ["personal-data"],
]


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    path = tmp_path_factory.mktemp("hostile") / "circles.db"
    app = Circles(str(path))
    cast = Cast(app, participants=2).join_all().run_urgentie()
    return str(path), str(cast.id)


@settings(
    max_examples=max(1, CALLS // 2 // 5),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_hostile_command_lines_never_print_a_traceback(
    data: st.DataObject, cli_store: tuple[str, str], tmp_path: Path
) -> None:
    path, circle = cli_store
    runner = CliRunner()
    for _ in range(5):
        template = data.draw(st.sampled_from(COMMANDS))
        values = {
            "circle": data.draw(st.sampled_from([circle, circle[:8], str(uuid4())])),
            "number": str(data.draw(NUMBER)),
            "text": data.draw(TEXT).replace("\x00", ""),
        }
        args = [part.format(**values) for part in template]
        db = data.draw(
            st.sampled_from(
                [path, path, str(tmp_path / "niet-er.db"), "postgresql://u:p@[::1/db"]
            )
        )
        missing = tmp_path / "niet-er.db"
        missing.unlink(missing_ok=True)
        extra: list[str] = []
        if data.draw(st.integers(0, 4)) == 0:
            hostile = tmp_path / "vorm.toml"
            hostile.write_text(data.draw(st.sampled_from(FORMAT_FILES)), "utf-8")
            extra = ["--format-file", str(hostile)]
        result = runner.invoke(cli, [*extra, "--db", db, *args])
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output, (args, result.output)
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), (
                args,
                repr(result.exception),
            )
        assert not missing.exists(), ("a store was made by", args)
