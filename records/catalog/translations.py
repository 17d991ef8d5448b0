"""Spanish for the texts that come from data: agency notes and warnings, preset titles and
help, the incidents' titles, summaries and facts, and the guidance notes (records.guidance).

The translations are reviewed data, like the rest of the catalog: `es.toml` holds one
`[[text]]` table per text, with the exact English (`en`) and its Spanish (`es`). A text
without an entry is shown in English rather than not at all. Letters never use this: they
go to US agencies in English.

The loader validates the file and names the entry and field of each problem, so a bad edit
fails loudly (CatalogError) instead of showing a wrong or empty text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from records.catalog.agencies import CATALOG_DIR, Catalog
from records.catalog.tables import CatalogError, read_toml

TRANSLATIONS_FILE = "es.toml"
KEYS = ("en", "es")


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def read_translations(path: Path, problems: list[str]) -> dict[str, str]:
    """The valid entries of a translations file, {English text: Spanish text}; problems
    are appended: a file that does not parse, an entry that is not a table, an unknown key,
    a missing or empty `en` or `es`, a duplicate `en`."""
    table: dict[str, str] = {}
    first: dict[str, str] = {}  # English -> the entry that has it
    for t in read_toml(path, problems, known=("text",)).tables("text", KEYS):
        en, es = t.text("en"), t.text("es", required=False)
        if not es and isinstance(t.data.get("es", ""), str):
            # Name the English, so the translator finds the entry without counting tables.
            t.fail("es", "is required" + (f" (en = {_short(en)})" if en else ""))
        if not en:
            continue
        if en in first:
            t.fail("en", f"duplicate of {first[en]} ({_short(en)})")
            continue
        first[en] = t.entry
        if es:
            table[en] = es
    return table


def preset_problems(catalog: Catalog, table: dict[str, str]) -> list[str]:
    """Each preset whose title or help has no Spanish: the Spanish interface shows both
    (the English letter keeps the English title, quoted on a page as lang="en")."""
    problems = []
    for preset in catalog.presets.values():
        for name, text in (("title", preset.title), ("help", preset.help)):
            if text and text.strip() not in table:
                problems.append(f"{TRANSLATIONS_FILE}: no Spanish for preset {preset.id!r} "
                                f"{name} ({_short(text)})")
    return problems


def load_translations(path: Path = CATALOG_DIR / TRANSLATIONS_FILE) -> dict[str, str]:
    """Read and validate a translations file: {English text: Spanish text}.

    Raises CatalogError with one line per problem (see read_translations).
    """
    problems: list[str] = []
    table = read_translations(path, problems)
    if problems:
        raise CatalogError(problems)
    return table


@cache
def default_translations() -> dict[str, str]:
    """The packaged Spanish texts, loaded and validated once per process."""
    return load_translations()


def translate(text: str, lang: str) -> str:
    """`text` in `lang`: the Spanish when lang is "es" and es.toml has it, else unchanged."""
    if lang != "es" or not text:
        return text
    return default_translations().get(text.strip(), text)
