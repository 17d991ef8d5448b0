"""What every subcommand shares: the bad-input exception and JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO


class UsageError(Exception):
    """Bad input from the user: each item of `problems` is printed on its own line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def print_json(data: Any, stream: TextIO | None = None) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False), file=stream or sys.stdout)
