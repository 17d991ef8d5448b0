"""Every script, every name: names in any script print as typed, invisible controls that
could reorder a letter's text are refused at their field, and a letter is not dated far
ahead.

The glyph check reads the PDF itself: WeasyPrint draws a character no font has as the
.notdef glyph, through an /Encoding CMap that maps that code to CID 0 (weasyprint/pdf/
fonts.py). `test_the_glyph_check_fails_when_the_fallback_font_is_absent` renders with the
fallback font hidden from fontconfig and shows the same check then finds the missing
Chinese, Japanese and Korean characters, so the check cannot pass vacuously.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from records import pdf
from records.catalog import default_catalog
from records.config import ROOT
from records.drafts import MAX_DAYS_AHEAD, Draft, DraftError, validate
from records.letters import render_html
from tests.conftest import EXAMPLES, extract_text, load_example, make_answers
from tests.test_wizard import field_block, finished
from tests.wizard_helpers import HttpsClient, Page, Wizard, errors_on, form_steps

TODAY = date(2026, 11, 23)

NAMES = {
    "latin": "José Ñúñez Çelik",
    "vietnamese": "Nguyễn Thị Minh Khai",
    "arabic": "محمد عبد الله",
    "chinese": "王秀英",
    "japanese": "佐藤花子",
    "korean": "김민준",
    "cyrillic": "Екатерина Иванова",
}
CJK = {"chinese", "japanese", "korean"}
ASCII_NAME = "Ana Ruiz"
FALLBACK_PDF_NAME = pdf.FALLBACK_FAMILY.replace(" ", "-")  # "WenQuanYi-Micro-Hei"


def answers_named(name: str) -> dict[str, Any]:
    """A FOIA letter where the requester, the subject (who signs a consent page) and the
    person involved in the incident all have this name."""
    answers = make_answers("ice-foia-2019.json", delivery="mail", no_internet=True,
                           subject={"name": name, "relationship": "consent"})
    answers["requester"]["name"] = name
    answers["incident"]["people"] = [name]
    return answers


def draft_named(name: str) -> Draft:
    return validate(answers_named(name), catalog=default_catalog(), today=TODAY)


def font_names(data: bytes) -> set[str]:
    """The base font names in a PDF, subset tags removed (ABCDEF+DejaVu-Serif)."""
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _to_unicode(font: Any) -> dict[int, str]:
    """A font's ToUnicode CMap as code -> text (bfchar and bfrange entries)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    text = stream.get_object().get_data().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, uni in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(uni, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(start + offset)
    return table


def notdef_characters(data: bytes) -> set[str]:
    """The characters a PDF draws as .notdef (CID 0): each font's /Encoding CMap maps codes
    to CIDs, and a code mapped to 0 is a character that font has no glyph for."""
    reader = PdfReader(io.BytesIO(data))
    missing: set[str] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            encoding = font.get("/Encoding")
            if encoding is None or isinstance(encoding.get_object(), str):
                continue  # a named encoding (/Identity-H): every code is its own glyph
            cmap = encoding.get_object().get_data().decode("latin-1")
            unicode = _to_unicode(font)
            for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", cmap):
                if int(cid) == 0:
                    missing.add(unicode.get(int(code, 16), f"<code {code}>"))
    return missing


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {script: pdf.html_to_pdf(render_html(draft_named(name)))
            for script, name in NAMES.items()}


# --- names in every script print -----------------------------------------------------------


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_name_in_any_script_prints_with_a_real_glyph_for_every_character(
        rendered: dict[str, bytes], script: str) -> None:
    data = rendered[script]
    assert notdef_characters(data) == set(), f"{script}: drawn as empty boxes"


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_name_in_any_script_reads_back_exactly(rendered: dict[str, bytes],
                                                 script: str) -> None:
    name = NAMES[script]
    text = extract_text(rendered[script])
    # poppler marks right-to-left runs with embedding controls; the letters are the name's.
    text = type(text)(re.sub("[\u202a-\u202e]", "", text))
    # As often as a plain ASCII name in the same letter: the requester (return address,
    # signature, consent page), the subject and the person involved. Only the Arabic
    # possessive ("محمد عبد الله's") reads back out of order, as mixed-direction text does.
    expected = extract_text(pdf.html_to_pdf(render_html(draft_named(ASCII_NAME)))).count(
        ASCII_NAME)
    assert expected >= 10
    # Arabic may lose one occurrence next to Latin punctuation in the extracted text.
    allowed = (expected - 1, expected) if script == "arabic" else (expected,)
    assert text.count(name) in allowed


