# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Click's own words (``Usage:``, ``Options:``, ``Error: ...``, ``No such
option ...``) in the language of a ``circleflow`` run.

Click writes its texts in English and translates them, when they are shown,
with the standard library's ``gettext`` and ``ngettext``, imported as ``_``
and ``ngettext`` into each of its modules. For the length of a run,
:func:`click_words` gives those modules functions that look a text up in
circleflow's catalogs, in the language of the run (``--lang``,
``CIRCLEFLOW_LANG``, the locale; see :mod:`circleflow.language`), and puts
click's own functions back afterwards. The texts looked up are the ones
listed here, exactly as click spells them, so that they are in the
catalogs; any other text of click, and every text outside a run, in another
thread, or in English, goes to click's own function, as if nothing was
changed.

Texts click makes once and keeps (the help of ``--help`` and
``--version``, the name of a ``click.Path``) are kept in English by click
and translated where they are shown: the help by the command classes of
:mod:`circleflow.cli_session`, the names inside the texts that carry them.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from typing import Final

from circleflow.language import N_, current_language, gettext, ngettext, use_language

#: Click's modules that look texts up when they are shown. Not
#: ``click.decorators``: what it looks up is kept (the help of ``--help``).
CLICK_MODULES: Final = (
    "click.core",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
)

#: Click's texts that are shown translated, as click spells them.
CLICK_TEXTS: Final = frozenset(
    {
        # Help.
        N_("Usage:"),
        N_("Options"),
        N_("Commands"),
        N_("Positional arguments"),
        N_("env var: {var}"),
        N_("default: {default}"),
        N_("(dynamic)"),
        N_("required"),
        N_("deprecated"),
        # Errors.
        N_("Error: {message}"),
        N_("Try '{command} {option}' for help."),
        N_("Aborted!"),
        N_("Missing command."),
        N_("No such command {name!r}."),
        N_("No such option {name!r}."),
        N_("Invalid value: {message}"),
        N_("Invalid value for {param_hint}: {message}"),
        N_("Missing argument"),
        N_("Missing option"),
        N_("Missing parameter"),
        N_("Missing {param_type}"),
        N_("Missing parameter: {param_name}"),
        N_("Value must be an iterable."),
        N_("Option {name!r} does not take a value."),
        N_("Argument {name!r} takes {nargs} values."),
        N_("Invalid start character for option ({option})"),
        N_("Could not open file {filename!r}: {message}"),
        N_("unknown error"),
        # Errors of the types of parameters.
        N_("{value!r} is not a valid {number_type}."),
        N_("{value} is not in the range {range}."),
        N_("{value!r} is not a valid boolean. Recognized values: {states}"),
        N_("{value!r} is not a valid UUID."),
        N_("{name} {filename!r} does not exist."),
        N_("{name} {filename!r} is a file."),
        N_("{name} {filename!r} is a directory."),
        N_("{name} {filename!r} is not readable."),
        N_("{name} {filename!r} is not writable."),
        N_("{name} {filename!r} is not executable."),
        # Prompts.
        N_("Choose from:\n\t{choices}"),
        N_("Repeat for confirmation"),
        N_("Error: The two entered values do not match."),
        N_("Error: invalid input"),
        N_("Press any key to continue..."),
    }
)


def _plural_texts() -> tuple[str, ...]:
    """Click's texts in a singular and a plural form, marked for the
    catalogs; translated by count where click shows them."""
    return (
        ngettext(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            1,
        ),
        ngettext(
            "Takes {nargs} values but 1 was given.",
            "Takes {nargs} values but {len} were given.",
            1,
        ),
        ngettext(
            "Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1
        ),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            1,
        ),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
        ngettext(
            "{value!r} does not match the format {format}.",
            "{value!r} does not match the formats {formats}.",
            1,
        ),
        ngettext(
            "{len_type} values are required, but {len_value} was given.",
            "{len_type} values are required, but {len_value} were given.",
            1,
        ),
    )


#: The singular forms of :func:`_plural_texts`.
CLICK_PLURAL_TEXTS: Final = frozenset(
    {
        "Got unexpected extra argument ({args})",
        "Takes {nargs} values but 1 was given.",
        "Did you mean {possibility}?",
        "Option {name!r} requires an argument.",
        "{value!r} is not {choice}.",
        "{value!r} does not match the format {format}.",
        "{len_type} values are required, but {len_value} was given.",
    }
)

#: Help texts of the options click adds itself (``--help``, ``--version``),
#: translated where they are shown, as every help text.
CLICK_HELP: Final = (
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)

