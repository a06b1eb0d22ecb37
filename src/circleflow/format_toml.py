# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Formats written as TOML files, so a tool can define a format without Python.

The layout mirrors the attrs classes of :mod:`circleflow.format` one to one:
the top-level table holds the :class:`~circleflow.format.Format` fields, the
tables ``[participants]`` and ``[facilitators]`` the
:class:`~circleflow.format.GroupSize` fields, every ``[[stages]]`` table the
:class:`~circleflow.format.Stage` fields and every ``[[stages.elements]]``
table the :class:`~circleflow.format.Element` fields::

    name = "buurtkring"
    version = 1
    title = "Buurtkring"
    roles = ["facilitator", "guest", "participant"]

    [participants]
    minimum = 4
    maximum = 10

    [[stages]]
    name = "Kennismaking"
    title = "Kennismaking"
    kind = "kick-off"
    attendees = ["facilitator"]

    [[stages.elements]]
    name = "Wensen"
    activities = ["state_learning_wish"]

The keys allowed in each table are read from the attrs fields, so a field
added to a class can be given in TOML at once. A key left out takes the
field's default; that is also how ``None`` is written, since TOML has no null.

Every problem, from a syntax error to a stage naming an unknown role, raises a
:class:`~circleflow.errors.FormatError` that starts with the file name and
names the place, such as ``stages[2].elements[1] (stage 'Kring')``.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from circleflow.errors import FormatError
from circleflow.format import Format
from circleflow.format_schema import Kind, Where, schema, type_name
from circleflow.language import N_, _, ngettext

__all__ = [
    "MAX_FORMAT_BYTES",
    "dumps_format",
    "format_from_dict",
    "format_to_dict",
    "load_format",
    "loads_format",
]

#: Lines of the written TOML are kept within this width where the values allow.
WIDTH = 88

_INDENT = "    "
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

#: The largest format file read, in bytes (and the longest TOML text, in
#: characters); a real format is a few kilobytes.
MAX_FORMAT_BYTES = 1024 * 1024


# --------------------------------------------------------------------------
# Reading.


def load_format(path: str | os.PathLike[str]) -> Format:
    """The format defined in the TOML file at ``path``.

    Only a regular file of at most :data:`MAX_FORMAT_BYTES`, in UTF-8, is
    read. Errors name the file: ``FormatError("formats/buurt.toml: ...")``.
    """
    source = os.fspath(path)
    try:
        raw = _read_file(source)
    except OSError as error:
        reason = error.strerror or str(error)
        raise FormatError(
            _("{source}: the file cannot be read: {reason}").format(
                source=source, reason=reason
            )
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            _(
                "{source}: the file is not UTF-8 text ({error_reason} at "
                "byte {error_start}); save it as UTF-8"
            ).format(source=source, error_reason=error.reason, error_start=error.start)
        ) from error
    return loads_format(text, source)


