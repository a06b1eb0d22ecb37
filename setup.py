# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The package's long description: README.md with its links made absolute.

Everything else is in pyproject.toml. A package index shows the README
without the repository around it, so a link to ``docs/formats.md`` or to
``#reports`` is pointed at the repository instead.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The repository; a placeholder until the host organisation publishes it
#: (publiccode.yml and [project.urls] name the same address).
REPOSITORY = "https://github.com/circleflow/circleflow"

_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
#: The licence header: HTML comments on the first lines.
_HEADER = re.compile(r"\A(?:<!--[^\n]*-->\n)+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def absolute(target: str, page: str = "README.md") -> str:
    """``target``, a link on ``page``, as an address that works anywhere."""
    if _SCHEME.match(target):
        return target
    if target.startswith("#"):
        return f"{REPOSITORY}/blob/main/{page}{target}"
    path, _, anchor = target.partition("#")
    kind = "tree" if path.endswith("/") else "blob"
    address = f"{REPOSITORY}/{kind}/main/{path.removeprefix('./')}"
    return f"{address}#{anchor}" if anchor else address


def long_description(text: str) -> str:
    """``text`` (Markdown) without its licence header, and with every
    relative link made absolute."""
    text = _HEADER.sub("", text)
    return _LINK.sub(lambda m: m.group(1) + absolute(m.group(2)) + m.group(3), text)


if __name__ == "__main__":
    from setuptools import setup

    readme = Path(__file__).resolve().parent / "README.md"
    setup(
        long_description=long_description(readme.read_text(encoding="utf-8")),
        long_description_content_type="text/markdown",
    )
