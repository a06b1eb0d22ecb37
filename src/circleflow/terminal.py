# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Stored text made safe to print on a terminal.

Titles, names, actors and other stored text come from users. Printed raw, a
control character in them can steer the terminal: ``\\r`` overwrites what
was printed, ESC or the C1 introducers (CSI ``\\x9b``, OSC ``\\x9d``) start
escape sequences that change the window title, write the clipboard or hide
text, and bidirectional controls reorder what is shown. These functions
show such characters as visible escapes instead, such as ``\\x1b``.
"""

from __future__ import annotations

import re

#: C0 controls, DEL and C1 controls, the line and paragraph separators, and
#: the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

#: The same characters except C0, which JSON already writes as escapes.
_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_text(text: str) -> str:
    """``text`` as one line that cannot steer a terminal: every control
    character (newlines too), separator and bidirectional control is shown
    as an escape, ``\\x1b`` for ESC, ``\\u202e`` for a right-to-left override."""
    return _UNSAFE.sub(_visible, text)


def terminal_lines(text: str) -> str:
    """Text of several lines made safe like :func:`terminal_text`, keeping its
    line breaks (``\\n``, and ``\\r\\n`` written as ``\\n``)."""
    return "\n".join(terminal_text(line) for line in re.split(r"\r?\n", text))


def terminal_json(text: str) -> str:
    """JSON text (as :func:`json.dumps` writes it) with the characters it
    leaves raw that could steer a terminal written as ``\\u`` escapes; it
    holds the same data."""
    return _UNSAFE_IN_JSON.sub(_json_escape, text)
