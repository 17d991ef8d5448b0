"""The house rules a newcomer relies on: the domain imports without Flask, and the
vocabulary is defined once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"


@pytest.mark.parametrize("module", ["records.deadlines", "records.catalog", "records.drafts",
                                    "records.answers", "records.letters", "records.db",
                                    "records.cli", "records.accounts", "records.mail",
                                    "records.tracker.feeds", "records.tracker.digest",
                                    "records.tracker.export", "records.tracker.packet",
                                    "records.tracker.payloads"])
def test_the_domain_imports_without_flask(module: str) -> None:
    code = f"import sys, {module}; print('flask' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "False", f"{module} imports Flask"


def test_law_ids_are_spelled_only_in_the_vocabulary() -> None:
    literal = re.compile(r"""["'](mo-sunshine|foia|privacy-act)["']""")
    offenders = []
    for path in sorted(RECORDS.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if literal.search(code) and "fail(" not in code:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_old_flat_deadline_modules_are_gone() -> None:
    flat = [p.name for p in RECORDS.glob("*.py")
            if p.name.startswith(("deadline", "calendar"))]
    assert flat == []
