"""The rules of issue 8, read back from real PDFs.

Every answers file in tests/letter_cases/ (and the four examples/) is validated, rendered
to PDF by records.pdf exactly as the CLI and the web app do, and read back with pdftotext
(no -layout) and pdfinfo. Each rule is its own test function, parametrized only over the
letters it applies to, so a broken rule names itself and the letter that breaks it.

Page budgets (pdfinfo), per kind of letter: a Missouri Sunshine letter, public or under
RSMo 610.100.4, at most 3 pages; a FOIA letter at most 4 pages, plus 1 for the subject's
consent page; a Privacy Act letter at most 4 pages, the last of them the certification of
identity (issue 8: "Privacy Act 3 + certification"). The examples: kcpd-sunshine-2019 <= 3,
ice-foia-2019 <= 4, ice-privacy-act-self <= 4 with the certification last.

Each PDF is rendered once per run: the first process that needs a letter renders it into a
directory every xdist worker of the run shares (under a lock, keyed by the letter's HTML and
the renderer's version), and each process reads it back once (`letter` is cached).
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from records.catalog import default_catalog
from records.drafts import Draft, DraftError, validate
from records.letters import longdate, render_html, weekday_date
from records.pdf import cache_key, html_to_pdf

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "letter_cases"
EXAMPLES_DIR = ROOT / "examples"
TODAY = date(2026, 11, 23)

CASES: dict[str, dict[str, Any]] = {
    p.stem: json.loads(p.read_text()) for p in sorted(CASES_DIR.glob("*.json"))}
EXAMPLES: dict[str, dict[str, Any]] = {
    f"example-{p.stem}": json.loads(p.read_text()) for p in sorted(EXAMPLES_DIR.glob("*.json"))}
ALL: dict[str, dict[str, Any]] = {**CASES, **EXAMPLES}

# Pages per kind of letter (see the module docstring).
PAGE_BUDGET = {"sunshine": 3, "sunshine-involved": 3, "foia": 4, "privacy-act": 4}
CONSENT_PAGE = 1  # a FOIA letter with the subject's consent carries one more page
EXAMPLE_BUDGET = {"example-kcpd-sunshine-2019": 3, "example-ice-foia-2019": 4,
                  "example-ice-privacy-act-self": 4}

FOOTER = re.compile(r"^Page \d+ of \d+$")
AFTER_LETTER = ("Certification of identity", "Consent to release of records")
CERTIFY = ("I certify that this statement is true and correct to the best of my knowledge "
           "and belief")


def kind(answers: dict[str, Any]) -> str:
    if answers["law"] == "mo-sunshine":
        return "sunshine" if answers.get("capacity", "public") == "public" \
            else "sunshine-involved"
    return str(answers["law"])


def flat(text: str) -> str:
    """Text with every run of white space, line breaks included, as one space."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Text without white space or hyphens: a line break in the PDF may split a word at a
    hyphen (pdftotext then drops it) or anywhere between words, so user text and citations
    are matched in this form."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


@dataclass(frozen=True)
class Letter:
    name: str
    answers: dict[str, Any]
    draft: Draft
    page_count: int  # from pdfinfo
    pages: tuple[str, ...]  # each page's text, footer dropped, white space flattened

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    @property
    def proper_pages(self) -> tuple[str, ...]:
        """The letter itself, without the certification or consent page after it."""
        for i, page in enumerate(self.pages):
            if page.startswith(AFTER_LETTER):
                return self.pages[:i]
        return self.pages

    @property
    def body(self) -> str:
        """From the salutation to the closing."""
        proper = " ".join(self.proper_pages)
        start = proper.index("Dear ")
        return proper[start:proper.index("Sincerely,", start)]

    def section(self, heading: str, until: str) -> str:
        start = self.text.index(heading)
        return self.text[start:self.text.index(until, start)]


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _pdfinfo_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.M)
    assert match, info
    return int(match[1])


_PDF_DIR: list[Path] = []  # set by the pdf_dir fixture: shared by the run's workers


@pytest.fixture(scope="module", autouse=True)
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "letter-rules"
    shared.mkdir(exist_ok=True)
    _PDF_DIR[:] = [shared]
    yield shared


