"""The next letter, one click away (issue 9), read back from real PDFs.

Every case in tests/followup_cases/ is rendered to PDF by records.tracker.followups exactly
as the tracker will, and read back with pdftotext and pdfinfo. Each rule is its own test,
so a broken rule names itself and the letter that breaks it. Page budget: one page, unless
a case says otherwise (`pages`, for long user arguments or many exemptions).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from records.catalog import default_catalog
from records.catalog.followups import (
    FOLLOWUPS_FILE,
    default_followups,
    exemption_key,
    followup_problems,
    read_followups,
)
from records.letters import weekday_date
from records.tracker.followup_rules import REQUIRED
from records.tracker.followups import (
    FOLLOW_UP_TITLES,
    FOLLOW_UPS_BY_LAW,
    Facts,
    FollowUpError,
    FollowUpKind,
    problems,
    render_html,
    render_pdf,
    render_text,
)
from records.vocabulary import Law
from tests.followup_helpers import CASES, case

LETTERS = Path(__file__).resolve().parent.parent / "letters"
_DIR = Path(tempfile.mkdtemp(prefix="followups-"))


def flat(text: str) -> str:
    return " ".join(text.split())


@cache
def pdf(name: str) -> tuple[str, int]:
    """The case's letter as text (white space flattened, footer dropped) and its pages."""
    path = _DIR / f"{name}.pdf"
    path.write_bytes(render_pdf(*case(name)))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.M)
    assert match
    return flat(re.sub(r"Page \d+ of \d+", " ", text)), int(match[1])


def text(name: str) -> str:
    return pdf(name)[0]


def last_page(name: str) -> str:
    pages = pdf(name)[1]
    found = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), "-enc", "UTF-8",
                            str(_DIR / f"{name}.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout
    return flat(re.sub(r"Page \d+ of \d+", " ", found))


def of_kind(*kinds: str) -> list[str]:
    return [n for n, c in CASES.items() if c["kind"] in kinds]


def fields_of(found: list[Any]) -> list[str]:
    return [e.field for e in found]


APPEALS = [k.value for k in FollowUpKind if k.is_appeal]


# ---------------------------------------------------------------- the interface


def test_every_kind_exists_for_some_law_and_has_a_title() -> None:
    listed = {k for kinds in FOLLOW_UPS_BY_LAW.values() for k in kinds}
    assert listed == set(FollowUpKind) == set(FOLLOW_UP_TITLES)
    assert set(FOLLOW_UPS_BY_LAW) == set(Law)


def test_amendment_exists_only_for_the_privacy_act() -> None:
    assert FollowUpKind.AMEND in FOLLOW_UPS_BY_LAW[Law.PRIVACY_ACT]
    assert FollowUpKind.AMEND not in FOLLOW_UPS_BY_LAW[Law.FOIA]
    assert not set(FOLLOW_UPS_BY_LAW[Law.MO_SUNSHINE]) & set(FOLLOW_UPS_BY_LAW[Law.FOIA])


def test_every_kind_has_a_rendered_case() -> None:
    assert {c["kind"] for c in CASES.values()} == set(FollowUpKind)


@pytest.mark.parametrize("name", CASES)
def test_case_has_no_problems(name: str) -> None:
    assert problems(*case(name)) == []


@pytest.mark.parametrize("name", CASES)
def test_page_budget(name: str) -> None:
    assert pdf(name)[1] <= CASES[name].get("pages", 1), name


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n].get("pages", 1) > 1])
def test_signature_never_alone_on_a_page(name: str) -> None:
    assert not last_page(name).startswith("Please send your reply"), last_page(name)[:80]


@pytest.mark.parametrize("name", CASES)
def test_text_and_pdf_say_the_same(name: str) -> None:
    plain = flat(render_text(*case(name)))
    assert plain.split("Re: ")[1][:80] in text(name)
    assert plain.split("Sincerely,")[0][-80:] in text(name)


# ---------------------------------------------------------------- Missouri


def test_missouri_follow_up_states_the_day_the_response_was_due() -> None:
    found = text("mo-follow-up-kcpd-certified")
    assert f"RSMo 610.023.3 required you to act on the request no later than the end of " \
           f"the third business day after the custodian received it: " \
           f"{weekday_date(date(2026, 12, 1))}." in found
    assert "detailed explanation of the cause for further delay and the place and " \
           "earliest time and date" in found
    assert "certified mail, no. 9589 0710 5270 0123 4567 89" in found
    assert "received November 25, 2026" in found


