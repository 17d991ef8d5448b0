"""The deadline engine's sentences are messages (records.messages.Say): each is a msgid that
`make messages` extracts, each line a computed clock shows is one, and their English is the
text the CLI and /api/deadlines printed before (tests/test_deadlines*.py pin the rest)."""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from records.catalog.calendar_data import default_calendar_data
from records.catalog.clock_rules import default_clock_rules
from records.deadlines import build_case, compute
from records.deadlines.model import SAFE_FOR, Clock
from records.messages import Alternatives, Iso, Joined, Say, Text
from records.vocabulary import EVENT_KINDS

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "records" / "deadlines"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def engine_msgids() -> dict[str, str]:
    """Every `Say("...")` literal in records/deadlines/, and every `N_("...")` (words said
    through a Say, like a capacity), with the file that says it."""
    found: dict[str, str] = {}
    for path in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("Say", "N_") and node.args \
                    and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found[node.args[0].value] = path.name
    return found


def extract_command(output: Path) -> list[str]:
    """The Makefile's `messages` extraction, as written there, into `output`."""
    make = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^messages:.*\n((?:\t.*\n)+)", make, re.M)
    assert recipe, "Makefile: no `messages` target"
    extract = next(line for line in recipe.group(1).replace("\\\n", " ").splitlines()
                   if "pybabel extract" in line)
    args = shlex.split(extract.replace("$(VENV)", ".venv"))
    args[args.index("-o") + 1] = str(output)
    return args


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(extract_command(pot), cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_the_engine_has_its_sentences_as_messages() -> None:
    ids = engine_msgids()
    assert len(ids) >= 60, len(ids)
    # No sentence left as an f-string in the engine's clock builders.
    for name in ("clocks.py", "counting.py", "federal.py", "missouri.py"):
        source = (ENGINE / name).read_text()
        assert not re.search(r'\bf"[^"]*\{fmt\(', source), name


def test_make_messages_extracts_every_engine_sentence(extracted: set[str]) -> None:
    missing = sorted(set(engine_msgids()) - extracted)
    assert not missing, missing


def test_each_msgid_names_its_placeholders() -> None:
    # %(name)s only: a translator keeps them; a bare %s or {name} would not be filled.
    for msgid in engine_msgids():
        assert "{" not in msgid and not re.search(r"%[^(%]", msgid), msgid


# ---------------------------------------------------------------- what the clocks carry
CASES = [
    ("mo-sunshine", "2026-07-01", "kcpd", [], None),
    ("mo-sunshine", "2024-03-27", "kcpd", ["statement-requested=2024-03-28",
                                          "payment-requested=2024-03-29:120",
                                          "clarification-requested=2024-03-29",
                                          "denied=2024-04-01"], "involved"),
    ("mo-sunshine", "2026-05-08", "kcpd", [], None),
    ("foia", "2024-12-20", "ice", ["routed=2025-01-06", "tolled=2025-01-08",
                                   "resumed=2025-01-21", "extended=2025-01-22",
                                   "determination=2025-03-03", "appeal-received=2025-03-10",
                                   "appeal-extended=2025-04-01"], None),
    ("foia", "2024-01-02", "ice", ["determination=2024-01-08", "expedite-requested=2024-01-02"],
     None),
    ("foia", "2016-06-01", "ice", ["determination=2016-08-01"], None),
    ("foia", "2025-11-26", "uscis", ["fee-tolled=2025-12-01"], None),
    ("privacy-act", "2025-07-03", "ice", ["determination=2025-08-01:full"], None),
    ("privacy-act", "2024-07-05", "uscis", ["determination=2024-07-30"], None),
]


def clocks(today: str = "2027-12-31") -> Iterator[Clock]:
    for law, received, agency, events, capacity in CASES:
        case = build_case(law, received, today=date.fromisoformat(today), agency=agency,
                          events=events, capacity=capacity)
        yield from compute(case)


def says(text: object) -> Iterator[Say]:
    """Every Say inside a line, its parameters included."""
    if isinstance(text, Joined):
        for item in text.items:
            yield from says(item)
    elif isinstance(text, Say):
        yield text
        for value in text.params.values():
            yield from says(value)


def data_texts() -> set[str]:
    """Texts from data, passed to Say as they are: names, notes, the calendars' readings."""
    data = default_calendar_data()
    texts = {lst.name for lst in data.closure_lists.values()}
    texts |= {c.name for lst in data.closure_lists.values() for c in lst.closures}
    for spec in data.calendars.values():
        texts |= {r.name for r in spec.rules} | {r.note for r in spec.rules}
        if spec.statute_only is not None:
            texts |= {spec.statute_only.reading, spec.statute_only.why}
    texts |= {rule.note for rule in default_clock_rules()}
    return texts | {spec.label for spec in EVENT_KINDS.values()}


def test_every_line_note_and_reading_is_a_message_the_catalog_knows() -> None:
    ids, data = set(engine_msgids()), data_texts()
    seen = set()
    for clock in clocks():
        texts: list[Text] = [*clock.explanation]
        texts += [t for a in clock.alternatives for t in (a.reading, a.why)]
        for text in texts:
            assert isinstance(text, Say | Joined), (clock.id, text)
            for say in says(text):
                known = say.msgid in ids or (not say.params and say.msgid in data)
                assert known, (clock.id, say.msgid)
                seen.add(say.msgid)
        assert clock.safe_for in SAFE_FOR.values() or clock.due is None
    # The cases above reach most of the engine's sentences, the nested ones too.
    assert len(seen & ids) >= 40, sorted(ids - seen)


# ---------------------------------------------------------------- the English, unchanged
ENGLISH = [
    (Say("%(date)s: day %(day)s", date=date(2026, 7, 2), day=1), "Thu 2026-07-02: day 1"),
    (Say("%(date)s: %(label)s%(closed)s (day 0)", date=date(2026, 5, 8),
         label=Say("the custodian of records received the request"),
         closed=Say(", on %(names)s, a holiday",
                    names=Joined([Say("Truman Day")], word="and"))),
     "Fri 2026-05-08: the custodian of records received the request, on Truman Day, a "
     "holiday (day 0)"),
    (Joined([Say("%(name)s, %(citation)s", name=Say("A"), citation="5 U.S.C. 6103(a)"),
             Say("%(name)s, %(citation)s", name=Say("B"), citation="RSMo 9.010")]),
     "A, 5 U.S.C. 6103(a); B, RSMo 9.010"),
    (Say("%(name)s (observed; %(date)s is a Saturday), %(citation)s", name="Independence Day",
         date=Iso(date(2026, 7, 4)), citation="5 U.S.C. 6103(a)"),
     "Independence Day (observed; 2026-07-04 is a Saturday), 5 U.S.C. 6103(a)"),
    (Say("%(event)s ($%(amount)s)", event=Say("the agency asked for payment"), amount="120"),
     "the agency asked for payment ($120)"),
    (Say("%(days)s calendar days", days=30), "30 calendar days"),
    (Say("x %(laws)s", laws=Alternatives(["foia", "privacy-act"])), "x foia or privacy-act"),
    (Say(""), ""),
]


@pytest.mark.parametrize(("say", "english"), ENGLISH)
def test_str_is_the_english_with_dates_as_before(say: Text, english: str) -> None:
    assert str(say) == english


# What the engine wrote as f-strings before (printed by commit b9007b2's engine for these
# very cases): str() of the new messages is the same text, byte for byte.
BEFORE = [
    ("mo-sunshine", "2026-05-08", [], "response", 0,
     "Fri 2026-05-08: the custodian of records received the request, on Truman Day, a holiday "
     "(day 0)"),
    ("mo-sunshine", "2026-05-08", [], "response", 1, "Sat 2026-05-09: weekend, skipped"),
    ("mo-sunshine", "2024-03-27", ["payment-requested=2024-03-29:120"], "fee-lapse", 0,
     "Fri 2024-03-29: the agency asked for payment ($120)"),
    ("mo-sunshine", "2024-03-27", ["payment-requested=2024-03-29:120"], "fee-lapse", -1,
     "Before HB 145 took effect on 2025-08-28, an unpaid fee did not make a request lapse."),
    ("mo-sunshine", "2024-03-27", ["denied=2024-03-28"], "suit-by", 0,
     "Thu 2024-03-28: the request was denied (day 0)"),
    ("mo-sunshine", "2024-03-27", ["denied=2024-03-28"], "suit-by", 1,
     "Fri 2025-03-28: 1 year later (calendar days: weekends and holidays count)"),
    ("foia", "2024-12-20", ["routed=2025-01-06"], "determination", 0,
     "Fri 2024-12-20: a designated intake office received the request"),
    ("foia", "2024-12-20", ["routed=2025-01-06"], "determination", 1,
     "Tue 2025-01-07: the 10th working day after that, the latest start (routing cap, "
     "5 U.S.C. 552(a)(6)(A)(ii))"),
    ("foia", "2024-12-20", ["routed=2025-01-06"], "determination", 2,
     "Mon 2025-01-06: the right component received it (routed), before the cap (day 0)"),
    ("foia", "2025-01-02", ["tolled=2025-01-06"], "determination", -1,
     "Tue 2025-01-07 onward: paused while the agency waits for the information it asked for "
     "(5 U.S.C. 552(a)(6)(A)(ii)(I)); no fixed date until your answer reaches the agency"),
    ("foia", "2025-01-02", ["tolled=2025-01-06", "resumed=2025-01-20"], "determination", 4,
     "Mon 2025-01-06: day 2; tolled: the agency sent its one request for information; this "
     "day counts"),
    ("foia", "2025-01-02", ["tolled=2025-01-06", "resumed=2025-01-20"], "determination", 5,
     "Tue 2025-01-07 to Sun 2025-01-19: paused while the agency waits for the information it "
     "asked for (5 U.S.C. 552(a)(6)(A)(ii)(I)), not counted (13 days)"),
    ("foia", "2025-12-19", [], "determination", 4, "Tue 2025-12-23: day 2"),
    ("foia", "2025-12-19", [], "determination", 5,
     "Wed 2025-12-24: day 3; Christmas Eve closure by executive order: counted here as a "
     "working day; another reading skips it"),
    ("foia", "2025-12-19", [], "determination", 6,
     "Thu 2025-12-25: Christmas Day, 5 U.S.C. 6103(a)"),
    ("foia", "2024-01-02", ["determination=2024-01-08"], "appeal-by", 0,
     "Mon 2024-01-08: the agency's adverse determination (the date of its letter) (day 0)"),
]
READINGS_BEFORE = [
    ("mo-sunshine", "2026-05-08", [], "response",
     ("deemed received next business day", "It arrived on a weekend or holiday. The default "
      "counts from the calendar date of arrival (day 0); some agencies treat it as received "
      "on the next business day.")),
    ("foia", "2025-12-19", [], "determination",
     ("counting one-off closures: Christmas Eve closure by executive order (Wed 2025-12-24); "
      "day after Christmas closure by executive order (Fri 2025-12-26)",
      "Federal executive-order closures: offices were closed by order (E.O. 14371 of December "
      "18, 2025, closing executive departments and agencies on December 24 and 26, 2025), not "
      "by a holiday statute, so the statute alone counts such a day as a working day. Whether "
      "a closure extends the deadline is unsettled: before calling the agency late, wait until "
      "this date.")),
    ("foia", "2024-01-02", ["determination=2024-01-08"], "appeal-by",
     ("the safer 90-calendar-day date", "Agency letters sometimes say 'within 90 days'; the "
      "last working day within 90 calendar days is on time under every reading.")),
]


def clock_of(law: str, received: str, events: list[str], clock_id: str) -> Clock:
    case = build_case(law, received, today=date(2027, 1, 1), events=events,
                      agency="kcpd" if law == "mo-sunshine" else "ice")
    return next(c for c in compute(case) if c.id == clock_id)


@pytest.mark.parametrize(("law", "received", "events", "clock_id", "index", "english"), BEFORE)
def test_the_explanation_lines_read_as_before(law: str, received: str, events: list[str],
                                              clock_id: str, index: int, english: str) -> None:
    assert str(clock_of(law, received, events, clock_id).explanation[index]) == english


@pytest.mark.parametrize(("law", "received", "events", "clock_id", "reading"), READINGS_BEFORE)
def test_the_other_readings_read_as_before(law: str, received: str, events: list[str],
                                           clock_id: str, reading: tuple[str, str]) -> None:
    found = [(str(a.reading), str(a.why))
             for a in clock_of(law, received, events, clock_id).alternatives]
    assert reading in found


def test_the_placeholders_of_each_sentence_are_filled() -> None:
    for clock in clocks():
        for line in clock.explanation:
            for say in says(line):
                assert set(PLACEHOLDER.findall(say.msgid)) == set(say.params), say.msgid
            assert "%(" not in str(line)