def rendered(name: str, html: str) -> Path:
    """The letter's PDF, rendered by whichever worker asks first; the others wait for it."""
    directory = _PDF_DIR[0]
    path = directory / f"{name}-{cache_key(html)[:20]}.pdf"
    with (directory / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(html_to_pdf(html))
            partial.replace(path)
    return path


@cache
def letter(name: str) -> Letter:
    """Validate, render the real PDF, and read it back: once per case per process."""
    answers = ALL[name]
    draft = validate(copy.deepcopy(answers), catalog=default_catalog(), today=TODAY)
    path = rendered(name, render_html(draft))
    raw = _pdftotext(path)
    count = _pdfinfo_pages(path)
    pages = []
    for page in raw.split("\f"):
        lines = [line for line in page.splitlines() if not FOOTER.match(line.strip())]
        text = flat("\n".join(lines))
        if text:
            pages.append(text)
    return Letter(name, answers, draft, count, tuple(pages))


def cases(where: Any = None, *, examples: bool = True) -> list[str]:
    """The letters a rule applies to, chosen from their answers at collection time."""
    pool = ALL if examples else CASES
    chosen = [name for name, answers in pool.items() if where is None or where(answers)]
    assert chosen, "a rule must apply to at least one letter, or it cannot fail"
    return chosen


def subject_of(a: dict[str, Any]) -> dict[str, Any]:
    subject: dict[str, Any] = a.get("subject") or {}
    return subject


def relationship(a: dict[str, Any]) -> str:
    return str(subject_of(a).get("relationship", ""))


def is_federal(a: dict[str, Any]) -> bool:
    return a["law"] in ("foia", "privacy-act")


DHS = ("ice", "uscis", "cbp", "dhs-oig", "dhs-crcl")


def portal_era_mail(a: dict[str, Any]) -> bool:
    return a["agency"] in DHS and a.get("date", "") >= "2026-01-22" \
        and a.get("delivery") == "mail"


def by_portal(a: dict[str, Any]) -> bool:
    return a.get("delivery") == "portal" or (
        a["agency"] in DHS and a.get("date", "") >= "2026-01-22" and not a.get("delivery"))


def refused(answers: dict[str, Any]) -> DraftError:
    with pytest.raises(DraftError) as caught:
        validate(answers, catalog=default_catalog(), today=TODAY)
    return caught.value


def load(name: str) -> dict[str, Any]:
    return copy.deepcopy(ALL[name])


# ---------------------------------------------------------------- every case is a letter


@pytest.mark.parametrize("name", cases())
def test_case_validates(name: str) -> None:
    validate(load(name), catalog=default_catalog(), today=TODAY)


def test_cases_cover_every_kind() -> None:
    kinds = {kind(a) for a in CASES.values()}
    assert kinds == set(PAGE_BUDGET)
    grounds = {a.get("expedite_ground") for a in CASES.values()} - {None}
    assert grounds == {"life-safety", "urgency-to-inform", "due-process", "media-integrity"}
    assert {relationship(a) for a in CASES.values()} >= {
        "consent", "deceased", "self", "parent", "guardian"}
    assert {a.get("capacity") for a in CASES.values()} >= {
        "public", "involved", "attorney", "insurer", "family"}
    assert len(CASES) >= 12


# ---------------------------------------------------------------- page counts


@pytest.mark.parametrize("name", list(EXAMPLE_BUDGET))
def test_example_page_budget(name: str) -> None:
    found = letter(name)
    assert found.page_count <= EXAMPLE_BUDGET[name], \
        f"{name}: {found.page_count} pages, budget {EXAMPLE_BUDGET[name]}"


def test_example_privacy_act_certification_is_the_last_page() -> None:
    found = letter("example-ice-privacy-act-self")
    assert found.page_count == len(found.pages)
    assert found.pages[-1].startswith("Certification of identity"), found.pages[-1][:200]
    assert "Sincerely," not in found.pages[-1]


@pytest.mark.parametrize("name", cases(examples=False))
def test_case_page_budget(name: str) -> None:
    found = letter(name)
    budget = PAGE_BUDGET[kind(found.answers)]
    if relationship(found.answers) == "consent":
        budget += CONSENT_PAGE
    assert found.page_count <= budget, f"{name}: {found.page_count} pages, budget {budget}"


@pytest.mark.parametrize("name", cases(lambda a: a["law"] == "privacy-act"))
def test_privacy_act_certification_on_its_own_last_page(name: str) -> None:
    found = letter(name)
    assert found.pages[-1].startswith("Certification of identity"), found.pages[-1][:200]
    assert "Sincerely," not in found.pages[-1]
    assert sum(p.startswith("Certification of identity") for p in found.pages) == 1


@pytest.mark.parametrize("name", cases(lambda a: relationship(a) == "consent"))
def test_consent_on_its_own_last_page(name: str) -> None:
    found = letter(name)
    assert found.pages[-1].startswith("Consent to release of records"), found.pages[-1][:200]
    assert "Sincerely," not in found.pages[-1]


# ---------------------------------------------------------------- the closing


@pytest.mark.parametrize("name", cases())
def test_signature_never_alone_on_a_page(name: str) -> None:
    found = letter(name)
    last = [p for p in found.proper_pages if "Sincerely," in p]
    assert len(last) == 1, f"{name}: 'Sincerely,' on {len(last)} pages"
    before = last[0][:last[0].index("Sincerely,")].strip()
    assert before, f"{name}: the page with the signature holds nothing before 'Sincerely,'"
    assert "Please send the records" in before, \
        f"{name}: the contact paragraph is not on the signature's page: {before[-300:]!r}"


# ---------------------------------------------------------------- the incident, once


@pytest.mark.parametrize("name", cases(lambda a: "incident" in a))
def test_incident_stated_once_in_a_lead_sentence(name: str) -> None:
    found = letter(name)
    incident = found.draft.incident
    assert incident is not None
    lead = f"These records concern the incident on {weekday_date(incident.date)}"
    assert found.body.count(lead) == 1, f"{name}: lead sentence found " \
        f"{found.body.count(lead)} times"
    assert weekday_date(incident.date) in found.body


@pytest.mark.parametrize("name", cases(lambda a: "incident" in a))
def test_incident_date_not_repeated(name: str) -> None:
    """The date appears in the body once in the lead, once in the incident group's window
    and once in the policy group's heading ("in force on July 22, 2019"), and nowhere else:
    no item repeats it."""
    found = letter(name)
    draft = found.draft
    assert draft.incident is not None
    day = longdate(draft.incident.date)
    windows = {r.window for r in draft.records}
    expected = 1 + ("incident" in windows) + ("policy" in windows)
    assert flat(found.body).count(day) == expected, \
        f"{name}: {day!r} {found.body.count(day)} times in the body, expected {expected} " \
        "(lead, incident window, policy heading)"
    if "policy" in windows:
        assert f"in force on {day}, and any later revision" in found.body


@pytest.mark.parametrize("name", cases())
def test_items_never_say_for_the_incident(name: str) -> None:
    assert "For the incident" not in letter(name).text


@pytest.mark.parametrize("name", cases(lambda a: "incident" not in a))
def test_no_incident_no_word_incident(name: str) -> None:
    text = letter(name).text
    assert "incident" not in text.lower(), \
        f"{name}: {re.findall(r'.{60}incident.{60}', text, re.I)[:3]}"


# ---------------------------------------------------------------- phrases gone in issue 8


def _never(name: str, phrase: str) -> None:
    text = letter(name).text
    assert phrase not in text and squash(phrase) not in squash(text), \
        f"{name}: says {phrase!r}"


# Phrases no letter may print, each named for the rule it breaks.
NEVER = {
    "basis-lines": ("Basis:",),
    "unless-an-item-says-otherwise": ("Unless an item says otherwise",),
    "not-in-the-public-domain": ("not in the public domain",),
    "fee-cap-of-zero-dollars": ("up to $0.00", "$-0.00"),
    "1159-pm": ("11:59 p.m.",),
    "pol-011": ("POL 011",),
    "old-parent-or-guardian-phrase": ("for whom I act as parent or legal guardian held by",),
}


@pytest.mark.parametrize("name", cases())
@pytest.mark.parametrize("rule", NEVER)
def test_never_printed(rule: str, name: str) -> None:
    for phrase in NEVER[rule]:
        _never(name, phrase)


# ---------------------------------------------------------------- the subject


SUBJECT_LETTERS = cases(lambda a: relationship(a) in (
    "consent", "deceased", "self", "parent", "guardian"))


@pytest.mark.parametrize("name", SUBJECT_LETTERS)
def test_subject_block_lists_every_identifier(name: str) -> None:
    found = letter(name)
    s = subject_of(found.answers)
    block = squash(found.section("Subject of the records", "Records requested"))
    given = [s["name"], *s.get("other_names", []), s.get("birth_place"), s.get("address"),
             found.draft.subject.a_number if found.draft.subject else None,
             longdate(date.fromisoformat(s["birth_date"])) if s.get("birth_date") else None]
    missing = [v for v in given if v and squash(v) not in block]
    assert not missing, f"{name}: the Subject block lacks {missing}"


@pytest.mark.parametrize("name", cases(lambda a: relationship(a) == "consent"))
def test_consent_page_carries_the_subject_address(name: str) -> None:
    found = letter(name)
    address = subject_of(found.answers)["address"]
    consent = [p for p in found.pages if p.startswith("Consent to release of records")]
    assert consent and squash(address) in squash(consent[0])


@pytest.mark.parametrize("name", cases(lambda a: relationship(a) == "deceased"))
def test_deceased_cites_favish(name: str) -> None:
    text = letter(name).text
    assert "Favish" in text and "541 U.S. 157" in text
    assert "Death diminishes" in text and "privacy interest" in text


@pytest.mark.parametrize("name", cases(lambda a: relationship(a) == "deceased"))
def test_deceased_public_interest_weighed_only_with_fee_waiver(name: str) -> None:
    found = letter(name)
    weighs = "outweighs what privacy interest remains" in found.text
    assert weighs == bool(found.answers.get("fee_waiver")), \
        f"{name}: weighing sentence {'present' if weighs else 'absent'}, " \
        f"fee_waiver {'given' if found.answers.get('fee_waiver') else 'not given'}"


# ---------------------------------------------------------------- Privacy Act


@pytest.mark.parametrize("name", cases(lambda a: a["law"] == "privacy-act"))
def test_privacy_act_fees_are_copying_only(name: str) -> None:
    text = letter(name).text
    assert "552a(f)(5)" in text
    assert "search and duplication" not in text


@pytest.mark.parametrize("name", cases(lambda a: relationship(a) == "parent"))
def test_parent_letter(name: str) -> None:
    found = letter(name)
    child = subject_of(found.answers)["name"]
    assert f"as the parent of {child}, who is under 18" in found.text
    birth = date.fromisoformat(subject_of(found.answers)["birth_date"])
    on = found.draft.date
    assert on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day)) < 18


