"""The catalog: every reviewed data file (TOML, with citations) and its loader.

agencies.toml and presets/ (agencies.py), incidents.toml (incidents.py), calendars/ and
closures (calendar_data.py), clocks.toml (clock_rules.py) and es.toml (translations.py),
each read with the one table reader in tables.py. `check.check_all()` loads every file and
cross-checks the references between them; it is what `python -m records check` (and so
`make run`) runs before serving.
"""

from records.catalog.agencies import (
    CATALOG_DIR,
    MEDIA,
    TAGS,
    Agency,
    Catalog,
    Note,
    Preset,
    default_catalog,
    load_catalog,
)
from records.catalog.tables import CatalogError, read_toml
from records.vocabulary import AGENCY_LAWS, CHANNELS, LAWS

__all__ = ["AGENCY_LAWS", "CATALOG_DIR", "CHANNELS", "LAWS", "MEDIA", "TAGS", "Agency",
           "Catalog", "CatalogError", "Note", "Preset", "default_catalog", "load_catalog",
           "read_toml"]
