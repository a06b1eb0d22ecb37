# SPDX-License-Identifier: EUPL-1.2
"""Check that every source file carries the project's SPDX licence header.

The files checked are those git knows about or would add (tracked files plus
untracked files that are not ignored): every ``*.py`` file, the CI script
``.ci/run`` and every shell script (a ``*.sh`` or ``*.bash`` file, or a file
whose ``#!`` line starts a shell). Each must have a line holding
``SPDX-License-Identifier: EUPL-1.2`` within its first five lines.

Run it from anywhere inside the repository::

    python tools/check_spdx.py

It prints the offending files and exits with status 1, or prints how many
files were checked and exits with status 0.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

LICENSE_ID = "EUPL-1.2"
HEADER_LINES = 5
HEADER = re.compile(
    r"SPDX-License-Identifier:\s*" + re.escape(LICENSE_ID) + r"(?![\w.+-])"
)
ALWAYS_CHECKED = frozenset({".ci/run"})
SHELL_SUFFIXES = frozenset({".sh", ".bash"})
SHELLS = frozenset({"sh", "bash", "dash", "ksh", "zsh"})


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


def is_shell_shebang(first_line: str) -> bool:
    """Whether a ``#!`` line starts a shell, directly or through ``env``."""
    if not first_line.startswith("#!"):
        return False
    words = first_line[2:].split()
    if not words:
        return False
    program = PurePosixPath(words[0]).name
    if program == "env":
        arguments = [word for word in words[1:] if not word.startswith("-")]
        if not arguments:
            return False
        program = PurePosixPath(arguments[0]).name
    return program in SHELLS


def needs_header(name: str, lines: list[str]) -> bool:
    """Whether the file at git path ``name`` must carry the SPDX header."""
    path = PurePosixPath(name)
    if path.suffix == ".py" or name in ALWAYS_CHECKED:
        return True
    if path.suffix in SHELL_SUFFIXES:
        return True
    return bool(lines) and is_shell_shebang(lines[0])


def has_header(lines: list[str]) -> bool:
    """Whether one of the given lines holds the SPDX licence identifier."""
    return any(HEADER.search(line) for line in lines)


def main() -> int:
    root = repository_root()
    checked = 0
    offenders: list[str] = []
    for name in candidate_files(root):
        path = root / name
        if not path.is_file():  # deleted in the work tree, or a submodule
            continue
        lines = head_lines(path)
        if not needs_header(name, lines):
            continue
        checked += 1
        if not has_header(lines):
            offenders.append(name)
    if offenders:
        print(
            f"SPDX headers: {len(offenders)} of {checked} files lack "
            f"'SPDX-License-Identifier: {LICENSE_ID}' in their first "
            f"{HEADER_LINES} lines:"
        )
        for name in offenders:
            print(f"  {name}")
        return 1
    print(f"SPDX headers: {checked} files OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
