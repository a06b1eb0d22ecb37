# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""What every ``circleflow`` command shares: the store it was given, the
format files, one clear line for every error, and how a time is read.

The application, the formats and the store's error handling are imported
when a command first needs them, so that a command that only reads formats
(or ``--help``) does not load the event store.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from circleflow.cli_words import click_words, hold_language
from circleflow.errors import CircleflowError, FormatError, InvalidInput, StoreError
from circleflow.language import (
    LANG_ENV_VAR,
    LANGUAGES,
    N_,
    _,
    gettext,
    language_named,
    use_language,
)
from circleflow.store import DEFAULT_STORE, STORE_ENV_VAR, describe, store_env
from circleflow.terminal import terminal_lines, terminal_text

if TYPE_CHECKING:
    from circleflow.application import Circles
    from circleflow.registry import FormatRegistry

#: The ``--db`` option, shared by every command-line tool on a store.
store_option = click.option(
    "--db",
    "store",
    envvar=STORE_ENV_VAR,
    default=DEFAULT_STORE,
    show_default=True,
    help=N_(
        "Store URL: an SQLite file path, sqlite:///FILE, postgresql://... or "
        "memory:. Also read from $CIRCLEFLOW_DB."
    ),
)


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Hold the language given for the rest of the run (``--help`` too)."""
    if value is None:
        return
    try:
        language = language_named(value, where="--lang")
    except InvalidInput as error:
        raise click.BadParameter(str(error), ctx, param) from None
    # For the whole run, so that a usage error shown after the command has
    # ended is in the language too; for this context where there is no run.
    if not hold_language(language):
        ctx.with_resource(use_language(language))


#: The ``--lang`` option: the language of everything the command prints,
#: from the moment it is read (it is read before ``--help``).
lang_option = click.option(
    "--lang",
    envvar=LANG_ENV_VAR,
    metavar=f"[{'|'.join(LANGUAGES)}]",
    callback=_language,
    expose_value=False,
    is_eager=True,
    help=N_(
        "Language of the output: nl (Dutch, the default) or en (English). "
        "Also read from $CIRCLEFLOW_LANG, else the locale."
    ),
)


@contextmanager
def _translated_help(
    ctx: click.Context, command: click.Command, *others: click.Command
) -> Iterator[None]:
    """The help texts of ``command``, its options (``--help`` too) and
    ``others`` in the current language while the block runs. A help text is
    translated where it is in the catalogs: mark it with ``N_`` where it is
    written (click's own, such as that of ``--help``, are in
    :mod:`circleflow.cli_words`)."""
    saved: list[tuple[object, str, str]] = []
    help_option = command.get_help_option(ctx)
    extra = () if help_option is None else (help_option,)
    for index, one in enumerate((command, *others)):
        for owner in (one, *one.params, *(extra if index == 0 else ())):
            for attribute in ("help", "short_help"):
                value = getattr(owner, attribute, None)
                if isinstance(value, str) and value:
                    saved.append((owner, attribute, value))
                    setattr(owner, attribute, gettext(value))
    try:
        yield
    finally:
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)


class _Command(click.Command):
    """A command whose help, and click's own words, are shown in the
    current language."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(ctx, self):
            super().format_help(ctx, formatter)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with click_words():
            return super().main(*args, **kwargs)


class _Group(click.Group):
    """Turns library errors into one clear line and exit status 1, and shows
    its help, that of its commands, and click's own words in the current
    language."""

    command_class = _Command
    group_class = type

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(ctx, self, *self.commands.values()):
            super().format_help(ctx, formatter)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        given = kwargs.get("args", args[0] if args else None)
        with click_words():
            # Click reads --lang only once every option of the group is
            # parsed: a usage error among them is in the language given too.
            language = self._language_given(sys.argv[1:] if given is None else given)
            if language is not None:
                hold_language(language)
            return super().main(*args, **kwargs)

    def _language_given(self, args: Iterable[str]) -> str | None:
        """The language a valid ``--lang`` among the group's own options
        (before the command) names, if any."""
        takes_value = {
            name
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag
            for name in param.opts
        }
        language = None
        tokens = iter(args)
        for token in tokens:
            value = None
            if token.startswith("--lang="):
                value = token.partition("=")[2]
            elif token in takes_value:
                value = next(tokens, None)
                if token != "--lang":
                    continue
            elif token == "--" or not token.startswith("-"):
                break
            if value is not None:
                try:
                    language = language_named(value)
                except InvalidInput:
                    language = None
        return language

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CircleflowError as error:
            raise click.ClickException(terminal_lines(str(error))) from None
        except _store_failures() as error:
            from circleflow.store_errors import failure

            raise click.ClickException(terminal_lines(failure(error))) from None


