"""The clinic batch's upload form, and the words its pages put beside numbers: the routes'
and downloads' names, a file's size and the time left.

The form only carries the upload; reading and checking the spreadsheet is
records.batch's (reader.read_sheet, rows.check), so the web, the CLI and the worker share
one validator.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import format_decimal, format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField

from records.batch.model import EMAIL, MAIL, MAX_ROWS, PORTAL
from records.messages import N_
from records.vocabulary import LAW_NAMES, Law
from records.web.tracker_forms import Lenient, org_choices

ACCEPT = (".csv,.xlsx,text/csv,"
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class BatchForm(FlaskForm):  # type: ignore[misc]
    file = FileField(_l("Spreadsheet"), render_kw={"accept": ACCEPT}, description=_l(
        "A CSV or XLSX file made from the template below: one client's request per row, "
        "at most %(rows)s rows and 5 MB.", rows=f"{MAX_ROWS:,}"))
    packets = BooleanField(_l("Make a client packet for each row"), default=True,
                           description=_l(
        "The letter, the pages to sign and a one-page summary in the client's language "
        "(English or Spanish, the client_language column)."))
    track = BooleanField(_l("Save every request to my tracker"), description=_l(
        "Each request is kept with its letter, and the tracker shows its deadlines. All "
        "of the batch is saved, or none of it."))
    org = Lenient(_l("Whose batch is it?"), choices=[], description=_l(
        "Members of the organisation can see the batch and download its files."))


def batch_form(orgs: list[tuple[int, str]], **kwargs: Any) -> BatchForm:
    form = BatchForm(**kwargs)
    form.org.choices = org_choices(orgs)
    return form


def chosen_org(form: BatchForm, orgs: list[tuple[int, str]]) -> int | None | bool:
    """The organisation picked: None for "only me", False when the value names none of
    the user's organisations (a stale page or a hand-made post)."""
    text = str(form.org.data or "")
    if not text:
        return None
    mine = {str(org_id): org_id for org_id, _name in orgs}
    return mine.get(text, False)


# How each row goes out (records.batch.model routes); msgids, translated in the template.
ROUTE_LABELS = {MAIL: N_("Mail stack"), PORTAL: N_("Portal packets"),
                EMAIL: N_("By email")}
# The files a finished batch offers (records.batch.store.downloads), in the page's order.
DOWNLOAD_LABELS = {
    "stack.pdf": N_("Print-ready stack (PDF): every mailed letter, by agency, with cover "
                    "sheets"),
    "letters.zip": N_("Single letters (ZIP of PDFs)"),
    "manifest.csv": N_("Mailing manifest (CSV)"),
    "portal-packets.zip": N_("Portal packets (ZIP): the text for each portal field "
                             "and the PDF to upload"),
    "client-packets.zip": N_("Client packets (ZIP of PDFs)"),
}
STATUS_LABELS = {"preview": N_("Checked, not started"), "queued": N_("Waiting to start"),
                 "running": N_("Making letters"), "done": N_("Done"),
                 "failed": N_("Stopped by an error")}
TOO_BIG = N_("The file is larger than 5 MB. Split the spreadsheet into smaller files and "
             "upload each one.")
NO_FILE = N_("Choose a CSV or XLSX file to upload.")
NOT_YOUR_ORG = N_("Choose one of your organisations, or “Only me”.")


def file_size(size: int) -> str:
    """A file's size in the reader's language: "820 KB", "1.4 MB"."""
    if size < 1024 * 1024:
        return str(_("%(num)s KB", num=format_decimal(max(1, round(size / 1024)))))
    return str(_("%(num)s MB", num=format_decimal(round(size / 2**20, 1))))


def time_left(seconds: int | None) -> str:
    """The time left in words: "about 3 minutes left", or a plain sentence while the
    first chunk has not finished (nothing to measure by yet)."""
    if seconds is None:
        return str(_("Working out the time left…"))
    if seconds < 60:
        return str(_("Less than a minute left"))
    span = format_timedelta(timedelta(seconds=seconds), threshold=1.1, add_direction=False)
    return str(_("About %(time)s left", time=span))


def law_title(law: str) -> str:
    """A law's plain title ("Privacy Act") from its id, in the reader's language."""
    try:
        return str(_(LAW_NAMES[Law(law)].title))
    except ValueError:
        return law


def warning_text(text: str) -> str:
    """A preview warning in the reader's language: the route's sentences are the
    interface's own msgids (records.batch.rows), the agencies' and the guidance's come
    from the catalog's translations (the `tr` filter)."""
    from records.web.datatext import tr

    translated = str(_(text))
    return translated if translated != text else tr(text)


def done_of_total(done: int, total: int) -> str:
    return str(_("%(done)s of %(total)s letters done", done=format_decimal(done),
                 total=format_decimal(total)))
