"""`python -m records check`: what `make run` runs before serving.

Loads and cross-checks every reviewed data file and makes sure the PDF stack is complete,
so a bad edit or a missing Debian package stops start-up instead of reaching a user.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("check", help="check the catalog and the PDF renderer")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from records import pdf
    from records.catalog.check import check_all

    checked = check_all()
    try:
        pdf.check_environment()
    except pdf.RendererUnavailable as exc:
        print(f"check: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {checked}; PDF renderer ready")
    return 0