#: Names click puts into some texts (in English, as ``File`` or ``integer``):
#: the field that holds one, by text.
_NAMED_FIELDS: Final = {
    "{value!r} is not a valid {number_type}.": "number_type",
    "{name} {filename!r} does not exist.": "name",
    "{name} {filename!r} is a file.": "name",
    "{name} {filename!r} is a directory.": "name",
    "{name} {filename!r} is not readable.": "name",
    "{name} {filename!r} is not writable.": "name",
    "{name} {filename!r} is not executable.": "name",
}

#: The names, as click writes them in lower case.
_NAMES: Final = {
    "file": N_("file"),
    "directory": N_("directory"),
    "path": N_("path"),
    "integer": N_("integer"),
    "integer range": N_("integer range"),
    "float": N_("float"),
    "float range": N_("float range"),
}

_Gettext = Callable[[str], str]
_Ngettext = Callable[[str, str, int], str]

#: The run of the current thread or task: the languages held for it.
_RUN: ContextVar[ExitStack | None] = ContextVar("circleflow_click_run", default=None)
_LOCK = threading.Lock()
_runs = 0
#: What was bound: the module, the name, click's function and ours.
_saved: list[tuple[object, str, object, object]] = []


def _translating() -> bool:
    """Whether click's texts are translated here: in a run, not in English."""
    if _RUN.get() is None:
        return False
    try:
        return current_language() != "en"
    except Exception:  # an unknown CIRCLEFLOW_LANG: click's words as they are
        return False


class _Naming(str):
    """A translated text of click that translates the name click puts in it."""

    field: str

    def format(self, *args: object, **kwargs: object) -> str:
        value = kwargs.get(self.field)
        if isinstance(value, str) and value.lower() in _NAMES:
            name = gettext(_NAMES[value.lower()])
            if value[:1].isupper():
                name = name[:1].upper() + name[1:]
            kwargs[self.field] = name
        return str.format(self, *args, **kwargs)


def _naming(text: str, field: str) -> str:
    named = _Naming(text)
    named.field = field
    return named


def _gettext(original: _Gettext) -> _Gettext:
    def translate(message: str) -> str:
        if message not in CLICK_TEXTS or not _translating():
            return original(message)
        translated = gettext(message)
        field = _NAMED_FIELDS.get(message)
        return translated if field is None else _naming(translated, field)

    return translate


def _ngettext(original: _Ngettext) -> _Ngettext:
    def translate(singular: str, plural: str, count: int) -> str:
        if singular not in CLICK_PLURAL_TEXTS or not _translating():
            return original(singular, plural, count)
        return ngettext(singular, plural, count)

    return translate


def _bind() -> None:
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        for attribute, wrap in (("_", _gettext), ("ngettext", _ngettext)):
            original = getattr(module, attribute, None)
            if callable(original):
                replacement = wrap(original)
                _saved.append((module, attribute, original, replacement))
                setattr(module, attribute, replacement)


def _unbind() -> None:
    while _saved:
        module, attribute, original, replacement = _saved.pop()
        # Put click's function back, unless someone replaced ours since.
        if getattr(module, attribute, None) is replacement:
            setattr(module, attribute, original)


@contextmanager
def click_words() -> Iterator[None]:
    """Show click's texts in circleflow's language while the block runs
    (one run of a command; runs nest); click's functions are back after
    the last run ends."""
    global _runs
    import click  # noqa: F401  # its modules are loaded before they are bound

    with _LOCK:
        if _runs == 0:
            _bind()
        _runs += 1
    held = ExitStack()
    token = _RUN.set(held)
    try:
        with held:
            yield
    finally:
        _RUN.reset(token)
        with _LOCK:
            _runs -= 1
            if _runs == 0:
                _unbind()


class _TranslatedWhenShown(str):
    """A text click fills in itself with ``%``, translated when it is (in
    a run; elsewhere as it is)."""

    def __mod__(self, values: object) -> str:
        text = gettext(str(self)) if _translating() else str(self)
        return text % values


#: What ``circleflow --version`` says (``message=`` of ``click.version_option``).
VERSION_MESSAGE: Final[str] = _TranslatedWhenShown(N_("%(prog)s, version %(version)s"))


def hold_language(language: str) -> bool:
    """Show the rest of the current run in ``language``, its error message
    too (shown after the command has ended); ``False`` outside a run."""
    held = _RUN.get()
    if held is None:
        return False
    held.enter_context(use_language(language))
    return True