@pytest.mark.parametrize("name", cases(lambda a: relationship(a) == "guardian"))
def test_guardian_letter(name: str) -> None:
    found = letter(name)
    ward = subject_of(found.answers)["name"]
    assert f"legal guardian of {ward}, appointed by a court" in found.text
    assert "copy of the court order" in found.text


# ---------------------------------------------------------------- FOIA fee waiver


FACTORS = ("Government operations.", "Informative value.", "Significance.",
           "Commercial interest.")


@pytest.mark.parametrize("name", cases(lambda a: a["law"] == "foia" and "fee_waiver" in a))
def test_fee_waiver_paragraph_per_factor(name: str) -> None:
    found = letter(name)
    waiver = found.text[found.text.index("Fee waiver"):]
    missing = [f for f in FACTORS if f not in waiver]
    assert not missing, f"{name}: no labelled paragraph {missing}"
    understanding = "Public understanding." in waiver
    assert understanding == bool(found.answers.get("dissemination")), \
        f"{name}: 'Public understanding' {'present' if understanding else 'absent'}"


@pytest.mark.parametrize("name", cases(lambda a: "fee_waiver" in a))
def test_user_waiver_text_exactly_once(name: str) -> None:
    found = letter(name)
    text = squash(found.text)
    for key in ("fee_waiver", "dissemination"):
        if found.answers.get(key):
            count = text.count(squash(found.answers[key]))
            assert count == 1, f"{name}: {key} text appears {count} times"


