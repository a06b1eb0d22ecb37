# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The layout of a report: a title, labelled facts and titled tables."""

from __future__ import annotations

from attrs import frozen


@frozen
class Table:
    """A titled table: one heading row, then the rows."""

    title: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@frozen
class Document:
    """A report: its title, labelled facts, and tables."""

    title: str
    facts: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
