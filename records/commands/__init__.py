"""The CLI's subcommands, one module each; each exposes `register(subparsers)`.

records.cli imports them all and builds the parser; they import nothing from records.cli,
so there is no import loop. Shared pieces (UsageError, print_json) live in base.py.
"""