# ---------------------------------------------------------------- expedited processing


PROVISIONS = {"life-safety": "(E)(v)(I)", "urgency-to-inform": "(E)(v)(II)",
              "due-process": "5.5(e)(1)(iii)", "media-integrity": "5.5(e)(1)(iv)"}


@pytest.mark.parametrize("name", cases(lambda a: "expedite" in a))
def test_expedite_cites_its_ground(name: str) -> None:
    found = letter(name)
    ground = found.answers["expedite_ground"]
    text = squash(found.text)
    assert squash(PROVISIONS[ground]) in text, f"{name}: no {PROVISIONS[ground]} for {ground}"
    others = [p for g, p in PROVISIONS.items() if g != ground and squash(p) in text]
    assert not others, f"{name}: cites other grounds' provisions {others}"
    assert squash(CERTIFY) in text, f"{name}: no certification sentence"


# ---------------------------------------------------------------- federal letters


@pytest.mark.parametrize("name", cases(is_federal))
def test_search_fee_bar_carries_its_exceptions(name: str) -> None:
    text = letter(name).text
    if "may not charge search fees" in text:
        assert "(viii)(II)" in squash(text)


def test_search_fee_bar_is_printed_somewhere() -> None:
    assert any("may not charge search fees" in letter(n).text for n in cases(is_federal))


