"""`python -m records ...`: the command line (DESIGN.md section 4).

Exit code 0 on success. On bad input: exit code 2 and one clear line per problem on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from records.catalog import CatalogError, default_catalog

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad input from the user: each item of `problems` is printed on its own line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, no usage dump
        raise UsageError([f"{self.prog}: {message}"])


def _out(data: Any, stream: TextIO | None = None) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False), file=stream or sys.stdout)


def cmd_agencies(args: argparse.Namespace) -> int:
    agencies = default_catalog().agencies.values()
    if args.json:
        _out([a.public_dict() for a in agencies])
        return 0
    for a in agencies:
        print(f"{a.id:24} {a.law:12} {a.calendar:14} {a.name}")
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    if args.agency not in catalog.agencies:
        known = ", ".join(catalog.agencies)
        raise UsageError([f"agency: unknown agency {args.agency!r} (known: {known})"])
    presets = catalog.presets_for(args.agency)
    if args.json:
        _out([p.public_dict() for p in presets])
        return 0
    for p in presets:
        flag = " [unconfirmed]" if p.tag == "U" else ""
        print(f"{p.id:32} {p.title}{flag}\n{'':32} {p.citation}")
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from records.commands import letter

    return letter.run(args)


def cmd_check(args: argparse.Namespace) -> int:
    """Start-up check for `make run`: the catalog is valid and the PDF stack is complete."""
    from records import pdf
    from records.catalog.incidents import default_incidents
    from records.catalog.translations import default_translations

    default_catalog()
    default_incidents()
    default_translations()
    pdf.check_environment()
    print("ok: catalog, incidents and translations valid; PDF renderer ready")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m records", description="Show-Me Records")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("agencies", help="the agency directory")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_agencies)

    p = sub.add_parser("presets", help="an agency's preset records")
    p.add_argument("agency")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_presets)

    p = sub.add_parser("letter", help="one letter from an answers JSON file")
    p.add_argument("answers", help="answers JSON file ('-' for standard input)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="OUT.pdf", help="write the PDF here")
    out.add_argument("--text", action="store_true", help="print the plain text")
    p.add_argument("--pdf-ua", action="store_true", help="tagged PDF/UA-1 variant")
    p.set_defaults(handler=cmd_letter)

    p = sub.add_parser("check", help="check the catalog and the PDF renderer")
    p.set_defaults(handler=cmd_check)

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands() -> list[Callable[[Any], None]]:
    """Subcommands that live in their own modules (each has `register(subparsers)`)."""
    from records.commands import registry

    return registry()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except UsageError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 2
    except CatalogError as exc:
        for line in exc.problems:
            print(f"catalog: {line}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
