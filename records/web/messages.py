"""Messages that reach the interface from Python, in the user's language.

The validator and the deadline engine report coded errors (records.messages): a code,
an English template and parameters. `say` renders one through the interface's gettext
catalog, so the Spanish is a msgstr in messages.po like any other; a message without
Spanish yet is shown in English rather than not at all.
The same `say` (a template filter) renders the deadline engine's sentences (records.messages.
Say: explanation lines, other readings of the law, notes) with their dates in words.

Titles that Python passes to templates as plain strings (step titles, error-page titles,
the deadline calculator's clock names) are translated by `_()` in the templates; `N_`
only marks them here so that `pybabel extract` puts them in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, gettext

from records.messages import N_, FieldError, Joined, Say
from records.web.datatext import tr

__all__ = ["N_", "Shown", "say", "translate_errors"]


# Rendered through `_()` by templates/wizard/_layout.html, review.html and errors/error.html.
STEP_TITLES = (N_("Whose records and agency"), N_("Records"), N_("Who is asking"),
               N_("Fees and speed"), N_("Review"), N_("Done"))
ERROR_TITLES = (
    N_("This form has expired"), N_("Too many PDFs at once"), N_("Something went wrong"),
    N_("Too many attempts"),
    # werkzeug's names for the HTTP errors a user can meet (HTTPException.name)
    N_("Bad Request"), N_("Forbidden"), N_("Not Found"), N_("Method Not Allowed"),
    N_("Request Entity Too Large"), N_("Unprocessable Entity"), N_("Too Many Requests"),
    N_("Internal Server Error"),
)
# records/web/calculator.py's TITLES, STATUSES and LAW_NAMES, shown by templates/deadlines.html.
CALCULATOR_TITLES = (
    N_("The custodian's response"), N_("Written reasons for a denial"),
    N_("Records for a person involved"), N_("Paying the fees"),
    N_("Answering a request for clarification"), N_("Going to court"),
    N_("The agency's determination"), N_("The decision on expedited processing"),
    N_("Your appeal"), N_("The decision on your appeal"),
    N_("Upcoming"), N_("Due today"), N_("Missed"), N_("Met"),
    N_("Missouri Sunshine Law"), N_("Freedom of Information Act (FOIA)"),
    N_("Privacy Act (your own records)"),
)
# records.tracker's STATUS_LABELS and the laws' plain titles, shown by templates/tracker/
# (the timeline kinds' labels are extracted from records/tracker/timeline.py: KindSpec:2).
TRACKER_WORDS = (
    N_("Draft"), N_("Sent"), N_("Awaiting response"), N_("Overdue"), N_("Awaiting payment"),
    N_("Appeal window open"), N_("In appeal"), N_("Done"),
    N_("Missouri Sunshine Law"), N_("Freedom of Information Act"), N_("Privacy Act"),
    # records.tracker.followup_facts.FOLLOW_UP_TITLES: the next-letter buttons
    N_("Send the follow-up"), N_("Ask for the written grounds of the denial"),
    N_("Challenge the fees"), N_("Give notice of the violation"),
    N_("Ask for the estimated completion date"), N_("Appeal: no determination"),
    N_("Appeal: inadequate search"), N_("Appeal the withholdings"),
    N_("Appeal the fee waiver denial"), N_("Appeal the expedited processing denial"),
    N_("Ask OGIS to mediate"), N_("Ask to amend a record"),
)


# records.vocabulary.EVENT_KINDS' labels, records.deadlines.model's SAFE_FOR and
# NO_SAFE_DATE: the calculator's and the tracker's templates show them through `_()`.
# tests/test_spanish_pages.py checks that each has Spanish.
ENGINE_WORDS = (
    N_("the custodian responded"), N_("the request was denied"),
    N_("the records were produced"),
    N_("your request for a written denial statement was received"),
    N_("the written denial statement was sent"), N_("the agency asked for payment"),
    N_("you paid"), N_("the agency asked you to clarify"),
    N_("you answered the request for clarification"),
    N_("the right component received the request (routed)"),
    N_("tolled: the agency sent its one request for information; this day counts"),
    N_("fee-tolled: the agency asked about fees; this day counts"),
    N_("resumed: your answer reached the agency; counting restarts the next working day"),
    N_("the agency's written notice of unusual circumstances"),
    N_("your request for expedited processing was received"),
    N_("the agency decided on expedited processing"), N_("the agency's determination"),
    N_("you sent your appeal"), N_("the agency received your appeal"),
    N_("the agency's notice extending the appeal decision"),
    N_("the agency decided your appeal"), N_("you filed suit"),
    N_("say the agency is late only after this date (the latest reading)"),
    N_("act by this date (the earliest reading)"), N_("no fixed date yet"),
)
# records.portal's field labels (what each text is for; the DHS portal's own names are not
# confirmed): the done page shows them through `_()`.
PORTAL_LABELS = (
    N_("Requester name"), N_("Organization"), N_("Email"), N_("Mailing address"), N_("Phone"),
    N_("Requester category (for fees)"), N_("Description of the records sought"),
    N_("Maximum fee you agree to pay"), N_("Fee waiver justification"),
    N_("Expedited processing justification"), N_("Preferred format"),
    N_("The whole letter (to upload or paste as the request)"),
)


@dataclass(frozen=True)
class Shown:
    """An error as a page shows it: the field, the code, and the message in the interface
    language."""

    field: str
    code: str
    message: str


# How an engine sentence writes a date on a page: in words, with the weekday (the day-by-day
# explanation skips weekends, so the weekday is part of the reasoning): "Thursday, July 2,
# 2026", "jueves, 2 de julio de 2026".
DAY_FORMAT = "full"


def day_words(day: date) -> str:
    return str(format_date(day, DAY_FORMAT))


def _translate(text: str) -> str:
    """A msgid from the gettext catalog; a text from data (a clock's note, a holiday's
    name) from records/catalog/es.toml; else the English."""
    found = str(gettext(text))
    return found if found != text else tr(text)


def say(message: FieldError | Say | Joined | str | None) -> str:
    """An error or one of the deadline engine's sentences (explanation line, note, other
    reading) in the interface language, dates in words; a plain string from the engine
    (`Clock.safe_for`, a clock's note) translated. The `say` template filter. Needs a
    request context."""
    if message is None or message == "":
        return ""
    if isinstance(message, FieldError):
        return message.render(gettext)
    if isinstance(message, str):
        return _translate(message)
    return message.render(_translate, day_words)


def translate_errors(errors: Iterable[FieldError]) -> list[Shown]:
    return [Shown(e.field, e.code, say(e)) for e in errors]
