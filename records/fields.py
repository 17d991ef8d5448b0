"""Field readers for answers: each returns a clean value or records one clear problem.

`Fields` walks one answers object. Every problem names the field by its dotted path
(`requester.email`) and says what is wrong in words a non-lawyer understands, as a coded
message (records.messages) that the web pages translate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from email_validator import EmailNotValidError, validate_email

from records.messages import FieldError, Message, Param, error_message

__all__ = ["FieldError", "Fields", "Message"]

A_NUMBER = re.compile(r"^A?([0-9]{8,9})$")  # ASCII digits only: \d matches any script
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
EARLIEST = date(1900, 1, 1)
# The longest text each reader takes, in characters (for a list, each entry). The wizard
# refuses to store anything longer, so it reads them too, through drafts.LIMITS.
TEXT_LIMIT = 2000
ENTRY_LIMIT = 200
DATE_LIMIT = 40
TIME_LIMIT = 20
EMAIL_LIMIT = 254
PHONE_LIMIT = 40
A_NUMBER_LIMIT = 40

UNKNOWN_KEY = error_message("unknown-key", "unknown key (known keys: %(known)s)")
NOT_TEXT = error_message("not-text", "must be text")
NUMBER_TOO_LONG = error_message("number-too-long", "is too long")
TOO_LONG = error_message("too-long", "is too long (%(length)s characters; at most %(limit)s)")
NOT_A_CHOICE = error_message("not-a-choice", "must be one of: %(options)s (got %(value)s)")
NOT_NAMES = error_message("not-names", "must be a list of names")
NAME_TOO_LONG = error_message("name-too-long",
                              "an entry is too long (at most %(limit)s characters)")
NOT_A_DATE = error_message("not-a-date",
                           "not a date: %(value)s (use YYYY-MM-DD, e.g. 2019-07-22)")
BEFORE_1900 = error_message("before-1900", "is before 1900; check the year")
NOT_A_TIME = error_message("not-a-time",
                           "not a time: %(value)s (use HH:MM on a 24-hour clock, e.g. 14:30)")
NOT_AN_EMAIL = error_message("not-an-email", "not an email address")
NOT_A_PHONE = error_message("not-a-phone", "not a phone number (7 to 15 digits)")
NOT_AN_A_NUMBER = error_message(
    "not-an-a-number", "not an A-number (the letter A and 8 or 9 digits, e.g. A012345678)")
NOT_DOLLARS = error_message("not-dollars", "must be an amount in dollars, e.g. 25 (got that)")
NOT_DOLLARS_SHOWN = error_message("not-dollars-shown",
                                  "must be an amount in dollars, e.g. 25 (got %(value)s)")
NEGATIVE_DOLLARS = error_message("negative-dollars", "must be 0 or more dollars")
TOO_MANY_DOLLARS = error_message("too-many-dollars", "must be at most %(amount)s")
NOT_A_FLAG = error_message("not-a-flag", "must be true or false (got %(value)s)")
NOT_AN_OBJECT = error_message("not-an-object", "must be an object with named fields")
BIDI_CONTROL = error_message(
    "bidi-control", "contains an invisible control character (%(character)s) that could "
    "reorder the letter's text; delete it")
CONTROL_CHARACTER = error_message(
    "control-character", "contains an invisible control character (%(character)s) that "
    "cannot be printed; delete it")
LINE_BREAK = error_message(
    "line-break", "contains a line break or tab (%(character)s); write it on one line")

# Invisible characters in answers. Every answer is printed in the letter, so a character
# that changes how the text around it is laid out is refused, never silently dropped: the
# user sees where it is and deletes it, and the letter prints exactly what was typed.
# - Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) can
#   show a letter's text in an order other than the order it was typed (Unicode Standard
#   Annex #9, https://www.unicode.org/reports/tr9/; the "Trojan Source" attack,
#   https://trojansource.codes/). Refused in every field, names and addresses included.
# - C0 controls, DEL and C1 controls (Unicode category Cc) print as nothing or as boxes.
#   Refused, except tab, line feed and carriage return in the fields of several lines
#   (records.drafts passes multiline=True: the addresses, description, incident summary,
#   fee waiver, dissemination and expedite): browsers send a text box's line breaks as
#   CR LF, and the letter keeps its lines. In one-line fields (names, places, dates)
#   those three, and the Unicode line and paragraph separators, are refused too.
# - Left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C) are
#   allowed: they are zero-width marks with no scope, used in real Arabic and Hebrew text
#   to place punctuation; they cannot reverse a run of letters. Arabic and Hebrew text
#   needs no control character at all: the renderer orders it by the bidi algorithm.
# White space at either end of an answer (which can include some controls) is trimmed
# before these checks, as it always was.
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
MULTILINE_CONTROLS = frozenset("\t\n\r")
LINE_SEPARATORS = frozenset("\t\n\r\u2028\u2029")
# Unicode's name aliases for the controls a user is most likely to paste (unicodedata has
# no names for controls); others show as their code point alone.
CONTROL_NAMES = {0x00: "NULL", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
                 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
                 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


FLAG_WORDS = {"true": True, "yes": True, "false": False, "no": False}


def as_flag(value: object) -> bool | None:
    """A yes/no answer: JSON true/false, or "true"/"false"/"yes"/"no" from a form or a
    spreadsheet cell; None for anything else."""
    if isinstance(value, bool):
        return value
    return FLAG_WORDS.get(value.strip().lower()) if isinstance(value, str) else None


def describe_character(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character the user cannot see, named."""
    code = ord(char)
    name = CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def invisible_problem(value: str, *, multiline: bool = False) -> tuple[Message, str] | None:
    """The first character of `value` that an answer may not contain, as the message to
    give and the character's description; None when there is none."""
    for char in value:
        code = ord(char)
        if code in BIDI_CONTROLS:
            return BIDI_CONTROL, describe_character(char)
        if multiline and char in MULTILINE_CONTROLS:
            continue
        if char in LINE_SEPARATORS:
            return LINE_BREAK, describe_character(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            return CONTROL_CHARACTER, describe_character(char)
    return None


def _shown_key(key: object) -> str:
    """A key the user typed, safe to put in a one-line error: plain keys as they are,
    anything else quoted (so a newline or tab shows as \\n) and cut to 40 characters."""
    text = str(key)
    if text and text.isprintable() and text.strip() == text and len(text) <= 40:
        return text
    return repr(text[:40])


class Fields:
    """Reads typed values out of one answers object, collecting problems."""

    def __init__(self, data: Mapping[str, Any], prefix: str, errors: list[FieldError]) -> None:
        self.data, self.prefix, self.errors = data, prefix, errors

    def path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: Message, **params: Param) -> None:
        self.errors.append(message.at(self.path(key), **params))

    def has(self, key: str) -> bool:
        value = self.data.get(key)
        return value not in (None, "", [], {})

    def unknown_keys(self, known: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in known:
                self.fail(_shown_key(key), UNKNOWN_KEY, known=", ".join(known))

    def text(self, key: str, *, required: Message | None = None, limit: int = TEXT_LIMIT,
             multiline: bool = False) -> str:
        """A string; `required` is the message to show when it is missing. `multiline`
        fields (typed in a text box) may hold tabs and line breaks."""
        value = self.data.get(key)
        if value is None or value == "":
            if required is not None:
                self.fail(key, required)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, NOT_TEXT)
            return ""
        try:
            value = str(value).strip()
        except ValueError:  # an integer too long to print (Python's 4300-digit limit)
            self.fail(key, NUMBER_TOO_LONG)
            return ""
        if not value and required is not None:
            self.fail(key, required)
        if len(value) > limit:
            self.fail(key, TOO_LONG, length=len(value), limit=limit)
            return value[:limit]
        if not self._printable(key, value, multiline=multiline):
            return ""
        return value

    def _printable(self, key: str, value: str, *, multiline: bool = False) -> bool:
        """False, with the problem recorded, when `value` holds a character an answer may
        not contain (see invisible_problem)."""
        problem = invisible_problem(value, multiline=multiline)
        if problem is None:
            return True
        message, character = problem
        self.fail(key, message, character=character)
        return False

    def choice(self, key: str, options: tuple[str, ...], *, default: str = "",
               required: Message | None = None) -> str:
        value = self.text(key, required=required) or default
        if value and value not in options:
            self.fail(key, NOT_A_CHOICE, options=", ".join(options), value=repr(value))
            return default
        return value

    def texts(self, key: str, *, limit: int = ENTRY_LIMIT) -> tuple[str, ...]:
        """A list of strings; a single string separated by ';' is accepted (CSV)."""
        value = self.data.get(key)
        if value in (None, "", []):
            return ()
        if isinstance(value, str):
            value = value.split(";")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, NOT_NAMES)
            return ()
        items = tuple(v.strip() for v in value if v.strip())
        for item in items:
            if len(item) > limit:
                self.fail(key, NAME_TOO_LONG, limit=limit)
            elif not self._printable(key, item):
                return ()
        return items

    def day(self, key: str, *, required: Message | None = None) -> date | None:
        raw = self.text(key, required=required, limit=DATE_LIMIT)
        if not raw:
            return None
        try:
            # fromisoformat also reads week dates ("2019-W30-1"); only YYYY-MM-DD is allowed.
            if not ISO_DATE.match(raw):
                raise ValueError(raw)
            value = date.fromisoformat(raw)
        except ValueError:
            self.fail(key, NOT_A_DATE, value=repr(raw))
            return None
        if value < EARLIEST:
            self.fail(key, BEFORE_1900)
            return None
        return value

    def clock(self, key: str) -> time | None:
        raw = self.text(key, limit=TIME_LIMIT)
        if not raw:
            return None
        match = TIME.match(raw)
        if not match:
            self.fail(key, NOT_A_TIME, value=repr(raw))
            return None
        return time(int(match[1]), int(match[2]))

    def email(self, key: str, *, required: Message | None = None) -> str:
        raw = self.text(key, required=required, limit=EMAIL_LIMIT)
        if not raw:
            return ""
        try:
            return str(validate_email(raw, check_deliverability=False).normalized)
        except EmailNotValidError:
            self.fail(key, NOT_AN_EMAIL)
            return raw

    def phone(self, key: str) -> str:
        raw = self.text(key, limit=PHONE_LIMIT)
        digits = re.sub(r"[^0-9]", "", raw)
        if raw and not 7 <= len(digits) <= 15:
            self.fail(key, NOT_A_PHONE)
        return raw

    def a_number(self, key: str) -> str:
        """An A-number, normalised to 'A' and nine digits (A-012-345-678 -> A012345678)."""
        raw = self.text(key, limit=A_NUMBER_LIMIT)
        if not raw:
            return ""
        match = A_NUMBER.match(re.sub(r"[\s-]", "", raw).upper())
        if not match:
            self.fail(key, NOT_AN_A_NUMBER)
            return ""
        return "A" + match[1].zfill(9)

    def dollars(self, key: str, *, default: Decimal, limit: Decimal) -> Decimal:
        value = self.data.get(key)
        if value is None or value == "":
            return default
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            amount = Decimal(str(value).strip().lstrip("$").replace(",", ""))
        except (InvalidOperation, ValueError):  # ValueError: an int too long to print
            if isinstance(value, str) and len(value) < 40:
                self.fail(key, NOT_DOLLARS_SHOWN, value=repr(value))
            else:
                self.fail(key, NOT_DOLLARS)
            return default
        if not amount.is_finite() or amount < 0:
            self.fail(key, NEGATIVE_DOLLARS)
            return default
        if amount > limit:
            self.fail(key, TOO_MANY_DOLLARS, amount=f"${limit:,}")
            return default
        # "-0" is 0: Decimal keeps the sign of a negative zero, and a letter must not
        # print "$-0.00".
        return abs(amount).quantize(Decimal("0.01"))

    def flag(self, key: str) -> bool | None:
        """A yes/no answer (see as_flag). None when absent."""
        value = self.data.get(key)
        if value is None or value == "":
            return None
        flag = as_flag(value)
        if flag is None:
            self.fail(key, NOT_A_FLAG, value=repr(value)[:40])
        return flag

    def child(self, key: str, *, required: Message | None = None) -> Fields | None:
        """The nested object at `key` (None when absent)."""
        value = self.data.get(key)
        if value is None or value == {}:
            if required is not None:
                self.fail(key, required)
            return None
        if not isinstance(value, Mapping):
            self.fail(key, NOT_AN_OBJECT)
            return None
        return Fields(value, f"{self.path(key)}.", self.errors)
