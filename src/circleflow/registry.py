# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""A catalogue of formats by name and version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from circleflow.builtin import builtin_formats
from circleflow.errors import FormatError, UnknownFormat
from circleflow.format import Format
from circleflow.language import gettext
from circleflow.packs import registry


class FormatRegistry:
    """The formats an application knows, every version of each.

    A circle names its format and version when it is founded and is always
    run on exactly that version, so registering a newer version never changes
    a running circle.

    The names of the formats the packs ship (:func:`shipped_formats`) are
    reserved: :meth:`register` refuses another definition under such a name,
    so a format file cannot take the place of a built-in format, unless the
    host replaces it deliberately with ``replace_builtin=True``. A registry
    made from a list, ``FormatRegistry([...])``, holds exactly the formats
    the host chose, so the list may hold such replacements.
    """

    def __init__(self, formats: Iterable[Format] = ()) -> None:
        self._formats: dict[tuple[str, int], Format] = {}
        for fmt in formats:
            self.register(fmt, replace_builtin=True)

    @classmethod
    def with_builtins(cls) -> FormatRegistry:
        """A registry holding the formats of every registered pack: the
        built-in formats, and those of packs a host tool registered or
        installed (see :mod:`circleflow.packs`)."""
        return cls(shipped_formats())

    def register(self, fmt: Format, *, replace_builtin: bool = False) -> None:
        """Add ``fmt``; a different definition under the same name and version
        is refused, since circles founded on it would change meaning.

        A format named like a shipped format but defined otherwise is refused
        too, unless ``replace_builtin`` says the host means to replace it.
        """
        known = self._formats.get(fmt.key)
        if known is not None and known != fmt:
            raise FormatError(
                gettext(
                    "format {name!r} version {version} is already registered "
                    "with a different definition; give the new one a higher version"
                ).format(name=fmt.name, version=fmt.version)
            )
        if not replace_builtin:
            shipped = shipped_formats()
            if fmt.name in {f.name for f in shipped} and fmt not in shipped:
                raise FormatError(
                    gettext(
                        "format {name!r} is built in, and the name is reserved; "
                        "give your format a name of its own (a host replaces a "
                        "built-in format only explicitly, with "
                        "FormatRegistry.register(fmt, replace_builtin=True))"
                    ).format(name=fmt.name)
                )
        self._formats[fmt.key] = fmt

    def get(self, name: str, version: int | None = None) -> Format:
        """The format ``name`` at ``version`` (the newest when not given)."""
        versions = sorted(v for (n, v) in self._formats if n == name)
        if not versions:
            raise UnknownFormat(
                gettext("unknown format {name!r}; known formats are {known}").format(
                    name=name, known=self.names()
                )
            )
        if version is None:
            version = versions[-1]
        try:
            return self._formats[(name, version)]
        except KeyError:
            raise UnknownFormat(
                gettext(
                    "format {name!r} has no version {version}; known versions are "
                    "{versions}"
                ).format(name=name, version=version, versions=versions)
            ) from None

    def names(self) -> list[str]:
        """The registered format names, sorted."""
        return sorted({n for (n, _) in self._formats})

    def __iter__(self) -> Iterator[Format]:
        return iter(sorted(self._formats.values(), key=lambda f: f.key))


def shipped_formats() -> tuple[Format, ...]:
    """The formats of every registered pack: the built-in formats, and those
    of packs a host tool registered or installed."""
    found = tuple(f for pack in registry() if pack.formats for f in pack.formats())
    return found or builtin_formats()
