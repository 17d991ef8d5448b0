"""The `tr` template filter: texts that come from data (agency notes and warnings, preset
help, incident facts, guidance notes) in the interface language.

The Spanish lives in records/catalog/es.toml (records.catalog.translations); a text without
a translation is shown in English. Apply it only where the interface shows such a text,
never to a letter: letters stay in English.
"""

from __future__ import annotations

from flask_babel import get_locale

from records.catalog.translations import translate


def tr(text: str) -> str:
    """`text` in the current interface language (Spanish when there is a translation)."""
    locale = get_locale()
    return translate(text, str(locale.language) if locale is not None else "en")