def _read_file(source: str) -> bytes:
    """The bytes of the regular file ``source``, refusing anything else.

    The kind of file is checked before it is opened, so a FIFO or a device is
    refused rather than waited on or read without end.
    """
    mode = os.stat(source).st_mode
    if not stat.S_ISREG(mode):
        raise FormatError(f"{source}: {_not_regular(mode)}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(source, flags)
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced since it was checked
            raise FormatError(f"{source}: {_not_regular(mode)}")
        raw = file.read(MAX_FORMAT_BYTES + 1)
    if len(raw) > MAX_FORMAT_BYTES:
        raise _too_large(
            source, _("{count} bytes (1 MiB)").format(count=MAX_FORMAT_BYTES)
        )
    return raw


#: The kinds of file that are not regular files, for saying what was given.
_SPECIAL_FILES = (
    (stat.S_ISDIR, N_("a directory")),
    (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
    (stat.S_ISSOCK, N_("a socket")),
)


def _not_regular(mode: int) -> str:
    kinds = (kind for test, kind in _SPECIAL_FILES if test(mode))
    kind = next(kinds, N_("a special file"))
    return _(
        "this is {kind}, not a regular file; a format is read from a TOML file"
    ).format(kind=_(kind))


def _too_large(source: str, size: str) -> FormatError:
    return FormatError(
        _(
            "{source}: the format is larger than {size}, the most a format may hold"
        ).format(source=source, size=size)
    )


#: How deep arrays and inline tables may nest in a format file. The parser
#: is not asked about deeper text at all: its recursion would fail messily.
MAX_NESTING = 32


def _nesting(text: str) -> int:
    """The deepest nesting of brackets and braces in ``text`` outside strings
    (an upper bound of what the TOML parser recurses into)."""
    deepest = depth = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote or char == "\n":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            quote = "\n"  # a comment runs to the end of the line
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def loads_format(text: str, source: str = "<toml>") -> Format:
    """The format defined by TOML ``text``; errors start with ``source``.

    Texts longer than :data:`MAX_FORMAT_BYTES` characters are refused.
    """
    given: object = text
    if not isinstance(given, str):
        raise FormatError(
            _("{source}: TOML text must be a string, got {given}").format(
                source=source, given=type_name(given)
            )
        )
    if len(text) > MAX_FORMAT_BYTES:
        raise _too_large(source, _("{count} characters").format(count=MAX_FORMAT_BYTES))
    if _nesting(text) > MAX_NESTING:
        raise FormatError(
            _(
                "{source}: the TOML nests arrays or tables more than "
                "{max_nesting} deep; a format needs far fewer"
            ).format(source=source, max_nesting=MAX_NESTING)
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FormatError(
            _("{source}: invalid TOML syntax: {error}").format(
                source=source, error=error
            )
        ) from error
    except RecursionError:
        raise FormatError(
            _("{source}: the TOML nests arrays or tables too deeply to be read").format(
                source=source
            )
        ) from None
    return format_from_dict(data, source)


def format_from_dict(data: Mapping[str, Any], source: str) -> Format:
    """The format defined by ``data``, parsed TOML (or JSON) as plain values.

    Keys, types and required keys are checked against the attrs fields before
    :class:`~circleflow.format.Format` validates the whole; every problem is a
    :class:`~circleflow.errors.FormatError` starting with ``source``.
    """
    try:
        fmt: Format = _build(Format, data, Where(source))
    except RecursionError:
        raise FormatError(
            _("{source}: the definition nests values too deeply to be read").format(
                source=source
            )
        ) from None
    return fmt


def _build(cls: type[Any], data: object, where: Where) -> Any:
    if not isinstance(data, Mapping):
        if not where.path:
            raise FormatError(
                _(
                    "{source}: a format definition must be a table of keys, got {kind}"
                ).format(source=where.source, kind=type_name(data))
            )
        raise where.error(_("must be a table, got {kind}").format(kind=type_name(data)))
    fields = {f.key: f for f in schema(cls)}
    known = ", ".join(fields)
    for key in data:
        if not isinstance(key, str):
            raise where.error(
                _("has key {key!r}, which is not a string").format(key=key)
            )
        if key not in fields:
            close = difflib.get_close_matches(key, fields, n=1)
            hint = (
                " " + _("(did you mean {key!r}?)").format(key=close[0]) if close else ""
            )
            raise where.error(
                _("has unknown key {key!r}{hint}; known keys are {known}").format(
                    key=key, hint=hint, known=known
                )
            )
    missing = [f.key for f in fields.values() if f.required and f.key not in data]
    if missing:
        required = ", ".join(f.key for f in fields.values() if f.required)
        keys = ", ".join(repr(k) for k in missing)
        raise where.error(
            ngettext(
                "is missing required key {keys}; required keys are {required}",
                "is missing required keys {keys}; required keys are {required}",
                len(missing),
            ).format(keys=keys, required=required)
        )
    arguments = {
        fields[key].argument: _value(fields[key].kind, value, where.key(key))
        for key, value in data.items()
    }
    try:
        return cls(**arguments)
    except FormatError as error:
        raise where.reraise(error) from error
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise where.reraise(
            FormatError(
                _("{name} cannot be built: {error}").format(
                    name=cls.__name__, error=error
                )
            )
        ) from error


def _value(kind: Kind, value: object, where: Where) -> Any:
    if value is None and kind.optional:
        return None
    wrong = _("must be {kind}, got {got}").format(
        kind=kind.describe(), got=type_name(value)
    )
    match kind.name:
        case "string":
            if not isinstance(value, str):
                raise where.error(wrong)
            return value
        case "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                raise where.error(wrong)
            return value
        case "boolean":
            if not isinstance(value, bool):
                raise where.error(wrong)
            return value
        case "strings" | "string-set":
            if not isinstance(value, list | tuple):
                raise where.error(wrong)
            items: list[str] = []
            for number, item in enumerate(value, start=1):
                if not isinstance(item, str):
                    raise where.item(number).error(
                        _("must be a string, got {got}").format(got=type_name(item))
                    )
                if kind.name == "string-set" and item in items:
                    raise where.error(
                        _("names {item!r} twice; give each once").format(item=item)
                    )
                items.append(item)
            return tuple(items) if kind.name == "strings" else frozenset(items)
        case "table":
            assert kind.cls is not None
            if not isinstance(value, Mapping):
                raise where.error(
                    _("must be a table [{header}], got {got}").format(
                        header=where.header, got=type_name(value)
                    )
                )
            return _build(kind.cls, value, where)
        case "tables":
            assert kind.cls is not None
            if not isinstance(value, list | tuple):
                raise where.error(
                    _("must be an array of tables [[{header}]], got {got}").format(
                        header=where.header, got=type_name(value)
                    )
                )
            label = kind.cls.__name__.lower()
            built = []
            for number, item in enumerate(value, start=1):
                name = item.get("name") if isinstance(item, Mapping) else None
                known = isinstance(name, str) and name
                place = where.item(number, f"{label} {name!r}" if known else None)
                if not isinstance(item, Mapping):
                    raise place.error(
                        _("must be a table [[{header}]], got {got}").format(
                            header=where.header, got=type_name(item)
                        )
                    )
                built.append(_build(kind.cls, item, place))
            return tuple(built)
        case _:
            raise where.error(
                _("cannot be given in TOML: its type {kind} is not supported").format(
                    kind=kind.text
                )
            )


# --------------------------------------------------------------------------
# Writing.


def format_to_dict(fmt: Format) -> dict[str, Any]:
    """``fmt`` as plain values, leaving out every field at its default.

    Sets become sorted lists; ``format_from_dict(format_to_dict(f), ...) == f``.
    """
    return _plain_table(
        fmt, Where(_("format {name!r}").format(name=getattr(fmt, "name", "?")))
    )


def dumps_format(fmt: Format) -> str:
    """``fmt`` as TOML text that :func:`loads_format` reads back equal.

    Fields at their default are left out, sets are written as sorted arrays.
    """
    lines: list[str] = []
    _write_table(lines, (), format_to_dict(fmt), array=False)
    return "\n".join(lines) + "\n"


def _plain_table(obj: object, where: Where) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in schema(type(obj)):
        value = getattr(obj, field.key)
        place = where.key(field.key)
        if not field.required:
            default = field.default_for(obj)
            if value == default and type(value) is type(default):
                continue
            if value is None:
                raise place.error(
                    _(
                        "is None, which TOML cannot write: leaving the key out "
                        "means its default {default!r}"
                    ).format(default=default)
                )
        out[field.key] = _plain(field.kind, value, place)
    return out


def _plain(kind: Kind, value: object, where: Where) -> Any:
    wrong = _("is {kind} {value!r}; TOML needs {needed}").format(
        kind=type_name(value), value=value, needed=kind.describe()
    )
    match kind.name:
        case "string":
            if not isinstance(value, str):
                raise where.error(wrong)
            return value
        case "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                raise where.error(wrong)
            return value
        case "boolean":
            if not isinstance(value, bool):
                raise where.error(wrong)
            return value
        case "strings" | "string-set":
            if not isinstance(value, tuple | frozenset | list | set) or not all(
                isinstance(item, str) for item in value
            ):
                raise where.error(wrong)
            return sorted(value) if kind.name == "string-set" else list(value)
        case "table":
            return _plain_table(value, where)
        case "tables":
            if not isinstance(value, Sequence):
                raise where.error(wrong)
            return [
                _plain_table(item, where.item(number))
                for number, item in enumerate(value, start=1)
            ]
        case _:
            raise where.error(
                _("cannot be written as TOML: type {kind}").format(kind=kind.text)
            )


def _write_table(
    lines: list[str], path: tuple[str, ...], table: Mapping[str, Any], *, array: bool
) -> None:
    if path:
        if lines:
            lines.append("")
        header = ".".join(_key(part) for part in path)
        lines.append(f"[[{header}]]" if array else f"[{header}]")
    tables: list[tuple[str, Mapping[str, Any]]] = []
    arrays: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in table.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(item, Mapping) for item in value)
        ):
            arrays.append((key, value))
        else:
            lines.extend(_key_value(_key(key), value))
    for key, value in tables:
        _write_table(lines, (*path, key), value, array=False)
    for key, items in arrays:
        for item in items:
            _write_table(lines, (*path, key), item, array=True)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _key_value(key: str, value: object) -> list[str]:
    if isinstance(value, list):
        items = [_scalar(item) for item in value]
        line = f"{key} = [{', '.join(items)}]"
        if len(line) <= WIDTH or not items:
            return [line]
        return [f"{key} = [", *(f"{_INDENT}{item}," for item in items), "]"]
    if isinstance(value, str):
        line = f"{key} = {_string(value)}"
        if len(line) <= WIDTH:
            return [line]
        return _long_string(key, value)
    return [f"{key} = {_scalar(value)}"]


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    raise FormatError(
        _("{kind} {value!r} cannot be written as TOML").format(
            kind=type_name(value), value=value
        )
    )


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _escape(text: str) -> str:
    out: list[str] = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            raise FormatError(
                _(
                    "text {text!r} holds a lone surrogate, which TOML cannot write"
                ).format(text=text)
            )
        else:
            out.append(char)
    return "".join(out)


def _string(text: str) -> str:
    return f'"{_escape(text)}"'


def _long_string(key: str, text: str) -> list[str]:
    """A long text as a multi-line string, wrapped at spaces.

    Each line but the last ends in a backslash, which TOML removes together
    with the line break and the next line's indentation, so the text reads
    back unchanged. Lines break only after a space that is followed by a
    non-space, since the indentation removal would eat further spaces.
    """
    escaped = _escape(text)
    # The escaped text holds no whitespace other than spaces: break after them.
    words = re.findall(r"[^ ]* +(?=[^ ])|.+$", escaped)
    first = f'{key} = """'
    lines: list[str] = []
    current = first
    for word in words:
        limit = WIDTH - 2  # room for the backslash
        if current not in (first, _INDENT) and len(current) + len(word) > limit:
            lines.append(current + "\\")
            current = _INDENT
        current += word
    lines.append(current + '"""')
    return lines
