"""Spreadsheet cells that stay text: one rule for every CSV the app writes (the tracker's
export, the batch's mailing manifest)."""

from __future__ import annotations

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV
# Injection"): a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