@pytest.mark.parametrize("script", sorted(NAMES))
def test_only_chinese_japanese_and_korean_names_use_the_fallback_font(
        rendered: dict[str, bytes], script: str) -> None:
    fonts = font_names(rendered[script])
    assert (FALLBACK_PDF_NAME in fonts) == (script in CJK), fonts
    assert all(f.startswith(("DejaVu", FALLBACK_PDF_NAME)) for f in fonts), fonts
    if script == "arabic":
        assert "DejaVu-Sans" in fonts  # DejaVu Serif has no Arabic letters


def _fallback_hidden_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig has every font but the fallback font's file."""
    font = pdf.fallback_font_file()
    assert font is not None
    conf = tmp_path / "fonts.conf"
    conf.write_text(textwrap.dedent(f"""\
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig>
          <include>/etc/fonts/fonts.conf</include>
          <selectfont><rejectfont><glob>{font}</glob></rejectfont></selectfont>
        </fontconfig>
        """))
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "PYTHONPATH": str(ROOT)}


def test_the_glyph_check_fails_when_the_fallback_font_is_absent(tmp_path: Path) -> None:
    # The same letter rendered by a process that cannot see the fallback font (and told
    # not to refuse to start without it): the checks above must then fail.
    script = textwrap.dedent("""\
        import json, sys
        from datetime import date
        from records import pdf
        from records.catalog import default_catalog
        from records.drafts import validate
        from records.letters import render_html
        assert pdf.fallback_font_file() is None, "the fallback font is still visible"
        pdf.check_environment = lambda: None
        draft = validate(json.loads(sys.argv[1]), catalog=default_catalog(),
                         today=date.fromisoformat(sys.argv[2]))
        sys.stdout.buffer.write(pdf.html_to_pdf(render_html(draft)))
        """)
    names = NAMES["chinese"] + NAMES["japanese"] + NAMES["korean"]
    done = subprocess.run([sys.executable, "-c", script, json.dumps(answers_named(names)),
                           TODAY.isoformat()], capture_output=True,
                          env=_fallback_hidden_env(tmp_path), cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert notdef_characters(done.stdout) == set(names)
    assert FALLBACK_PDF_NAME not in font_names(done.stdout)
    # And text extraction alone would not have noticed: the text layer still has them.
    assert names in extract_text(done.stdout)


def test_check_reports_a_missing_fallback_font_clearly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "records", "check"], capture_output=True,
                          text=True, env=_fallback_hidden_env(tmp_path), cwd=ROOT,
                          check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert pdf.FALLBACK_FAMILY in done.stderr and pdf.FALLBACK_PACKAGE in done.stderr
    assert "Chinese, Japanese and Korean" in done.stderr


def test_check_environment_names_the_package_when_the_font_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "fallback_font_file", lambda: None)
    with pytest.raises(pdf.RendererUnavailable, match=pdf.FALLBACK_PACKAGE):
        pdf.check_environment()


def test_this_machine_has_the_fallback_font() -> None:
    font = pdf.fallback_font_file()
    assert font is not None and Path(font).is_file()


def test_the_renderer_version_covers_the_fallback_font(monkeypatch: pytest.MonkeyPatch) -> None:
    version = pdf._renderer_version()
    monkeypatch.setattr(pdf, "fallback_font_file", lambda: None)
    assert pdf._renderer_version() != version


def _without_fallbacks(css: str) -> str:
    """letter.css with the font list it had before the fallbacks: DejaVu Serif, serif."""
    changed, count = re.subn(r"(html \{ font-family: )[^;]*;", r'\1"DejaVu Serif", serif;', css)
    assert count == 1, "letter.css's html font-family rule moved: update this test"
    return changed


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_latin_letters_are_unchanged_by_the_fallback_fonts(example: str) -> None:
    from weasyprint import CSS

    r = pdf.renderer()
    html = render_html(validate(load_example(example), catalog=default_catalog(),
                                today=TODAY))
    shipped = r.write_pdf(html)
    css = (ROOT / "letters" / "letter.css").read_text()
    before = CSS(string=_without_fallbacks(css), font_config=r.font_config)
    assert _without_fallbacks(css) != css
    old = r.html_class(string=html, base_url=pdf.STATIC_SCHEME, url_fetcher=r.fetcher
                       ).write_pdf(stylesheets=[before], font_config=r.font_config)

    def layout(data: bytes) -> str:
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data,
                              capture_output=True, check=True).stdout.decode()

    assert len(PdfReader(io.BytesIO(shipped)).pages) == len(PdfReader(io.BytesIO(old)).pages)
    assert font_names(shipped) == font_names(old)
    assert all(name.startswith("DejaVu-Serif") for name in font_names(shipped))
    assert layout(shipped) == layout(old)
    assert notdef_characters(shipped) == set()


