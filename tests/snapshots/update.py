"""Rewrite part of tests/snapshots/outputs.json after a deliberate change.

    .venv/bin/python -m tests.snapshots.update deadlines|letters|all

`deadlines` rewrites the digests of the Deadlines JSON and the CLI table for the seeded
cases; `letters` those of the example letters; `all` both. The digests are made by the very
functions tests/test_snapshots.py compares with, and the other part of the file is kept as
it is. Say in the commit message why the outputs changed.
"""

from __future__ import annotations

import json
import sys

from tests.snapshot_cases import EXAMPLES
from tests.test_snapshots import CASES, OUTPUTS, letter_digests, outputs

PARTS = ("deadlines", "letters", "all")


def update(part: str) -> dict[str, int]:
    """Rewrite `part` of outputs.json; returns how many digests changed, by key."""
    golden = json.loads(OUTPUTS.read_text())
    new = dict(golden)
    if part in ("deadlines", "all"):
        made = [outputs(case) for case in CASES]
        new["deadlines_json"] = [as_json for as_json, _ in made]
        new["deadlines_text"] = [as_text for _, as_text in made]
    if part in ("letters", "all"):
        new["letters"] = {name: letter_digests(name) for name in EXAMPLES}
    changed = {
        "deadlines_json": sum(a != b for a, b in zip(golden["deadlines_json"],
                                                     new["deadlines_json"], strict=True)),
        "deadlines_text": sum(a != b for a, b in zip(golden["deadlines_text"],
                                                     new["deadlines_text"], strict=True)),
        "letters": sum(golden["letters"].get(n) != d for n, d in new["letters"].items()),
    }
    OUTPUTS.write_text(json.dumps(new, indent=1) + "\n")
    return changed


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in PARTS:
        print(f"usage: python -m tests.snapshots.update {'|'.join(PARTS)}", file=sys.stderr)
        return 2
    for key, count in update(argv[0]).items():
        print(f"{key}: {count} changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
