"""Coded messages for bad input: a stable code, an English template and named parameters.

Each module that reports bad input declares its messages once, at module level, with
`error_message("not-an-email", "not an email address")`; `pybabel extract` reads the
English (keyword `error_message:2`), so the Spanish lives in the same gettext catalog as
the rest of the interface. A `FieldError` names the field and the code and carries the
parameters; `str(error)` and `error.message` are the English that the CLI and the JSON
API print, and `error.render(gettext)` is the same message in the reader's language.
Code branches on `error.code`, never on the English.

No Flask here: the validator and the deadline engine run from the command line too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


def N_(text: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark a string for extraction without translating it (pybabel's default keyword)."""
    return text


# The word between alternatives ("mail or portal"), translated like any other.
OR = N_("or")


@dataclass(frozen=True)
class Alternatives:
    """A list shown as "a or b or c", with "or" in the reader's language."""

    items: tuple[str, ...]

    def __init__(self, items: Iterable[str]) -> None:
        object.__setattr__(self, "items", tuple(items))

    def render(self, gettext: Callable[[str], str]) -> str:
        return f" {gettext(OR)} ".join(self.items)


Param = str | int | Alternatives
Gettext = Callable[[str], str]


def _english(text: str) -> str:
    return text


@dataclass(frozen=True)
class Message:
    """One kind of problem: its stable code and its English template (`%(name)s`), with
    any parameters already known where the message is chosen."""

    code: str
    template: str
    params: Mapping[str, Param] = dataclasses.field(default_factory=dict, hash=False)

    def with_params(self, **params: Param) -> Message:
        return Message(self.code, self.template, {**self.params, **params})

    def at(self, where: str, **params: Param) -> FieldError:
        """This problem, found in the field `where`."""
        return FieldError(where, self.code, {**self.params, **params})


# Every declared message by code, so an error can find its template and the tests can
# check that each one is translated.
MESSAGES: dict[str, Message] = {}


def error_message(code: str, template: str) -> Message:
    """Declare a message. One code means one English template, everywhere."""
    known = MESSAGES.setdefault(code, Message(code, template))
    if known.template != template:
        raise ValueError(f"message code {code!r} declared twice with different English")
    return known


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: its dotted path (`requester.email`), code and parameters."""

    field: str
    code: str
    params: Mapping[str, Param] = dataclasses.field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.code not in MESSAGES:
            raise ValueError(f"undeclared message code {self.code!r}")

    @property
    def template(self) -> str:
        return MESSAGES[self.code].template

    @property
    def message(self) -> str:
        """The English message, as the CLI and the JSON API show it."""
        return self.render(_english)

    def render(self, gettext: Gettext) -> str:
        """The message in the language `gettext` translates to (English when it has none)."""
        values = {k: v.render(gettext) if isinstance(v, Alternatives) else v
                  for k, v in self.params.items()}
        try:
            return _fill(gettext(self.template), values)
        except (KeyError, ValueError, TypeError):
            # A translation whose placeholders do not match the English: the English,
            # complete, is better than an error page.
            return _fill(self.template, values)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _fill(text: str, values: Mapping[str, object]) -> str:
    # gettext's convention: a message without parameters is not %-formatted.
    return text % values if values else text


# ------------------------------------------------------------------ sentences, not errors
# The deadline engine's explanations, notes and other readings of the law: each sentence is
# a `Say` (an English msgid with named parameters, extracted by pybabel: keyword `Say`).
# `str(say)` is the English the CLI and the JSON API print, dates written "Wed 2025-02-12";
# `say.render(gettext, day)` is the same sentence in the reader's language, each date
# written by `day` (records.web.messages.say: words in the interface language).

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # fixed: not the locale's
AND = N_("and")  # the word between names ("Truman Day and ..."), translated like "or"


def short_day(day: date) -> str:
    """How the engine writes a date in English: "Wed 2025-02-12"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.isoformat()}"


@dataclass(frozen=True)
class Iso:
    """A date the English writes as 2025-02-12 (no weekday); in words like any other."""

    day: date


DayWords = Callable[[date], str]


@dataclass(frozen=True)
class Say:
    """One sentence: an English msgid (`%(name)s` placeholders) and its parameters.

    A parameter is a plain string (a name, a citation: shown as it is), a number, a date
    (or `Iso`), `Alternatives`, or another Say or Joined (rendered in the same language).
    A Say without parameters is text from data (a clock's note): translated when the
    catalog has it, else shown in English.
    """

    msgid: str
    params: Mapping[str, Arg] = dataclasses.field(default_factory=dict, hash=False)

    def __init__(self, msgid: str, **params: Arg) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)

    def render(self, gettext: Gettext = _english, day: DayWords | None = None) -> str:
        """The sentence in the language of `gettext`; `day` writes dates (None: English)."""
        if not self.msgid:
            return ""  # gettext("") is the catalog's header, not a translation
        values = {k: _arg(v, gettext, day) for k, v in self.params.items()}
        try:
            return _fill(gettext(self.msgid), values)
        except (KeyError, ValueError, TypeError):
            return _fill(self.msgid, values)  # a translation with other placeholders

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Joined:
    """Sentences joined by `sep` ("; "), or by a translated word (`AND`) with spaces."""

    items: tuple[Text, ...]
    sep: str = "; "
    word: str = ""

    def __init__(self, items: Iterable[Text], sep: str = "; ", word: str = "") -> None:
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)
        object.__setattr__(self, "word", word)

    def render(self, gettext: Gettext = _english, day: DayWords | None = None) -> str:
        sep = f" {gettext(self.word)} " if self.word else self.sep
        return sep.join(str(_arg(item, gettext, day)) for item in self.items)

    def __str__(self) -> str:
        return self.render()


Text = Say | Joined
Arg = str | int | date | Iso | Alternatives | Say | Joined


def _arg(value: Arg, gettext: Gettext, day: DayWords | None) -> str | int:
    if isinstance(value, Say | Joined):
        return value.render(gettext, day)
    if isinstance(value, Alternatives):
        return value.render(gettext)
    if isinstance(value, Iso):
        return value.day.isoformat() if day is None else day(value.day)
    if isinstance(value, date):
        return short_day(value) if day is None else day(value)
    return value


def join(items: Sequence[Text], sep: str = "; ") -> Text:
    """One item as itself, several as Joined."""
    return items[0] if len(items) == 1 else Joined(items, sep)
