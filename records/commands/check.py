"""`python -m records check`: what `make run` runs before serving.

Loads and cross-checks every reviewed data file and makes sure the PDF stack is complete,
so a bad edit or a missing Debian package stops start-up instead of reaching a user.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("check", help="check the catalog and the PDF renderer")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from records import pdf
    from records.catalog import default_catalog
    from records.catalog.incidents import default_incidents
    from records.catalog.translations import default_translations

    default_catalog()
    default_incidents()
    default_translations()
    pdf.check_environment()
    print("ok: catalog, incidents and translations valid; PDF renderer ready")
    return 0
