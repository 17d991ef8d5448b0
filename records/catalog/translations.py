"""Spanish for the texts that come from data: agency notes and warnings, preset help, the
incidents' titles, summaries and facts, and the guidance notes (records.guidance).

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
from typing import Any

from records.catalog.agencies import CATALOG_DIR
from records.catalog.tables import CatalogError, read_toml

TRANSLATIONS_FILE = "es.toml"
KEYS = ("en", "es")


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def load_translations(path: Path = CATALOG_DIR / TRANSLATIONS_FILE) -> dict[str, str]:
    """Read and validate a translations file: {English text: Spanish text}.

    Raises CatalogError with one line per problem: a file that does not parse, an entry
    that is not a table, an unknown key, a missing or empty `en` or `es`, a duplicate `en`.
    """
    problems: list[str] = []
    raw = read_toml(path, problems)
    entries: Any = raw.get("text", [])
    if not isinstance(entries, list):
        problems.append(f"{path.name}: text must be an array of tables ([[text]])")
        entries = []
    table: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        where = f"{path.name}: text[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table with en and es")
            continue
        for key in sorted(set(entry) - set(KEYS)):
            problems.append(f"{where}.{key}: unknown key (known keys: en, es)")
        values: dict[str, str] = {}
        for key in KEYS:
            value = entry.get(key)
            if not isinstance(value, str):
                problems.append(f"{where}.{key}: is required and must be a string")
                values[key] = ""
            else:
                values[key] = value.strip()
                if not values[key]:
                    problems.append(f"{where}.{key}: is empty"
                                    + (f" (en = {_short(values['en'])})"
                                       if key == "es" and values.get("en") else ""))
        en, es = values["en"], values["es"]
        if not en:
            continue
        if en in first:
            problems.append(f"{where}.en: duplicate of text[{first[en]}] ({_short(en)})")
            continue
        first[en] = i
        if es:
            table[en] = es
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
