"""CLI subcommands that live in their own modules.

Each module exposes `register(subparsers)`; list it in `registry()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def registry() -> list[Callable[[Any], None]]:
    from records.commands import db, deadlines

    registered: list[Callable[[Any], None]] = [deadlines.register]
    registered.append(db.register)
    return registered
