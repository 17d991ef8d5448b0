"""`python -m records agencies [--json]` and `python -m records presets AGENCY [--json]`."""

from __future__ import annotations

import argparse
from typing import Any

from records.catalog import default_catalog
from records.commands.base import UsageError, print_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("agencies", help="the agency directory")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_agencies)

    p = subparsers.add_parser("presets", help="an agency's preset records")
    p.add_argument("agency")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_presets)


def run_agencies(args: argparse.Namespace) -> int:
    agencies = default_catalog().agencies.values()
    if args.json:
        print_json([a.public_dict() for a in agencies])
        return 0
    for a in agencies:
        print(f"{a.id:24} {a.law:12} {a.calendar:14} {a.name}")
    return 0


def run_presets(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    if args.agency not in catalog.agencies:
        known = ", ".join(catalog.agencies)
        raise UsageError([f"agency: unknown agency {args.agency!r} (known: {known})"])
    presets = catalog.presets_for(args.agency)
    if args.json:
        print_json([p.public_dict() for p in presets])
        return 0
    for p in presets:
        flag = " [unconfirmed]" if p.tag == "U" else ""
        print(f"{p.id:32} {p.title}{flag}\n{'':32} {p.citation}")
    return 0
