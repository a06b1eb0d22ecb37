# SPDX-License-Identifier: EUPL-1.2
"""The language a person reads circleflow in: Dutch (the default) or English.

Every text a person sees is written in English in the code and goes through
the gettext message catalogs of the domain ``circleflow`` (in ``locale/``
beside this module), so that it is shown in the chosen language::

    from circleflow.language import _, lazy_gettext, ngettext

    _("{what} must not be empty").format(what=what)
    ngettext("{count} meeting", "{count} meetings", n).format(count=n)
    DESCRIPTION = lazy_gettext("Sessions are held in order")  # at import time

The language is, first to last: the ``language=`` argument of a call (or
the block around it, :func:`use_language`), the language of the
``Circles`` that is called (``Circles(language=...)``), the ``CIRCLEFLOW_LANG``
environment variable, the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
English where it starts with ``en``), and otherwise Dutch. The catalogs are
loaded on the first translation, not on import. See docs/translations.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from gettext import NullTranslations

#: The languages circleflow is shown in; the first is the default.
LANGUAGES: Final = ("nl", "en")

#: The default language.
DEFAULT_LANGUAGE: Final = "nl"

#: The environment variable that chooses the language.
LANG_ENV_VAR: Final = "CIRCLEFLOW_LANG"

#: The gettext domain of circleflow's messages.
DOMAIN: Final = "circleflow"

#: Where the catalogs are: ``locale/<language>/LC_MESSAGES/circleflow.mo``.
LOCALE_DIR: Final = Path(__file__).parent / "locale"

#: The locale variables that name the language of messages, first to last.
_LOCALE_VARS: Final = ("LC_ALL", "LC_MESSAGES", "LANG")

_CHOSEN: ContextVar[str | None] = ContextVar("circleflow_language", default=None)
_CATALOGS: dict[str, NullTranslations] = {}


def _known(value: str) -> str | None:
    """The language ``value`` names ("en", "EN", "en_GB.UTF-8", "nl-BE"),
    or ``None`` where it is none of :data:`LANGUAGES`."""
    primary = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return primary if primary in LANGUAGES else None


def _from_locale() -> str:
    for name in _LOCALE_VARS:
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _refuse(value: str, where: str | None) -> Exception:
    from circleflow.errors import InvalidInput

    # In the language of the locale: the chosen one is what is wrong.
    catalog = _catalog(_from_locale())
    if where is None:
        message = catalog.gettext(
            "circleflow is not shown in the language {value!r}; choose one of: "
            "{choices}"
        )
    else:
        message = catalog.gettext(
            "{where} names the language {value!r}, which circleflow is not shown "
            "in; choose one of: {choices}"
        )
    return InvalidInput(
        message.format(where=where, value=value, choices=", ".join(LANGUAGES))
    )


def language_named(value: str, *, where: str | None = None) -> str:
    """The language code of ``value`` ("nl" or "en"); an
    :class:`~circleflow.errors.InvalidInput` for any other language."""
    known = _known(value) if isinstance(value, str) else None
    if known is None:
        raise _refuse(str(value), where)
    return known


def current_language(language: str | None = None) -> str:
    """The language texts are shown in now: ``language`` if given, else
    the one :func:`use_language` holds, else ``CIRCLEFLOW_LANG``, else the
    locale's (English where it starts with ``en``), else Dutch."""
    if language is not None:
        return language_named(language)
    chosen = _CHOSEN.get()
    if chosen is not None:
        return chosen
    from_env = os.environ.get(LANG_ENV_VAR, "").strip()
    if from_env:
        return language_named(from_env, where=LANG_ENV_VAR)
    return _from_locale()


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Show texts in ``language`` inside the ``with`` block (this thread or
    task only), and give the language; ``None`` keeps the current choice.
    Blocks nest: the outer language is back after the inner block."""
    if language is None:
        yield current_language()
        return
    token = _CHOSEN.set(language_named(language))
    try:
        yield _CHOSEN.get() or DEFAULT_LANGUAGE
    finally:
        _CHOSEN.reset(token)


@contextmanager
def default_language(language: str | None) -> Iterator[None]:
    """Show texts in ``language`` inside the ``with`` block, unless a
    language is chosen already (by :func:`use_language` around it); for an
    object that speaks a language of its own, such as ``Circles(language=...)``.
    ``None`` changes nothing."""
    if language is None or _CHOSEN.get() is not None:
        yield
        return
    token = _CHOSEN.set(language)
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def _catalog(language: str) -> NullTranslations:
    catalog = _CATALOGS.get(language)
    if catalog is None:
        import gettext as stdlib

        catalog = stdlib.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
        _CATALOGS[language] = catalog
    return catalog


#: Translations looked up so far, by language and source text.
_TRANSLATED: dict[str, dict[str, str]] = {}

#: How many translations :data:`_TRANSLATED` keeps per language.
_KEPT_TRANSLATIONS = 10_000


def gettext(message: str, *, language: str | None = None) -> str:
    """``message`` (an English source text) in the current language."""
    chosen = current_language(language)
    known = _TRANSLATED.get(chosen)
    if known is None:
        known = _TRANSLATED[chosen] = {}
    translated = known.get(message)
    if translated is None:
        if len(known) >= _KEPT_TRANSLATIONS:
            known.clear()
        translated = known[message] = _catalog(chosen).gettext(message)
    return translated


#: The usual short name of :func:`gettext`.
_ = gettext


def ngettext(
    singular: str, plural: str, count: int, *, language: str | None = None
) -> str:
    """The singular or plural form for ``count``, in the current language."""
    return _catalog(current_language(language)).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802
    """``message`` unchanged, marked to be put in the catalogs; translate it
    with :func:`gettext` where it is shown."""
    return message


class LazyText:
    """A text that is translated each time it is shown, in the language of
    that moment: for texts defined at import time, such as descriptions of
    rules. ``str(text)`` and formatting (``f"{text}"``) translate it."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"lazy_gettext({self.message!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyText):
            return self.message == other.message
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.message)

    def __bool__(self) -> bool:
        return bool(self.message)

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)


def lazy_gettext(message: str) -> LazyText:
    """``message`` translated when it is shown, not now (see :class:`LazyText`)."""
    return LazyText(message)


#: A text to show: translated already, or translated when shown.
Text = str | LazyText
