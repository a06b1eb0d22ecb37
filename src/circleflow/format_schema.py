# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The shape of a format in TOML: what value each field takes, read from the
attrs classes of :mod:`circleflow.format`, and places in a definition for
error messages (see :mod:`circleflow.format_toml`)."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Literal

import attrs

from circleflow.errors import FormatError
from circleflow.language import N_, _, gettext

# --------------------------------------------------------------------------
# The schema: what TOML value each attrs field takes.

KindName = Literal[
    "string",
    "integer",
    "boolean",
    "strings",
    "string-set",
    "table",
    "tables",
    "unsupported",
]


#: What each kind of value is called in messages.
_KIND_TEXTS = {
    "string": N_("a string"),
    "integer": N_("an integer"),
    "boolean": N_("a boolean (true or false)"),
    "strings": N_("an array of strings"),
    "string-set": N_("an array of distinct strings"),
    "table": N_("a table"),
    "tables": N_("an array of tables"),
    "unsupported": N_("a value TOML cannot give"),
}


@attrs.frozen
class Kind:
    """The TOML shape of one attrs field."""

    name: KindName
    optional: bool = False
    cls: type[Any] | None = None
    text: str = ""

    def describe(self) -> str:
        return gettext(_KIND_TEXTS[self.name])


@attrs.frozen
class Field:
    """One attrs field: its TOML key, keyword argument, shape and default."""

    key: str
    argument: str
    kind: Kind
    default: Any  # attrs.NOTHING when the field is required

    @property
    def required(self) -> bool:
        return self.default is attrs.NOTHING

    def default_for(self, obj: object) -> Any:
        if isinstance(self.default, attrs.Factory):  # type: ignore[arg-type]
            factory = self.default.factory
            return factory(obj) if self.default.takes_self else factory()
        return self.default


def kind_of(hint: Any) -> Kind:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            inner = kind_of(rest[0])
            if inner.name in ("string", "integer", "boolean"):
                return attrs.evolve(inner, optional=True)
        return Kind("unsupported", text=str(hint))
    if hint is str:
        return Kind("string")
    if hint is bool:
        return Kind("boolean")
    if hint is int:
        return Kind("integer")
    if origin is tuple and args == (str, Ellipsis):
        return Kind("strings")
    if origin is frozenset and args == (str,):
        return Kind("string-set")
    if isinstance(hint, type) and attrs.has(hint):
        return Kind("table", cls=hint)
    if (
        origin is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and isinstance(args[0], type)
        and attrs.has(args[0])
    ):
        return Kind("tables", cls=args[0])
    return Kind("unsupported", text=str(hint))


_SCHEMAS: dict[type[Any], tuple[Field, ...]] = {}


def schema(cls: type[Any]) -> tuple[Field, ...]:
    """The fields of attrs class ``cls`` that ``__init__`` takes, in order."""
    if cls not in _SCHEMAS:
        _SCHEMAS[cls] = read_schema(cls)
    return _SCHEMAS[cls]


def read_schema(cls: type[Any]) -> tuple[Field, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        Field(
            key=f.name,
            argument=f.alias or f.name,
            kind=kind_of(hints.get(f.name, f.type)),
            default=f.default,
        )
        for f in attrs.fields(cls)
        if f.init
    )


# --------------------------------------------------------------------------
# Places in a definition, for error messages.


@attrs.frozen
class Where:
    """A place in a definition: ``stages[2].elements[1]`` and the names known."""

    source: str
    path: str = ""
    names: tuple[str, ...] = ()

    def key(self, key: str) -> Where:
        path = f"{self.path}.{key}" if self.path else key
        return attrs.evolve(self, path=path)

    def item(self, number: int, label: str | None = None) -> Where:
        names = (*self.names, label) if label else self.names
        return attrs.evolve(self, path=f"{self.path}[{number}]", names=names)

    @property
    def place(self) -> str:
        if not self.path:
            return _("the top-level table")
        if self.names:
            return f"{self.path} ({', '.join(self.names)})"
        return self.path

    @property
    def header(self) -> str:
        """The TOML table header of this place, without item numbers."""
        return re.sub(r"\[\d+\]", "", self.path)

    def error(self, predicate: str) -> FormatError:
        """``predicate`` said of this place, after the source."""
        return FormatError(f"{self.source}: {self.place} {predicate}")

    def reraise(self, error: Exception) -> FormatError:
        """An error raised while building this place, with the source added."""
        if self.path:
            return FormatError(f"{self.source}: {self.place}: {error}")
        return FormatError(f"{self.source}: {error}")


def type_name(value: object) -> str:
    """What TOML calls the type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "table"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, datetime):
        return "date-time"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    return type(value).__name__
