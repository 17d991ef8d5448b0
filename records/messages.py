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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


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