def test_denial_statement_asks_for_the_grounds_within_three_business_days() -> None:
    found = text("mo-denial-statement-kc-city")
    assert "Under RSMo 610.023.4, I request a written statement of the grounds" in found
    assert "citing the specific provision of law under which access is denied" in found
    assert "no later than the end of the third business day following the date you " \
           "receive this request" in found
    assert "Your response of December 3, 2026 denied access" in found
    assert "referring to RSMo 610.021(1)" in found


def test_fee_challenge_reads_610_026_as_amended_for_a_fee_request_from_2025_08_28() -> None:
    found = text("mo-fee-challenge-kcpd-hb145")
    assert "RSMo 610.026 as amended effective August 28, 2025" in found
    assert "I do not withdraw my request" in found
    assert "$361.00" in found and "December 2, 2026" in found


def test_fee_challenge_reads_the_earlier_text_for_a_fee_request_before_2025_08_28() -> None:
    found = text("mo-fee-challenge-kc-city-2025")
    assert "RSMo 610.026 as in force before its amendment effective August 28, 2025" in found
    assert "do not withdraw" not in found and "$1,240.50" in found


def test_fee_challenge_dated_before_the_amendment_does_not_mention_it() -> None:
    kind, facts = case("mo-fee-challenge-kc-city-2025", letter_date="2025-06-20",
                       original_date="2025-06-02", fee_requested="2025-06-16")
    found = flat(render_text(kind, replace(facts, answers={**facts.answers,
                                                            "date": "2025-06-02"})))
    assert "Your request for payment is governed by RSMo 610.026. Paper copies" in found
    assert "amend" not in found


@pytest.mark.parametrize("name", of_kind("fee-challenge"))
def test_gross_v_parson_bars_attorney_review_not_research_time(name: str) -> None:
    found = text(name)
    assert "research time at actual cost" in found
    assert "attorney time spent reviewing records is not chargeable (Gross v. Parson, " \
           "624 S.W.3d 877 (Mo. banc 2021))" in found
    assert "lowest charges (RSMo 610.026.1(1))" in found


def test_morales_cited_to_kcpd_as_a_trial_court_judgment() -> None:
    found = text("mo-fee-challenge-kcpd-hb145")
    assert "A Jackson County circuit court has held that time spent reviewing and " \
           "redacting video is not among those costs (Morales v. Kansas City Missouri " \
           "Police Department, judgment of June 2024)" in found


@pytest.mark.parametrize("name", CASES)
def test_morales_only_to_kcpd(name: str) -> None:
    if "Morales" in text(name):
        assert case(name)[1].answers["agency"] == "kcpd"


def test_suit_notice_phrases_the_one_year_period_as_a_possibility() -> None:
    found = text("mo-suit-notice-kcpd")
    assert "limited by RSMo 610.027.5. That time may be as short as one year" in found
    assert "I consider that the Board of Police Commissioners of Kansas City, Missouri, the " \
           "public governmental body, has violated" in found
    assert f"no later than {weekday_date(date(2026, 12, 1))}" in found


def test_suit_notice_mentions_a_court_only_when_the_user_chooses() -> None:
    assert "court" not in text("mo-suit-notice-kcpd")
    kind, facts = case("mo-suit-notice-kcpd", may_sue=True)
    assert "I may ask the circuit court to enforce the law (RSMo 610.027.1)" in \
        flat(render_text(kind, facts))


def test_suit_notice_after_a_denial_asks_for_the_statement() -> None:
    kind, facts = case("mo-suit-notice-kcpd", due=None, denied="2026-12-03")
    found = flat(render_text(kind, facts))
    assert "Your response of December 3, 2026 denied access" in found
    assert "RSMo 610.023.4" in found and "610.023.3" not in found


# ---------------------------------------------------------------- FOIA and the Privacy Act


def test_status_inquiry_asks_for_the_estimated_date_of_completion() -> None:
    found = text("foia-status-inquiry-ice")
    assert "estimated date on which you will complete action on the request, which " \
           "5 U.S.C. § 552(a)(7)(B)(ii) requires" in found
    assert "request of November 23, 2026, no. 2027-ICFO-01234" in found
    assert f"A determination was due by {weekday_date(date(2026, 12, 23))}" in found
    # 552(a)(4)(A)(viii): never the bar without its exceptions.
    assert "may not be charged, except as 5 U.S.C. § 552(a)(4)(A)(viii)(II) allows" in found


