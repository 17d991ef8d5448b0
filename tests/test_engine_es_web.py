"""The deadline engine's sentences on a page: the `say` filter renders them through the
interface's gettext catalog, with dates in words in the interface language."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

import records.web.messages as web_messages
from records.deadlines import build_case, compute
from records.deadlines.counting import closed_note
from records.deadlines.model import SAFE_FOR
from records.messages import Joined, Say
from records.vocabulary import Side

# A fake Spanish for a few msgids, so the test does not wait for the final translation pass.
FAKE_ES = {
    "%(date)s: day %(day)s": "%(date)s: día %(day)s",
    "%(date)s: %(label)s%(closed)s (day 0)": "%(date)s: %(label)s%(closed)s (día 0)",
    "the custodian of records received the request":
        "el encargado de los documentos recibió la solicitud",
    ", on %(names)s, a holiday": ", el %(names)s, día feriado",
    "weekend, skipped": "fin de semana, no se cuenta",
    "%(date)s: %(reason)s": "%(date)s: %(reason)s",
    "and": "y",
    # A translation whose placeholders do not match: the English is shown instead.
    "%(date)s: due": "%(fecha)s: vence",
}


@pytest.fixture
def fake_spanish(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def gettext(text: str) -> str:
        asked.append(text)
        return FAKE_ES.get(text, text)

    monkeypatch.setattr(web_messages, "gettext", gettext)
    return asked


def test_a_spanish_clock_line_has_its_date_in_spanish_words(app: Flask,
                                                            fake_spanish: list[str]) -> None:
    line = Say("%(date)s: day %(day)s", date=date(2026, 7, 2), day=1)
    with app.test_request_context(), force_locale("es"):
        assert web_messages.say(line) == "jueves, 2 de julio de 2026: día 1"
    assert "%(date)s: day %(day)s" in fake_spanish  # looked up by its msgid
    assert str(line) == "Thu 2026-07-02: day 1"  # the CLI's English is untouched


def test_day_zero_on_a_holiday_in_spanish(app: Flask, fake_spanish: list[str]) -> None:
    case = build_case("mo-sunshine", "2026-05-08", today=date(2026, 5, 8), agency="kcpd")
    response = compute(case)[0]
    with app.test_request_context(), force_locale("es"):
        first = web_messages.say(response.explanation[0])
        weekend = web_messages.say(response.explanation[1])
    assert first == ("viernes, 8 de mayo de 2026: el encargado de los documentos recibió la "
                     "solicitud, el Día de Truman, día feriado (día 0)")  # es.toml names it
    assert weekend == "sábado, 9 de mayo de 2026: fin de semana, no se cuenta"


def test_names_joined_by_and_use_the_translated_word(app: Flask,
                                                     fake_spanish: list[str]) -> None:
    names = Joined([Say("Truman Day"), Say("Lincoln Day")], word="and")
    with app.test_request_context(), force_locale("es"):
        assert web_messages.say(names) == "Día de Truman y Día de Lincoln"  # es.toml
    assert str(names) == "Truman Day and Lincoln Day"


def test_a_translation_with_other_placeholders_falls_back_to_the_english(
        app: Flask, fake_spanish: list[str]) -> None:
    with app.test_request_context(), force_locale("es"):
        assert web_messages.say(Say("%(date)s: due", date=date(2026, 7, 2))) == \
            "jueves, 2 de julio de 2026: due"


def test_the_real_catalog_translates_the_safe_date_words(app: Flask) -> None:
    with app.test_request_context(), force_locale("es"):
        words = web_messages.say(SAFE_FOR[Side.REQUESTER])
        empty = web_messages.say("")
    assert words != SAFE_FOR[Side.REQUESTER] and "fecha" in words
    assert empty == ""


def test_in_english_a_page_says_the_same_sentence_with_the_date_in_words(app: Flask) -> None:
    case = build_case("foia", "2025-12-19", today=date(2026, 1, 5), agency="ice")
    line = compute(case)[0].explanation[5]
    with app.test_request_context(), force_locale("en"):
        shown = web_messages.say(line)
    assert str(line) == ("Wed 2025-12-24: day 3; Christmas Eve closure by executive order: "
                         "counted here as a working day; another reading skips it")
    assert shown == ("Wednesday, December 24, 2025: day 3; Christmas Eve closure by executive "
                     "order: counted here as a working day; another reading skips it")


def test_closed_note_is_empty_on_an_ordinary_day() -> None:
    case = build_case("foia", "2025-12-19", today=date(2026, 1, 5), agency="ice")
    assert closed_note(case.calendar, date(2025, 12, 19)) == ""


def items(html: str, css_class: str) -> list[str]:
    block = re.search(rf'<(?:ol|ul) class="{css_class}">(.*?)</(?:ol|ul)>', html, re.S)
    assert block, css_class
    return [unescape(re.sub(r"<[^>]+>", "", li)).strip()
            for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


CALCULATOR = "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-05-08&today=2026-05-08"


def test_the_spanish_calculator_writes_the_explanation_dates_in_spanish(
        client: FlaskClient) -> None:
    english = client.get(CALCULATOR).data.decode()
    client.get("/lang/es")
    spanish = client.get(CALCULATOR).data.decode()
    lines_en, lines_es = items(english, "explanation"), items(spanish, "explanation")
    assert lines_en[0].startswith("Friday, May 8, 2026: ")
    assert lines_es[0].startswith("viernes, 8 de mayo de 2026: ")
    assert lines_es[1].startswith("sábado, 9 de mayo de 2026: ")
    assert not any(re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 20\d\d-", li)
                   for li in lines_es), lines_es
    readings = items(spanish, "alternatives")
    assert readings and not any("%(" in r for r in readings), readings