@pytest.mark.parametrize("name", cases(is_federal))
def test_federal_preservation(name: str) -> None:
    assert "until this request and any appeal or lawsuit" in letter(name).text


@pytest.mark.parametrize("name", cases(portal_era_mail))
def test_dhs_mail_letter_asks_no_internet_exception(name: str) -> None:
    assert "do not have internet access" in letter(name).text


@pytest.mark.parametrize("name", cases(by_portal))
def test_portal_letter_never_claims_no_internet(name: str) -> None:
    assert "internet access" not in letter(name).text


# ---------------------------------------------------------------- Missouri


@pytest.mark.parametrize("name", cases(lambda a: a["law"] == "mo-sunshine"))
def test_sunshine_burden_610_027_2(name: str) -> None:
    assert "610.027.2" in letter(name).text


@pytest.mark.parametrize("name", cases(lambda a: a["agency"] != "kcpd"))
def test_morales_only_to_kcpd(name: str) -> None:
    _never(name, "Morales")


def test_morales_is_cited_to_kcpd() -> None:
    assert any("Morales" in letter(n).text for n in cases(lambda a: a["agency"] == "kcpd"))


@pytest.mark.parametrize("name", cases(lambda a: a["agency"] == "kc-city"))
def test_kc_city_letter_never_mentions_cad(name: str) -> None:
    assert not re.search(r"\bCAD\b", letter(name).text)


ACTING = ("attorney", "insurer", "family")


@pytest.mark.parametrize("name", cases(lambda a: a.get("capacity") in ACTING))
def test_involved_names_only_the_person_represented(name: str) -> None:
    found = letter(name)
    client = found.answers["represents"]
    text = found.text
    as_client = {"attorney": "as the attorney for {}", "insurer": "as the insurer of {}",
                 "family": "of consanguinity, of {}"}[found.answers["capacity"]]
    assert as_client.format(client) in text, f"{name}: does not name {client} as the client"
    assert f"on {client}'s behalf" in text
    others = [p for p in found.answers["incident"].get("people", []) if p != client]
    for other in others:
        for pattern in (as_client, "on {}'s behalf", "{}, a person involved"):
            assert pattern.format(other) not in text, \
                f"{name}: names {other}, not the client, in {pattern!r}"


def test_involved_cases_include_one_with_other_people() -> None:
    assert any(len(a["incident"].get("people", [])) > 1
               for a in CASES.values() if a.get("capacity") in ACTING)


@pytest.mark.parametrize("name", cases(lambda a: kind(a) == "sunshine-involved"))
def test_involved_thirty_days_or_motion(name: str) -> None:
    text = letter(name).text
    assert "thirty days" in text and "motion" in text and "610.100.4" in text


@pytest.mark.parametrize("name", cases(lambda a: a.get("capacity") == "family"))
def test_family_first_degree(name: str) -> None:
    assert "first degree" in letter(name).text


@pytest.mark.parametrize("name", cases(lambda a: a["agency"] == "morgan-county-sheriff"))
def test_morgan_county_housing_agreement_names_no_one(name: str) -> None:
    found = letter(name)
    assert set(found.answers["records"]) <= {"morgan-county-sheriff-igsa",
                                             "morgan-county-sheriff-igsa-payments"}
    people = found.answers["incident"]["people"]
    assert people
    named = [p for p in people if squash(p) in squash(found.text)]
    assert not named, f"{name}: prints {named} (8 CFR 236.6)"


def test_traffic_stop_never_mentions_ice() -> None:
    found = letter("sunshine-kcpd-traffic-2025")
    text = found.text
    # Built from the same KCPD presets as the 2019 letter, with no ICE in its answers: any
    # ICE, immigration or window in the PDF would come from the presets or the templates.
    assert all(r.startswith(("kcpd-", "mo-")) for r in found.answers["records"])
    answers = json.dumps(found.answers)
    assert "ICE" not in answers and "immigration" not in answers.lower()
    assert not re.search(r"\bICE\b", text), re.findall(r".{40}\bICE\b.{40}", text)
    assert "immigration" not in text.lower()
    assert "window" not in text.lower()