def test_status_inquiry_without_a_number_asks_for_one() -> None:
    kind, facts = case("foia-status-inquiry-ice", tracking=())
    assert "individualized tracking number that § 552(a)(7)(A) requires" in \
        flat(render_text(kind, facts))


@pytest.mark.parametrize("name", of_kind(*APPEALS))
def test_every_appeal_is_marked_foia_appeal(name: str) -> None:
    found = text(name)
    assert "FREEDOM OF INFORMATION ACT" in found and "APPEAL" in found
    assert "Re: FOIA Appeal: my " in found
    assert "Dear Appeals Officer:" in found


@pytest.mark.parametrize("name", [n for n in of_kind(*APPEALS)
                                  if case(n)[1].answers["agency"] == "ice"
                                  and not case(n)[1].appeal_address])
def test_ice_appeal_goes_to_its_appeals_officer_through_the_dhs_portal(name: str) -> None:
    found = text(name)
    assert "FOIA Appeals Officer U.S. Immigration and Customs Enforcement" in found
    assert "Submitted through the DHS FOIA portal" in found


def test_appeal_no_determination_states_the_day_it_was_due() -> None:
    found = text("foia-appeal-no-determination-ice")
    assert f"A determination was due by {weekday_date(date(2026, 12, 23))} " \
           "(5 U.S.C. § 552(a)(6)(A)(i)), and I have received none" in found
    assert "(§ 552(a)(6)(C)(i)); I choose to appeal instead" in found
    assert "timely" not in found


def test_appeal_exemptions_prints_each_exemption_with_its_reference_line() -> None:
    found = text("foia-appeal-exemptions-ice")
    lines = default_followups().exemptions
    for cited in ("(b)(6)", "(b)(7)(C)", "(b)(7)(E)"):
        assert flat(f"{cited}") in found
        assert flat(lines[cited].line) in found, cited
    assert "(U.S. Department of Justice v. Reporters Committee for Freedom of the Press, " \
           "489 U.S. 749 (1989))" in found
    assert "(cited as “b7E”)" in found
    assert "the agency must show a privacy interest more than de minimis and weigh it " \
           "against the public interest" in found


def test_privacy_act_appeal_names_privacy_act_exemptions_and_552a_t() -> None:
    found = text("privacy-appeal-exemptions-ice")
    assert "FREEDOM OF INFORMATION ACT AND PRIVACY ACT APPEAL" in found
    assert "(j)(2)" in found and "(§ 552a(t))" in found and "(b)(7)(E)" in found


