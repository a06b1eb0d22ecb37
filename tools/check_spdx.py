# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Check that every file says who holds its copyright and what its licence is.

The files checked are those git knows about or would add (tracked files plus
untracked files that are not ignored). Each must either hold these two lines,
as comments in its own syntax, within its first five lines::

    SPDX-FileCopyrightText: 2026 The circleflow contributors
    SPDX-License-Identifier: EUPL-1.2

(any copyright holder; the licence must be EUPL-1.2), or match a ``path`` of
an ``[[annotations]]`` table in ``REUSE.toml`` that names both a copyright
holder and a licence. The licence texts in ``LICENSES/`` need neither, but
the text of EUPL-1.2 must be there. This is the quick check of ``./run
check`` and needs nothing beyond Python; ``reuse lint`` checks the same
against the whole REUSE specification.

Run it from anywhere inside the repository::

    python tools/check_spdx.py

It prints the offending files and exits with status 1, or prints how many
files were checked and exits with status 0.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

LICENSE_ID = "EUPL-1.2"
HEADER_LINES = 5
# The tag names without their colon, so that this file is not read as
# claiming anything by tools that look for the tags.
COPYRIGHT_TAG = "SPDX-FileCopyrightText"
LICENSE_TAG = "SPDX-License-Identifier"
COPYRIGHT = re.compile(re.escape(COPYRIGHT_TAG) + r":[ \t]*\S")
LICENSE = re.compile(
    re.escape(LICENSE_TAG) + r":\s*" + re.escape(LICENSE_ID) + r"(?![\w.+-])"
)
LICENSES_DIR = "LICENSES/"
LICENSE_TEXT = f"{LICENSES_DIR}{LICENSE_ID}.txt"
REUSE_TOML = "REUSE.toml"


def repository_root() -> Path:
    """The top directory of the git work tree this script lives in."""
    here = Path(__file__).resolve().parent
    output = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=here,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return Path(output.strip())


def candidate_files(root: Path) -> list[str]:
    """Tracked files and untracked files that are not ignored, as git paths."""
    output = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout
    names = {name for name in output.decode("utf-8").split("\0") if name}
    return sorted(names)


def head_lines(path: Path, count: int = HEADER_LINES) -> list[str]:
    """The first ``count`` lines of a file, decoded leniently."""
    lines: list[str] = []
    with path.open("rb") as handle:
        for raw in handle:
            lines.append(raw.decode("utf-8", errors="replace"))
            if len(lines) == count:
                break
    return lines


def has_header(lines: Iterable[str]) -> bool:
    """Whether the lines hold both the copyright and the licence tag."""
    held = list(lines)
    return any(map(COPYRIGHT.search, held)) and any(map(LICENSE.search, held))


def glob_pattern(glob: str) -> str:
    """A ``REUSE.toml`` path glob as a regular expression: ``*`` matches
    within one directory, ``**`` across directories (``**/`` also matches no
    directory at all) and ``\\*`` is a star itself."""
    parts: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("\\\\", index) or glob.startswith("\\*", index):
            parts.append(re.escape(glob[index + 1]))
            index += 2
        elif glob.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        elif glob[index] == "*":
            parts.append("[^/]*")
            index += 1
        else:
            parts.append(re.escape(glob[index]))
            index += 1
    return "".join(parts)


def _strings(value: object) -> list[str]:
    """A string or a list of strings from ``REUSE.toml``, as a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def annotated(root: Path) -> re.Pattern[str] | None:
    """The paths that ``REUSE.toml`` gives a copyright holder and a licence,
    as one pattern, or None when it gives none."""
    path = root / REUSE_TOML
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        tables = tomllib.load(handle).get("annotations", [])
    globs: list[str] = []
    for table in tables if isinstance(tables, list) else []:
        if not isinstance(table, dict):
            continue
        if _strings(table.get(COPYRIGHT_TAG)) and _strings(table.get(LICENSE_TAG)):
            globs.extend(_strings(table.get("path")))
    if not globs:
        return None
    return re.compile("|".join(f"(?:{glob_pattern(glob)})" for glob in globs))


def main() -> int:
    root = repository_root()
    covered = annotated(root)
    checked = 0
    offenders: list[str] = []
    for name in candidate_files(root):
        path = root / name
        if not path.is_file():  # deleted in the work tree, or a submodule
            continue
        if name.startswith(LICENSES_DIR):
            continue
        checked += 1
        if covered is not None and covered.fullmatch(name):
            continue
        if not has_header(head_lines(path)):
            offenders.append(name)
    problems = 0
    if not (root / LICENSE_TEXT).is_file():
        print(f"SPDX headers: the licence text {LICENSE_TEXT} is missing")
        problems += 1
    if offenders:
        print(
            f"SPDX headers: {len(offenders)} of {checked} files lack the tags "
            f"{COPYRIGHT_TAG} and {LICENSE_TAG} (with {LICENSE_ID}) in their "
            f"first {HEADER_LINES} lines and are not annotated in {REUSE_TOML}:"
        )
        for name in offenders:
            print(f"  {name}")
        problems += 1
    if problems:
        return 1
    print(f"SPDX headers: {checked} files OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
