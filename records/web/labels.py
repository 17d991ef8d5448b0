"""The words for stored answers on the review and done pages, never their ids.

One source of words: a value the wizard asks with a choice is shown with that choice's
label from records.web.forms; only values no form offers as a short name (the fee
category as a name, the law) get their words here. Everything is a msgid
(lazy), so it is said in the interface's language when the page is made. Record titles go
through the catalog's `tr` filter in the templates; dates through `day_words`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from flask_babel import format_date, format_time
from flask_babel import lazy_gettext as _l

from records.catalog import Catalog
from records.vocabulary import Category, Law
from records.web import forms

# The fee category by its name: the form's choices add what each pays, too long for a line
# of the review ("Fee category: News media").
CATEGORY_NAMES: dict[str, Any] = {
    Category.NEWS_MEDIA: _l("News media"),
    Category.EDUCATIONAL: _l("Educational institution"),
    Category.NONCOMMERCIAL: _l("Noncommercial scientific institution"),
    Category.COMMERCIAL: _l("Commercial use"),
    Category.OTHER: _l("Anyone else (a person, family or advocate)"),
}
LAW_NAMES: dict[str, Any] = {
    Law.MO_SUNSHINE: _l("Missouri Sunshine Law"),
    Law.FOIA: _l("FOIA"),
    Law.PRIVACY_ACT: _l("Privacy Act and FOIA"),
}


def _choice_labels(choices: Iterable[Any]) -> dict[str, Any]:
    return {str(c.value): c.label for c in choices}


def _unbound_choices(unbound: Any) -> dict[str, Any]:
    """The labels of a form class's choice field (an UnboundField keeps its arguments)."""
    return _choice_labels(unbound.kwargs["choices"])


CAPACITY = _unbound_choices(forms.RequesterForm.capacity)
FORMAT = _unbound_choices(forms.FeesForm.format)
DELIVERY: dict[str, Any] = dict(forms.DELIVERY_LABELS)
GROUND: dict[str, Any] = {g.value: text for g, text in forms.GROUND_LABELS.items()}
ASKING_FOR: dict[str, Any] = {str(k): text for k, text in forms.ASKING_FOR_LABELS.items()}
# The review says a relationship as the Privacy Act's or FOIA's question offers it.
RELATIONSHIP = _choice_labels([*forms.PRIVACY_ACT_RELATIONSHIPS, *forms.FOIA_RELATIONSHIPS])


def word(words: Mapping[str, Any], value: Any) -> str:
    """A stored value in words. A value no list knows (an answer the validator refuses
    and shows as an error) is shown as typed: it is the user's own text."""
    if value in (None, ""):
        return ""
    return str(words.get(str(value), value))


def day_words(day: date | str | None) -> str:
    """A date in words in the interface language: "July 22, 2019", "22 de julio de 2019".
    Text that is not a date (a typing mistake the page reports) is shown as typed."""
    if isinstance(day, str):
        typed = day
        try:
            day = date.fromisoformat(typed)
        except ValueError:
            return typed
    return str(format_date(day, format="long")) if day else ""


def time_words(value: time | str | None) -> str:
    """A time of day as the interface language writes it ("10:00 AM", "10:00")."""
    if isinstance(value, str):
        typed = value
        try:
            value = time.fromisoformat(typed)
        except ValueError:
            return typed
    return str(format_time(value, format="short")) if value else ""


def record_titles(catalog: Catalog, agency_id: str, ids: Iterable[str]) -> list[tuple[str, bool]]:
    """The titles of chosen presets, in the agency's order, each with whether the catalog
    knows it: an unknown id (an error on the records step) is shown as is."""
    titles = {p.id: p.title for p in catalog.presets_for(agency_id)} \
        if agency_id in catalog.agencies else {}
    return [(titles.get(i, i), i in titles) for i in ids]


def template_globals() -> dict[str, Any]:
    """What the review and done templates use to say values in words."""
    return {"labels": {"category": CATEGORY_NAMES, "law": LAW_NAMES, "asking_for": ASKING_FOR,
                       "capacity": CAPACITY, "format": FORMAT, "delivery": DELIVERY,
                       "ground": GROUND, "relationship": RELATIONSHIP},
            "word": word, "day_words": day_words, "time_words": time_words}
