"""Reading reviewed TOML data: one reader for every table in the catalog.

Each problem names the file, the entry and the field, so a bad edit fails at start-up
(`python -m records check`) instead of printing a wrong letter or moving a deadline.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class CatalogError(Exception):
    """The catalog data is invalid. `problems` holds one line per problem."""

    heading = "invalid catalog"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{self.heading}:\n" + "\n".join(problems))
        self.problems = problems


class _Checker:
    """Collects problems while reading one TOML entry."""

    def __init__(self, where: str, data: dict[str, Any], problems: list[str]) -> None:
        self.where, self.data, self.problems = where, data, problems

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}.{key}: {message}")

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            self.fail(key, "must be a string")
            return ""
        if required and not value.strip():
            self.fail(key, "is required")
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
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


def read_toml(path: Path, problems: list[str]) -> dict[str, Any]:
    """A TOML file's tables; a missing or broken file adds one problem line and gives {}."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{path.name}: {exc}")
        return {}


