# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Failures of the database, as :class:`~circleflow.errors.StoreError`.

A store can be locked by another process, corrupt, read-only, or on a full
disk. The database driver and ``eventsourcing`` report that with their own
exceptions; :func:`store_errors` turns them into a ``StoreError`` whose
one-line message says what failed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import MapperDeserialisationError, PersistenceError
from eventsourcing.utils import TopicError

from circleflow.errors import CircleflowError, StoreError
from circleflow.language import N_, gettext

#: What a broken store file is called in messages.
CORRUPT = N_("the store file is corrupt or not a circleflow store")

#: Parts of driver messages, and what they mean for the user.
_MEANINGS = (
    ("locked", N_("the store is locked by another process; try again")),
    ("busy", N_("the store is locked by another process; try again")),
    ("readonly", N_("the store is read-only; it can be read but not changed")),
    ("read-only", N_("the store is read-only; it can be read but not changed")),
    ("disk is full", N_("the disk is full; free some space and try again")),
    ("no space left", N_("the disk is full; free some space and try again")),
    (
        "disk i/o error",
        N_(
            "the store cannot be read or written (disk I/O error); check the "
            "free disk space and the file size limit"
        ),
    ),
    ("malformed", CORRUPT),
    ("not a database", CORRUPT),
    ("could not decode", CORRUPT),
    ("too big", CORRUPT),
    ("unable to open", N_("the store file cannot be opened")),
)


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (
        PersistenceError,
        sqlite3.Error,
        OSError,
    )
    try:
        import psycopg
    except ImportError:
        return errors
    return (*errors, psycopg.Error)


def failure(error: BaseException) -> str:
    """What ``error`` of the database means, as one line."""
    said = " ".join(str(error).split())
    lowered = said.lower()
    for part, meaning in _MEANINGS:
        if part in lowered:
            return gettext(meaning)
    return gettext("the store cannot be used: {error}").format(
        error=said[:200] or type(error).__name__
    )


@contextmanager
def store_errors(*, reading: bool = False) -> Iterator[None]:
    """Raise a failure of the database inside as a :class:`StoreError`.

    With ``reading``, what the stored records themselves cannot be turned
    back into (a garbled id, topic or state) is reported as a corrupt store
    too; use it only around reading and decoding records, never around
    code that applies events.
    """
    try:
        yield
    except CircleflowError:
        raise
    except _database_errors() as error:
        raise StoreError(failure(error)) from error
    except (MapperDeserialisationError, TopicError) as error:
        raise StoreError(gettext(CORRUPT)) from error
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        if not reading:
            raise
        raise StoreError(gettext(CORRUPT)) from error