def test_user_text_is_escaped_never_markup() -> None:
    found = text("foia-appeal-exemptions-ice")
    assert "<script>alert(1)</script>" in found
    html = render_html(*case("foia-appeal-exemptions-ice"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_appeal_says_it_is_timely_only_from_the_dates_given() -> None:
    assert "This appeal, dated December 15, 2025, is made within 90 days of that " \
           "determination, and so is timely" in text("foia-appeal-search-ice")
    kind, facts = case("foia-appeal-search-ice", appeal_by=None)
    assert "timely" not in render_text(kind, facts)
    kind, facts = case("foia-appeal-search-ice", letter_date="2026-03-03")
    assert "timely" not in render_text(kind, facts)  # after the safe date


@pytest.mark.parametrize("name", of_kind("appeal-fee-waiver", "appeal-expedite"))
def test_fee_waiver_and_expedite_appeals_never_claim_timeliness(name: str) -> None:
    assert "timely" not in text(name)


def test_fee_waiver_appeal_quotes_the_request_once_and_asks_for_de_novo_record() -> None:
    found = text("foia-appeal-fee-waiver-ice")
    reason = flat(case("foia-appeal-fee-waiver-ice")[1].answers["fee_waiver"])
    assert found.count(reason) == 1
    assert "5 U.S.C. § 552(a)(4)(A)(iii); 6 C.F.R. § 5.11(k)" in found
    assert "(§ 552(a)(4)(A)(vii))" in found


def test_expedite_appeal_is_considered_expeditiously() -> None:
    found = text("foia-appeal-expedite-ice")
    assert "must be considered expeditiously (5 U.S.C. § 552(a)(6)(E)(ii)(II))" in found
    assert "I certify that this statement is true and correct" in found
    assert "20 working days" not in found


def test_search_appeal_cites_the_search_standard_and_the_users_account() -> None:
    found = text("foia-appeal-search-ice")
    assert "Oglesby v. U.S. Department of the Army, 920 F.2d 57, 68 (D.C. Cir. 1990)" in found
    assert "Office of Public Affairs" in found
    assert "within 20 working days after you receive it (5 U.S.C. § 552(a)(6)(A)(ii))" in found


def test_ogis_letter_goes_to_ogis_by_email_with_its_confirmed_address() -> None:
    found = text("foia-ogis-ice")
    assert "8601 Adelphi Road - OGIS College Park, MD 20740-6001" in found
    assert "By email to ogis@nara.gov" in found
    assert "nonexclusive alternative to litigation (5 U.S.C. § 552(h)(3))" in found


def test_amend_names_the_record_the_correction_and_the_reason() -> None:
    kind, facts = case("privacy-amend-ice")
    found = text("privacy-amend-ice")
    for given in (facts.amend_record, facts.amend_correction, facts.amend_reason):
        assert flat(given) in found
    assert "within 10 days (excluding Saturdays, Sundays and legal public holidays) after " \
           "you receive it (§ 552a(d)(2)(A))" in found
    assert "500 12th Street SW, Stop 5004" in found  # the ICE Privacy Office [V]


def test_mailed_dhs_appeal_asks_the_no_internet_exception() -> None:
    found = text("foia-appeal-search-ice-mail-no-internet")
    assert "By mail, with a request for the no-internet-access exception" in found
    assert "accept this mailed appeal under the exception" in found


def test_eoir_appeal_goes_to_the_address_the_user_copied() -> None:
    found = text("foia-appeal-exemptions-eoir-mail")
    assert "Director, Office of Information Policy" in found
    assert "Submitted through" not in found


# ---------------------------------------------------------------- never printed

NEVER = {
    # ICE's appeals unit and its Mail Stop 5900 address are unconfirmed (followups.toml).
    "unconfirmed-ice-appeals-address": ("5900", "Mail Stop"),
    "unconfirmed-ice-appeals-unit": ("Principal Legal Advisor", "Government Information Law"),
    "unconfirmed-doj-appeals-unit": ("Office of Information Policy, U.S. Department of",),
    # No threat the user did not choose: penalties and fees belong to a court, not a letter.
    "threats": ("$1,000", "$5,000", "penalt", "attorney fees", "lawsuit"),
    "basis-lines": ("Basis:",),
}


@pytest.mark.parametrize("name", [n for n in CASES if n != "foia-appeal-exemptions-eoir-mail"])
@pytest.mark.parametrize("rule", NEVER)
def test_never_printed(rule: str, name: str) -> None:
    for phrase in NEVER[rule]:
        assert phrase not in text(name), f"{name}: says {phrase!r}"


@pytest.mark.parametrize("name", of_kind("follow-up", "denial-statement", "fee-challenge",
                                         "suit-notice"))
def test_missouri_letters_never_say_foia(name: str) -> None:
    assert "FOIA" not in text(name) and "Freedom of Information" not in text(name)


@pytest.mark.parametrize("name", CASES)
def test_no_number_line_when_none_was_given(name: str) -> None:
    re_line = text(name).split("Re: ")[1].split(" Dear ")[0].split(" To the ")[0]
    if not case(name)[1].tracking:
        assert " no. " not in re_line, re_line
    else:
        assert case(name)[1].tracking[0] in re_line


def test_no_template_marks_text_safe() -> None:
    for path in LETTERS.rglob("*.html"):
        assert not re.search(r"\|\s*safe\b", path.read_text()), path


# ---------------------------------------------------------------- problems

KIND_CASE = {c["kind"]: n for n, c in reversed(list(CASES.items()))}
MISSING = [(kind, name) for kind, names in REQUIRED.items() for name in names]


@pytest.mark.parametrize(("kind", "missing"), MISSING)
def test_each_missing_required_fact_is_an_error_at_its_field(kind: str, missing: str) -> None:
    found_kind, facts = case(KIND_CASE[kind])
    blank = {"exemptions": (), "arguments": "  "}.get(missing)
    found = problems(found_kind, replace(facts, **{missing: blank}))
    assert missing in fields_of(found)
    with pytest.raises(FollowUpError):
        render_html(found_kind, replace(facts, **{missing: blank}))


def test_a_missouri_letter_for_a_foia_request_is_refused() -> None:
    _, facts = case("foia-status-inquiry-ice")
    found = problems(FollowUpKind.FOLLOW_UP, facts)
    assert fields_of(found) == ["kind"]
    assert "no follow-up letter for a foia request" in found[0].message


def test_an_amendment_for_a_foia_request_is_refused() -> None:
    _, facts = case("foia-status-inquiry-ice")
    assert fields_of(problems(FollowUpKind.AMEND, facts)) == ["kind"]


def test_suit_notice_needs_the_due_day_or_the_denial() -> None:
    kind, facts = case("mo-suit-notice-kcpd", due=None)
    assert fields_of(problems(kind, facts)) == ["due"]


def test_nothing_is_overdue_before_the_due_day_has_passed() -> None:
    kind, facts = case("mo-follow-up-kcpd-certified", letter_date="2026-12-01")
    assert fields_of(problems(kind, facts)) == ["due"]


def test_unknown_exemption_is_an_error_at_its_place() -> None:
    kind, facts = case("foia-appeal-exemptions-ice", exemptions=("(b)(6)", "privacy"))
    assert fields_of(problems(kind, facts)) == ["exemptions[1]"]


def test_a_privacy_act_exemption_is_refused_in_a_foia_appeal() -> None:
    kind, facts = case("foia-appeal-exemptions-ice", exemptions=("(j)(2)",))
    assert fields_of(problems(kind, facts)) == ["exemptions[0]"]


def test_no_fee_waiver_appeal_when_the_request_asked_for_none() -> None:
    _, facts = case("foia-appeal-search-ice")
    found = problems(FollowUpKind.APPEAL_FEE_WAIVER, facts)
    assert "kind" in fields_of(found)


def test_eoir_appeal_needs_the_address_from_the_agencys_letter() -> None:
    kind, facts = case("foia-appeal-exemptions-eoir-mail", appeal_address=())
    assert fields_of(problems(kind, facts)) == ["appeal_address"]


def test_dhs_appeal_by_mail_without_the_no_internet_exception_is_refused() -> None:
    kind, facts = case("foia-appeal-exemptions-ice", delivery="mail")
    assert fields_of(problems(kind, facts)) == ["delivery"]


def test_dhs_mail_appeal_under_the_exception_needs_an_address() -> None:
    kind, facts = case("foia-appeal-search-ice-mail-no-internet", appeal_address=())
    assert fields_of(problems(kind, facts)) == ["appeal_address"]


def test_dates_out_of_order_are_errors_at_their_fields() -> None:
    kind, facts = case("foia-appeal-search-ice", letter_date="2025-10-01")
    assert "letter_date" in fields_of(problems(kind, facts))
    kind, facts = case("foia-appeal-search-ice", denied="2025-12-20")
    assert fields_of(problems(kind, facts)) == ["denied"]


def test_a_fee_must_be_more_than_nothing() -> None:
    kind, facts = case("mo-fee-challenge-kcpd-hb145", fee_amount=Decimal("0"))
    assert fields_of(problems(kind, facts)) == ["fee_amount"]


def test_invisible_control_characters_in_user_text_are_refused() -> None:
    kind, facts = case("foia-ogis-ice", arguments="ICE has not \u202eanswered")
    assert fields_of(problems(kind, facts)) == ["arguments"]


def test_bad_original_answers_are_errors_under_answers() -> None:
    kind, facts = case("foia-ogis-ice")
    broken = Facts(answers={**facts.answers, "requester": {}}, letter_date=facts.letter_date,
                   original_date=facts.original_date, arguments="x")
    assert all(f.startswith("answers.") for f in fields_of(problems(kind, broken)))


# ---------------------------------------------------------------- reference data


@pytest.mark.parametrize(("cited", "key"), [
    ("(b)(6)", "(b)(6)"), ("b6", "(b)(6)"), ("Exemption 7(C)", "(b)(7)(C)"),
    ("b7e", "(b)(7)(E)"), ("5 U.S.C. 552(b)(5)", "(b)(5)"), ("(j)(2)", "(j)(2)"),
    ("privacy", ""), ("610.021(1)", "")])
def test_exemptions_are_read_as_the_agency_cites_them(cited: str, key: str) -> None:
    assert exemption_key(cited) == key


def test_every_federal_agency_needs_an_appeals_entry(tmp_path: Path) -> None:
    problems_found: list[str] = []
    text_ = FOLLOWUPS_FILE.read_text().replace('agency = "cbp"', 'agency = "cbp-typo"')
    (tmp_path / "followups.toml").write_text(text_)
    data = read_followups(tmp_path / "followups.toml", problems_found)
    found = followup_problems(data, default_catalog())
    assert any("no [[appeals]] entry for federal agency 'cbp'" in p for p in found)
    assert any("'cbp-typo' is not a federal agency" in p for p in found)