def _store_failures() -> tuple[type[Exception], ...]:
    """What a failing store raises. eventsourcing's errors can only have been
    raised once eventsourcing was loaded, so a command that never opened the
    store (``--help``, a usage mistake) does not load it to tell."""
    persistence = sys.modules.get("eventsourcing.persistence")
    if persistence is None:
        return (sqlite3.Error,)
    failure: type[Exception] = persistence.PersistenceError
    return (failure, sqlite3.Error)


class _Session:
    """What the command line was given: the store and the format files.

    The format registry and the store are opened on first use, so commands
    that only read formats never create a store file.
    """

    def __init__(self, store: str, format_files: tuple[str, ...]) -> None:
        self.store = store
        self.format_files = format_files
        self._formats: FormatRegistry | None = None
        self._app: Circles | None = None

    def formats(self) -> FormatRegistry:
        if self._formats is None:
            from circleflow.registry import FormatRegistry

            registry = FormatRegistry.with_builtins()
            if self.format_files:
                from circleflow.format_toml import load_format

                for path in self.format_files:
                    fmt = load_format(path)
                    try:
                        registry.register(fmt)
                    except FormatError as error:
                        raise FormatError(f"{path}: {error}") from None
            self._formats = registry
        return self._formats

    def app(self, *, must_exist: bool = False) -> Circles:
        """The store; with ``must_exist`` (commands that only read), a
        :class:`StoreError` rather than a new, empty store file."""
        if self._app is None:
            self._app = open_store(
                self.store, formats=self.formats(), must_exist=must_exist
            )
        return self._app

    def read_only_app(self) -> Circles:
        """The store opened to read it without changing it; never made."""
        return open_store(self.store, formats=self.formats(), read_only=True)


def _echo_stored(line: str) -> None:
    """Print a line that holds stored text, its control characters made visible."""
    click.echo(terminal_text(line))


def open_store(
    store: str,
    *,
    formats: FormatRegistry | None = None,
    must_exist: bool = False,
    read_only: bool = False,
) -> Circles:
    """The store at URL ``store``, for a command-line tool.

    With ``must_exist``, an SQLite file that is not there is a
    :class:`StoreError` ("no store at PATH"), and no file is made; with
    ``read_only`` the store is only read, never made or changed.
    """
    if must_exist:
        env = store_env(store)
        path = env.get("SQLITE_DBNAME", ":memory:")
        if path != ":memory:" and not Path(path).exists():
            raise StoreError(
                _(
                    "no store at {path}; check --db or ${variable} "
                    "(a store is made by the first command that records)"
                ).format(path=path, variable=STORE_ENV_VAR)
            )
    from circleflow.application import Circles

    try:
        return Circles(store, formats=formats, read_only=read_only)
    except CircleflowError:
        raise
    except Exception as error:
        raise StoreError(
            _("cannot open store {store}: {error}").format(
                store=describe(store), error=error
            )
        ) from error


def _app(ctx: click.Context, *, must_exist: bool = False) -> Circles:
    session: _Session = ctx.obj
    return session.app(must_exist=must_exist)


class _Moment(click.ParamType):  # type: ignore[type-arg]  # generic in newer click
    """An ISO 8601 moment, with or without an offset; UTC when it has none."""

    name = "iso-time"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            moment = value
        else:
            try:
                moment = datetime.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(
                    _(
                        "{value!r} is not an ISO 8601 time; give e.g. "
                        "2027-01-04T10:00 (UTC) or 2027-01-04T10:00:00+01:00"
                    ).format(value=value),
                    param,
                    ctx,
                )
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _registry(ctx: click.Context) -> FormatRegistry:
    session: _Session = ctx.obj
    return session.formats()