# --- invisible controls are refused at their field ---------------------------------------

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
CONTROLS = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85",
            "\x9f"]
# Every free-text answer, by dotted path, with the example that asks it.
SINGLE_LINE = {
    "requester.name": "kcpd-sunshine-2019.json",
    "requester.organization": "kcpd-sunshine-2019.json",
    "requester.phone": "kcpd-sunshine-2019.json",
    "incident.place": "kcpd-sunshine-2019.json",
    "incident.people": "kcpd-sunshine-2019.json",
    "subject.name": "ice-privacy-act-self.json",
    "subject.birth_place": "ice-privacy-act-self.json",
    "subject.other_names": "ice-privacy-act-self.json",
}
MULTILINE = {
    "requester.address": "kcpd-sunshine-2019.json",
    "description": "kcpd-sunshine-2019.json",
    "fee_waiver": "ice-foia-2019.json",
    "expedite": "ice-foia-2019.json",
}


def with_value(path: str, value: str) -> dict[str, Any]:
    answers = make_answers((SINGLE_LINE | MULTILINE)[path])
    parent, _, key = path.rpartition(".")
    target = answers[parent] if parent else answers
    target[key] = [value] if path in ("incident.people", "subject.other_names") else value
    return answers


def problems(answers: dict[str, Any], today: date = TODAY) -> list[tuple[str, str, str]]:
    try:
        validate(answers, catalog=default_catalog(), today=today)
    except DraftError as exc:
        return [(e.field, e.code, e.message) for e in exc.errors]
    return []


@pytest.mark.parametrize("path", sorted(SINGLE_LINE | MULTILINE))
@pytest.mark.parametrize("char", BIDI)
def test_a_bidi_override_or_isolate_in_any_text_answer_is_refused_at_that_field(
        path: str, char: str) -> None:
    found = problems(with_value(path, f"Ana {char}zeihsaM"))
    assert [(f, c) for f, c, _ in found] == [(path, "bidi-control")]
    message = found[0][2]
    assert f"U+{ord(char):04X} " in message
    assert "reorder the letter's text; delete it" in message


def test_the_message_names_the_field_and_the_character() -> None:
    answers = make_answers()
    answers["requester"]["name"] = "Jordan \u202eAlvarez"
    with pytest.raises(DraftError) as info:
        validate(answers, catalog=default_catalog(), today=TODAY)
    assert str(info.value) == (
        "requester.name: contains an invisible control character (U+202E RIGHT-TO-LEFT "
        "OVERRIDE) that could reorder the letter's text; delete it")


@pytest.mark.parametrize("path", sorted(SINGLE_LINE | MULTILINE))
@pytest.mark.parametrize("char", CONTROLS)
def test_a_control_character_in_any_text_answer_is_refused_at_that_field(
        path: str, char: str) -> None:
    found = problems(with_value(path, f"Ana{char}Luis"))
    assert [(f, c) for f, c, _ in found] == [(path, "control-character")]
    assert f"U+{ord(char):04X}" in found[0][2]


@pytest.mark.parametrize("path", sorted(SINGLE_LINE))
@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\u2028", "\u2029"])
def test_a_line_break_or_tab_in_a_one_line_answer_is_refused(path: str, char: str) -> None:
    found = problems(with_value(path, f"Ana{char}Luis"))
    assert [(f, c) for f, c, _ in found] == [(path, "line-break")]


@pytest.mark.parametrize("path", sorted(MULTILINE))
def test_text_boxes_keep_their_lines_and_tabs(path: str) -> None:
    value = "2100 Main Street\r\nSuite 210\n\tKansas City, MO 64108"
    assert problems(with_value(path, value)) == []