# ---------------------------------------------------------------- the window in words


def test_window_past_midnight_from_the_time() -> None:
    found = letter("sunshine-midnight-time")
    assert found.answers["incident"]["time"] == "23:30"
    assert ("from 10:30 p.m. on Monday, July 22, 2019, to 1:30 a.m. on Tuesday, "
            "July 23, 2019") in found.text


def test_explicit_window_past_midnight() -> None:
    found = letter("involved-insurer-explicit-window")
    incident = found.answers["incident"]
    assert (incident["window_from"], incident["window_to"]) == ("22:00", "02:00")
    assert ("from 10:00 p.m. on Friday, February 14, 2025, to 2:00 a.m. on Saturday, "
            "February 15, 2025") in found.text


# ---------------------------------------------------------------- fee limit of zero


@pytest.mark.parametrize("name", cases(lambda a: str(a.get("fee_limit")) in ("0", "-0")))
def test_zero_fee_limit_asks_to_be_told_first(name: str) -> None:
    found = letter(name)
    assert "tell me before incurring any fee" in found.text
    assert "$0.00" not in found.text and "$-0.00" not in found.text


def test_fee_limit_cases_include_minus_zero() -> None:
    assert {str(a.get("fee_limit")) for a in CASES.values()} >= {"0", "-0"}


# ---------------------------------------------------------------- refusals


def test_incident_presets_refused_without_incident_sunshine() -> None:
    answers = load("sunshine-kcpd-traffic-2025")
    del answers["incident"]
    errors = refused(answers).by_field()
    presets = {p.id: p for p in default_catalog().presets_for("kcpd")}
    needing = [i for i, r in enumerate(answers["records"]) if presets[r].needs == "incident"]
    assert len(needing) >= 5
    for i in needing:
        assert f"records[{i}]" in errors, f"records[{i}] ({answers['records'][i]}) accepted"
    assert all(presets[r].needs == "incident"
               for r in (answers["records"][int(k[8:-1])] for k in errors
                         if k.startswith("records[")))


def test_incident_presets_refused_without_incident_foia() -> None:
    answers = load("foia-ice-mail-no-internet-2026")
    del answers["incident"]
    errors = refused(answers).by_field()
    assert any("552(a)(3)(A)" in m for ms in errors.values() for m in ms), errors


@pytest.mark.parametrize("ground", ["due-process", "media-integrity"])
def test_dhs_only_grounds_refused_to_eoir(ground: str) -> None:
    answers = load("foia-eoir-life-safety-fee-minus-zero")
    answers["expedite_ground"] = ground
    assert "expedite_ground" in refused(answers).by_field()


@pytest.mark.parametrize("name", cases(lambda a: a.get("expedite_ground") in (
    "due-process", "media-integrity")))
def test_dhs_only_grounds_go_to_dhs(name: str) -> None:
    assert ALL[name]["agency"] in DHS


def test_commercial_fee_waiver_refused() -> None:
    answers = load("foia-eoir-commercial")
    answers["fee_waiver"] = "The public would benefit from knowing the court's policies."
    errors = refused(answers).by_field()
    assert any("6 CFR 5.11(k)(3)" in m for m in errors.get("fee_waiver", [])), errors


def test_dhs_mail_after_portal_rule_refused_without_no_internet() -> None:
    answers = load("foia-ice-mail-no-internet-2026")
    del answers["no_internet"]
    assert "delivery" in refused(answers).by_field()


@pytest.mark.parametrize("delivery", ["mail", "email"])
def test_dhs_before_portal_rule_mail_and_email_accepted(delivery: str) -> None:
    answers = load("foia-ice-email-2025")
    answers["delivery"] = delivery
    draft = validate(answers, catalog=default_catalog(), today=TODAY)
    assert draft.delivery == delivery and not draft.dhs_portal_era


def test_parent_of_an_adult_refused() -> None:
    answers = load("privacy-ice-parent-incident")
    answers["subject"]["birth_date"] = "2008-11-23"  # 18 on the letter's date
    assert "subject.relationship" in refused(answers).by_field()
