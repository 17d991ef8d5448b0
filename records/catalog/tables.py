"""Reading reviewed TOML data: one reader for every table in the catalog.

Each problem is one line, "FILE: entry[i].field: message", so a bad edit fails at start-up
(`python -m records check`) instead of printing a wrong letter or moving a deadline. A getter
never raises: it records the problem and returns a harmless default, so one run reports
every problem in a file, not just the first.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any


class CatalogError(Exception):
    """The catalog data is invalid. `problems` holds one line per problem."""

    heading = "invalid catalog"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{self.heading}:\n" + "\n".join(problems))
        self.problems = problems


def shown_key(key: object) -> str:
    """A key from the data, safe in a one-line problem: plain keys as they are, anything
    else quoted (a TOML key may hold a line break) and cut to 40 characters."""
    text = str(key)
    if text and text.isprintable() and " " not in text and len(text) <= 40:
        return text
    return repr(text[:40])


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


class Table:
    """One TOML table being read: typed getters that add one problem line per bad field.

    `file` is the file as the catalog names it ("presets/kcpd.toml"); `entry` is the path of
    this table inside it ("agency[3]", "list[0].closure[2]", or "" for the file itself).
    """

    def __init__(self, file: str, data: Any, problems: list[str], entry: str = "") -> None:
        self.file, self.entry, self.problems = file, entry, problems
        self.is_table = isinstance(data, dict)
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not self.is_table:
            problems.append(f"{self.where()}: must be a table")

    def where(self, key: str = "") -> str:
        path = _join(self.entry, key)
        return f"{self.file}: {path}" if path else self.file

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where(key)}: {message}")

    def has(self, key: str) -> bool:
        return key in self.data

    def only(self, known: Sequence[str]) -> None:
        """A key the loader does not read is most likely a typo: report it."""
        for key in self.data:
            if key not in known:
                self.fail(shown_key(key), f"unknown key (known keys: {', '.join(known)})")

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            self.fail(key, "must be a string")
            return ""
        if required and not value.strip():
            self.fail(key, "is required")
        return value.strip()

    def choice(self, key: str, options: Sequence[str], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            self.fail(key, f"must be one of {', '.join(options)}")
            return options[0]
        return str(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
            return default
        return value

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "must be a list of strings")
            return ()
        if required and not value:
            self.fail(key, "must not be empty")
        return tuple(value)

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.data.get(key, default)
        # bool is an int subclass: `length = true` must not read as 1.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high}")
            return default
        return value

    def number(self, key: str) -> float | None:
        """An optional amount (integer or float); None when absent."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, "must be a number")
            return None
        return float(value)

    def date(self, key: str, default: date | None = None, *, quoted: bool = False) -> date:
        """A TOML date (2025-08-28, unquoted); `quoted` also takes "2025-08-28".

        Without a default the key is required. A TOML date-time is refused: a clock or a
        closure is a whole day.
        """
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if quoted and isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(key, "must be a date in the form YYYY-MM-DD" + ("" if quoted else ", unquoted"))
        return default or date.min

    def table(self, key: str, known: Sequence[str] = ()) -> Table:
        """A sub-table ([observance], or an inline table); `known`: see `tables`."""
        table = Table(self.file, self.data.get(key), self.problems, _join(self.entry, key))
        if known:
            table.only(known)
        return table

    def tables(self, key: str, known: Sequence[str] = ()) -> Iterator[Table]:
        """An array of tables ([[agency]], [[list.closure]]); absent means none. An item
        that is not a table is reported and left out, so its fields are not reported too.
        With `known`, any other key in an item is reported (a misspelt optional key would
        otherwise be ignored: `closure = [...]` would turn no closures on)."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "must be a list of tables")
            return
        for i, item in enumerate(value):  # lazily, so problems come out entry by entry
            table = Table(self.file, item, self.problems, f"{_join(self.entry, key)}[{i}]")
            if table.is_table:
                if known:
                    table.only(known)
                yield table


def read_toml(path: Path, problems: list[str], name: str = "",
              known: Sequence[str] = ()) -> Table:
    """A TOML file as a Table named `name` (default: the file name), with only the `known`
    top-level keys if given. A missing or broken file adds one problem line and reads as
    an empty table."""
    name = name or path.name
    try:
        with path.open("rb") as fh:
            table = Table(name, tomllib.load(fh), problems)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{name}: {exc}")
        return Table(name, {}, problems)
    if known:
        table.only(known)
    return table
