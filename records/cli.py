"""`python -m records ...`: the command line (README: "CLI").

Exit code 0 on success. On bad input: exit code 2 and one clear line per problem on
stderr, never a traceback. Each subcommand lives in records/commands/.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from records.catalog import CatalogError
from records.commands import agencies, batch, check, db, deadlines, digest, letter, users, worker
from records.commands.base import UsageError

Handler = Callable[[argparse.Namespace], int]
COMMANDS = (agencies, letter, batch, check, deadlines, db, users, digest, worker)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, no usage dump
        raise UsageError([f"{self.prog}: {message}"])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m records", description="Show-Me Records")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


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
