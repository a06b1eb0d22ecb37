# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The licence check: which files count as carrying copyright and licence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.repository import script

check_spdx = script("tools/check_spdx.py", "check_spdx")
# Built from pieces, so that this file is not read as stating a licence.
COPYRIGHT = "SPDX-FileCopyrightText" + ": 2026 The circleflow contributors\n"
LICENCE = "SPDX-License-Identifier" + ": EUPL-1.2\n"


def _matches(glob: str, path: str) -> bool:
    return re.fullmatch(check_spdx.glob_pattern(glob), path) is not None


@pytest.mark.parametrize(
    ("lines", "carries"),
    [
        (["#!/usr/bin/env bash\n", f"# {COPYRIGHT}", f"# {LICENCE}"], True),
        ([f"<!-- {COPYRIGHT.strip()} -->\n", f"<!-- {LICENCE.strip()} -->\n"], True),
        ([f"# {LICENCE}"], False),
        ([f"# {COPYRIGHT}"], False),
        ([f"# {COPYRIGHT}", f"# {LICENCE.replace('EUPL-1.2', 'MIT')}"], False),
        ([f"# {COPYRIGHT}", f"# {LICENCE.replace('1.2', '1.2-or-later')}"], False),
        ([f"# {COPYRIGHT.split(':')[0]}:\n", f"# {LICENCE}"], False),
    ],
)
def test_a_header_needs_a_copyright_holder_and_the_eupl(
    lines: list[str], carries: bool
) -> None:
    assert check_spdx.has_header(lines) is carries


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("LICENSE", "LICENSE", True),
        ("LICENSE", "docs/LICENSE", False),
        ("src/*.mo", "src/a.mo", True),
        ("src/*.mo", "src/nl/a.mo", False),
        ("src/**/*.mo", "src/nl/LC_MESSAGES/a.mo", True),
        ("src/**/py.typed", "src/py.typed", True),
        ("src/**/py.typed", "src/reports/py.typed", True),
        ("src/**/py.typed", "src/notpy.typed", False),
        ("tests/data/**", "tests/data/golden/a.jsonl", True),
        ("tests/data/**", "tests/other/a.json", False),
        ("a\\*.txt", "a*.txt", True),
        ("a\\*.txt", "ab.txt", False),
        ("a.txt", "abtxt", False),
    ],
)
def test_annotation_paths_are_globs_as_reuse_reads_them(
    glob: str, path: str, matches: bool
) -> None:
    assert _matches(glob, path) is matches


def test_an_annotation_covers_only_with_a_copyright_holder_and_a_licence(
    tmp_path: Path,
) -> None:
    (tmp_path / "REUSE.toml").write_text(
        "version = 1\n"
        "[[annotations]]\n"
        'path = ["data/*.json", "*.mo"]\n'
        'SPDX-FileCopyrightText = "2026 The circleflow contributors"\n'
        'SPDX-License-Identifier = "EUPL-1.2"\n'
        "[[annotations]]\n"
        'path = "half/**"\n'
        'SPDX-License-Identifier = "EUPL-1.2"\n',
        encoding="utf-8",
    )
    covered = check_spdx.annotated(tmp_path)
    assert covered is not None
    assert covered.fullmatch("data/a.json")
    assert covered.fullmatch("a.mo")
    assert not covered.fullmatch("data/deeper/a.json")
    assert not covered.fullmatch("half/a.json")


def test_without_reuse_toml_nothing_is_annotated(tmp_path: Path) -> None:
    assert check_spdx.annotated(tmp_path) is None
