# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Keep the message catalogs in step with the code.

    python tools/catalogs.py            # extract, update the .po files, compile
    python tools/catalogs.py --check    # fail if anything is out of date
    python tools/catalogs.py --english-from-source   # also fill empty English

Extracts every marked text from ``src/circleflow`` (the keywords of
:data:`KEYWORDS`), updates ``locale/<language>/LC_MESSAGES/circleflow.po``
for every language (keeping what is translated, adding new texts
untranslated, dropping texts the code no longer has) and compiles each into
its ``.mo`` beside it. Needs Babel (a development dependency).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "circleflow"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "circleflow"
LANGUAGES = ("nl", "en")

#: The functions that mark a text, and which arguments are the texts.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "gettext": None,
    "N_": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
}

#: The comment at the top of every catalog.
HEADER = """\
# Texts of circleflow in the language '{language}'.
# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
# Kept with tools/catalogs.py: translate the empty msgstr entries here,
# then run it to compile; see docs/translations.md."""

#: Comments before a marked text that are shown to translators.
COMMENT_TAGS = ("Translators:",)


def po_path(language: str) -> Path:
    """The catalog of ``language``, as translators edit it."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    """The compiled catalog of ``language``, as circleflow reads it."""
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """Every marked text of the code, as a template without translations."""
    template = Catalog(project=DOMAIN, fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, _lineno, message, comments, context in found:
        path = (PACKAGE / filename).relative_to(ROOT / "src").as_posix()
        template.add(
            message,
            locations=[(path, None)],  # type: ignore[list-item]  # no line numbers
            auto_comments=comments,
            context=context,
        )
    return template


def read(language: str) -> Catalog:
    """The catalog of ``language``; an empty one where there is none yet."""
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project=DOMAIN, fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def updated(language: str, template: Catalog, *, english: bool) -> Catalog:
    """The catalog of ``language`` with the template's texts: existing
    translations kept, new texts untranslated (or, with ``english``, the
    English source text itself where nothing is translated yet)."""
    catalog = read(language)
    created = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.creation_date = created  # unchanged, so that a rerun changes nothing
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.project = DOMAIN
    catalog.version = ""
    catalog.header_comment = HEADER.format(language=language)
    catalog.copyright_holder = "the circleflow maintainers"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "the circleflow maintainers"
    catalog.language_team = "the circleflow maintainers"
    if english:
        for message in messages(catalog):
            if not any(_forms(message)):
                message.string = message.id
    return catalog


def messages(catalog: Catalog) -> Iterator[Message]:
    """The catalog's messages, without its header."""
    return (message for message in catalog if message.id)


def _forms(message: Message) -> tuple[str, ...]:
    """The translation's forms: one, or one per plural form ("" if none)."""
    string = message.string
    if isinstance(string, tuple | list) and string:
        return tuple(string)
    return (string if isinstance(string, str) else "",)


def po_bytes(catalog: Catalog) -> bytes:
    """The catalog as a .po file."""
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=88,
        include_lineno=False,
        omit_header=False,
        ignore_obsolete=True,
    )
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The catalog compiled, as gettext reads it."""
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def ids(catalog: Catalog) -> set[object]:
    """The message ids (a text, or a singular and plural) of ``catalog``."""
    return {(message.id, message.context) for message in messages(catalog)}


def problems() -> list[str]:
    """What is out of date: catalogs that miss or keep texts the code has
    not, and compiled catalogs that differ from their .po file."""
    wanted = ids(extract())
    found: list[str] = []
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)} is missing")
            continue
        catalog = read(language)
        have = ids(catalog)
        for missing in sorted(map(repr, wanted - have)):
            found.append(f"{language}: the catalog lacks {missing}")
        for extra in sorted(map(repr, have - wanted)):
            found.append(f"{language}: the code no longer has {extra}")
        mo = mo_path(language)
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)} is not compiled from its .po")
    return found


def write(*, english: bool) -> None:
    """Update every catalog from the code and compile it."""
    template = extract()
    for language in LANGUAGES:
        catalog = updated(language, template, english=english and language == "en")
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        po_path(language).write_bytes(po_bytes(catalog))
        # Compile what was written, as it reads back.
        mo_path(language).write_bytes(mo_bytes(read(language)))
        untranslated = sum(1 for m in messages(catalog) if not all(_forms(m)))
        print(
            f"{language}: {len(list(messages(catalog)))} texts, "
            f"{untranslated} untranslated"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if anything is out of date"
    )
    parser.add_argument(
        "--english-from-source",
        action="store_true",
        help="give untranslated English texts their source text",
    )
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            print("run: python tools/catalogs.py", file=sys.stderr)
        return 1 if found else 0
    write(english=args.english_from_source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
