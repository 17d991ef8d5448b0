"""records.tracker.followups, written by another hand, loaded by name until it lands.

Everything that renders a follow-up goes through `module()`, so when the module exists the
tracker uses it, and until then its pages say the letter is not available yet.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAME = "records.tracker.followups"


def module() -> ModuleType:
    """The follow-up letters module; ModuleNotFoundError until it exists."""
    return importlib.import_module(NAME)


def available() -> bool:
    try:
        module()
    except ModuleNotFoundError:
        return False
    return True
