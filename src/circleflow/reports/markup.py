# SPDX-License-Identifier: EUPL-1.2
"""Text made safe inside HTML and SVG markup."""

from __future__ import annotations

import html

__all__ = ["escape"]


def escape(text: str) -> str:
    """``text`` with ``& < > " '`` written as character references, so it
    reads as text in an element or a quoted attribute, never as markup.
    Text without any of them (most of a report) is returned as it is."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text)
    return text