@pytest.mark.parametrize("path", ["requester.name", "requester.address", "incident.place"])
@pytest.mark.parametrize("mark", ["", "\u200f", "\u200e", "\u061c"])
def test_right_to_left_text_and_direction_marks_pass(path: str, mark: str) -> None:
    value = f"محمد عبد الله{mark} (شارع {mark}12)"
    assert problems(with_value(path, value)) == []


def test_a_control_character_in_a_choice_or_a_date_is_refused_once() -> None:
    answers = make_answers(format="paper\u202e", date="2026-11-2\x003")
    assert sorted((f, c) for f, c, _ in problems(answers)) == [
        ("date", "control-character"), ("format", "bidi-control")]


VISIBLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                  max_size=20)


@given(st.sampled_from(sorted(SINGLE_LINE | MULTILINE)), st.sampled_from(BIDI), VISIBLE,
       VISIBLE)
def test_a_bidi_control_anywhere_in_an_answer_is_refused(path: str, char: str, before: str,
                                                         after: str) -> None:
    found = problems(with_value(path, f"{before}{char}{after}"))
    assert (path, "bidi-control") in [(f, c) for f, c, _ in found]


def test_no_refused_character_reaches_a_letter() -> None:
    # The examples' own text is clean, and so is every letter made from them.
    for example in sorted(p.name for p in EXAMPLES.glob("*.json")):
        html = render_html(validate(load_example(example), catalog=default_catalog(),
                                    today=TODAY))
        assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",
                             html), example


# --- the wizard shows the error at the field ----------------------------------------------


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("requester_name", "Jordan \u202eAlvarez", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("requester_address", "2100 Main\u2067 Street", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("requester_organization", "News\x1broom", "U+001B ESCAPE"),
])
def test_the_wizard_shows_a_control_character_error_at_its_field(
        web: HttpsClient, field: str, value: str, expected: str) -> None:
    wiz = Wizard(web)
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    response = wiz.post_errors("requester", {**form_steps(answers)["requester"], field: value})
    page = Page.of(response)
    errors = errors_on(page)
    assert len(errors) == 1 and expected in errors[0] and "delete it" in errors[0]
    assert expected in field_block(page, field).text()
    assert page.by_id(f"{field}-error") is not None
    # The typed text is kept, so the user can find the character and delete it.
    assert wiz.answers()["requester"][field.removeprefix("requester_")] == value
    for what in ("review", "done", "preview", "letter.pdf"):
        assert wiz.get(what).status_code < 500


def test_the_wizard_shows_the_error_in_spanish(web: HttpsClient) -> None:
    wiz = Wizard(web)
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    web.set_cookie("lang", "es")
    response = wiz.post_errors("requester", {**form_steps(answers)["requester"],
                                             "requester_name": "Jordan \u202eAlvarez"})
    assert any("que podría cambiar el orden del texto de la carta" in e
               for e in errors_on(Page.of(response)))


def test_arabic_typed_in_the_wizard_is_saved_and_printed(web: HttpsClient) -> None:
    wiz = Wizard(web)
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    name = NAMES["arabic"] + "\u200f"
    response = wiz.post("requester", {**form_steps(answers)["requester"],
                                      "requester_name": name})
    assert response.status_code == 302
    letter = wiz.get("letter.pdf")
    assert letter.status_code == 200
    assert notdef_characters(letter.data) == set()


# --- the letter's date ----------------------------------------------------------------------


def test_a_letter_may_be_dated_up_to_90_days_ahead() -> None:
    latest = TODAY + timedelta(days=MAX_DAYS_AHEAD)
    assert problems(make_answers(date=latest.isoformat())) == []
    assert problems(make_answers(date=None)) == []


@pytest.mark.parametrize("days", [MAX_DAYS_AHEAD + 1, 365, 365 * 20])
def test_a_letter_dated_more_than_90_days_ahead_is_refused_at_date(days: int) -> None:
    found = problems(make_answers(date=(TODAY + timedelta(days=days)).isoformat()))
    assert [(f, c) for f, c, _ in found] == [("date", "too-far-ahead")]
    assert found[0][2] == ("is more than 90 days after today (the latest is 2027-02-21); "
                           "check the year")


def test_the_90_days_count_from_the_today_given() -> None:
    answers = make_answers(date="2027-06-01")
    assert problems(answers, today=date(2027, 3, 3)) == []
    assert [c for _, c, _ in problems(answers, today=date(2027, 3, 2))] == ["too-far-ahead"]
