"""FOIA and Privacy Act clocks (5 U.S.C. 552(a)(6); agency rules): when each one starts.

Conventions (5 U.S.C. 552(a)(6)(A)(ii), (B)(i)): receipt is day 0; with routing, day 0
is the earlier of `routed` and the 10th working day after `received`; the day the agency
sends its one request for information (`tolled`) counts as used, and counting restarts the
working day after the answer arrives (`resumed`); a timely extension notice adds 10 days.
"""

from __future__ import annotations

from datetime import date, timedelta

from records.catalog.clock_rules import ClockRule
from records.deadlines.clocks import (
    business_clock,
    calendars_for,
    clock_for,
    earliest_start,
    none_clock,
    rule_for,
)
from records.deadlines.counting import Pause, count_business
from records.deadlines.model import PRIVACY_ACT, Alternative, Case, Clock, Event
from records.messages import Iso, Say, Text
from records.vocabulary import TOLLS

TOLL_LABELS = {
    "tolled": Say("paused while the agency waits for the information it asked for "
                  "(5 U.S.C. 552(a)(6)(A)(ii)(I))"),
    "fee-tolled": Say("paused while the agency clarifies fees with you "
                      "(5 U.S.C. 552(a)(6)(A)(ii)(II))"),
}
LATE_NOTICE = Say("counting a late extension notice")
ADVERSE = Say("the agency's adverse determination (the date of its letter)")
MARKED = ("routed", "tolled", "fee-tolled", "extended", "determination", "appeal-extended",
          "appeal-decided")


def pauses(case: Case) -> list[Pause]:
    """Tolls from the (already validated) events: each toll closes at the next `resumed`."""
    found, open_toll = [], None
    for e in case.events:
        if e.kind in TOLLS:
            open_toll = e
        elif e.kind == "resumed" and open_toll is not None:
            found.append(Pause(open_toll.date, e.date, TOLL_LABELS[open_toll.kind]))
            open_toll = None
    if open_toll is not None:
        found.append(Pause(open_toll.date, None, TOLL_LABELS[open_toll.kind]))
    return found


def day_zero(case: Case, rule: ClockRule) -> tuple[date, Text, list[Text]]:
    """Day 0 of the determination clock, its label, and the routing lines before it."""
    routed = case.first("routed")
    if routed is None:
        return case.received, Say("the agency received the request"), []
    cal = calendars_for(case, rule.side)[0]
    cap = cal.add_business_days(case.received, rule.routing_cap)
    prefix: list[Text] = [
        Say("%(date)s: a designated intake office received the request", date=case.received),
        Say("%(date)s: the %(days)sth working day after that, the latest start (routing cap, "
            "5 U.S.C. 552(a)(6)(A)(ii))", date=cap, days=rule.routing_cap)]
    if routed.date <= cap:
        return (routed.date, Say("the right component received it (routed), before the cap"),
                prefix)
    return cap, Say("the routing cap, earlier than routed (%(date)s)", date=routed.date), prefix


def extension(case: Case, rule: ClockRule, kind: str, start: date,
              paused: list[Pause]) -> tuple[int, dict[int, Text], date | None]:
    """Working days to count, milestones, and the date if a late notice were counted.

    552(a)(6)(B)(i) extends "the time limits" by written notice; a notice sent after the
    deadline has passed cannot revive it, so the default ignores it and shows it as an
    alternative (the later reading).
    """
    notice = case.first(kind)
    if notice is None or not rule.extension:
        return rule.length, {}, None
    cal = calendars_for(case, rule.side)[0]
    base = count_business(cal, start, rule.length, paused)
    longer = rule.length + rule.extension
    if base is None or notice.date <= base:
        return longer, {rule.length: Say(
            "the %(days)sth working day, the deadline before the extension (+%(extra)s, "
            "5 U.S.C. 552(a)(6)(B)(i))", days=rule.length, extra=rule.extension)}, None
    return rule.length, {}, count_business(cal, start, longer, paused)


def determination(case: Case) -> Clock:
    rule = rule_for(case, "determination", case.received)
    start, label, prefix = day_zero(case, rule)
    paused = pauses(case)
    n, milestones, late = extension(case, rule, "extended", start, paused)
    clock = business_clock(case, rule, start, label, n=n, pauses=paused, milestones=milestones,
                           mark_kinds=MARKED, deemed=start == case.received, prefix=prefix)
    if late is not None and clock.due is not None:
        clock.alternatives.append(Alternative(late, LATE_NOTICE,
                                              Say("The extension notice came after the "
                                                  "deadline; if it counted, the deadline would "
                                                  "be later.")))
    return clock


def appeal_decision(case: Case, received: Event) -> Clock:
    rule = rule_for(case, "appeal-decision", received.date)
    n, milestones, late = extension(case, rule, "appeal-extended", received.date, [])
    clock = business_clock(case, rule, received.date, received.words, n=n,
                           milestones=milestones, mark_kinds=MARKED, deemed=True)
    if late is not None:
        clock.alternatives.append(Alternative(late, LATE_NOTICE,
                                              Say("The extension notice came after the "
                                                  "deadline.")))
    return clock


def appeal_by(case: Case) -> Clock | None:
    """The requester's appeal deadline, by department, by the determination's date and, where
    the clock table says so, by the date the request was received."""
    dets = case.all("determination")
    adverse = next((e for e in dets if e.value != "full"), None)
    if adverse is None:
        if not dets:
            return None
        rule = rule_for(case, "appeal-by", dets[0].date)
        return none_clock(case, rule, [Say("%(date)s: a full grant; there is nothing to "
                                           "appeal", date=dets[0].date)],
                          basis="no adverse determination")
    rule = rule_for(case, "appeal-by", adverse.date)
    label = ADVERSE
    clock = clock_for(case, rule, adverse.date, label)
    if rule.unit == "business" and clock.due is not None:
        # Some DHS letters say "within 90 days of the date of this letter", not working days:
        # the last working day within 90 calendar days is on time under either reading.
        cal = calendars_for(case, rule.side)[0]
        safer = cal.on_or_before(adverse.date + timedelta(days=rule.length))
        clock.alternatives.append(Alternative(
            safer, Say("the safer %(days)s-calendar-day date", days=rule.length),
            Say("Agency letters sometimes say 'within %(days)s days'; the last working day "
                "within %(days)s calendar days is on time under every reading.",
                days=rule.length)))
    if rule.by_request and clock.due is not None:
        clock.alternatives += _later_rule(case, rule, adverse.date, label, clock.due)
    return clock


def _later_rule(case: Case, rule: ClockRule, start: date, label: Text,
                due: date) -> list[Alternative]:
    """The reading under the row the determination's date picks, when the request's date
    picked another (FOIA Improvement Act of 2016, sec. 6: the Act applies to requests made
    after June 30, 2016, so an earlier request may keep the regulation of its time)."""
    other = rule_for(case, "appeal-by", start, by_request=False)
    if other == rule or other.unit == "none":
        return []
    later = clock_for(case, other, start, label).due
    if later is None or later == due:
        return []
    return [Alternative(later, Say("the rule in force on the determination's date: %(basis)s",
                                   basis=other.basis),
                        Say("The request was received on %(received)s, on or before %(end)s, "
                            "so the default is the rule in force when it was made (FOIA "
                            "Improvement Act of 2016, Pub. L. 114-185, sec. 6). If the rule in "
                            "force when the agency decided applies instead, this is the last "
                            "day; act by the earlier date to be safe.",
                            received=Iso(case.received), end=Iso(rule.requested_end)))]


def suit_by(case: Case, clocks: list[Clock]) -> Clock:
    """28 U.S.C. 2401(a) (FOIA) or 552a(g)(5) (Privacy Act), from the earliest accrual."""
    starts: list[tuple[date, Text]] = []
    for clock in clocks:
        if clock.id in ("determination", "appeal-decision") and clock.due is not None \
                and clock.status(case.today) == "missed":
            missed = (Say("the day after the missed determination deadline (%(date)s)",
                          date=clock.due) if clock.id == "determination" else
                      Say("the day after the missed appeal-decision deadline (%(date)s)",
                          date=clock.due))
            starts.append((clock.due + timedelta(days=1), missed))
    decided = case.first("appeal-decided")
    if decided is not None:
        starts.append((decided.date, decided.words))
    adverse = next((e for e in case.all("determination") if e.value != "full"), None)
    if case.law == PRIVACY_ACT and adverse is not None:
        # 552a(g)(5): two years from when the cause of action arises; the determination is
        # the earliest reading (docs/interfaces.md, "Clocks"), the appeal decision a later one.
        starts.append((adverse.date, Say("the agency's adverse determination")))
    rule = rule_for(case, "suit-by", min(s[0] for s in starts) if starts else case.received)
    if not starts:
        return none_clock(case, rule, [
            Say("No lawsuit clock yet: the right to sue accrues when the agency misses a "
                "deadline (5 U.S.C. 552(a)(6)(C)(i)) or decides your appeal.")])
    return earliest_start(case, rule, starts)


def federal_clocks(case: Case) -> list[Clock]:
    """Every FOIA or Privacy Act clock that applies, in the order of docs/interfaces.md."""
    clocks = [determination(case)]
    asked = case.first("expedite-requested")
    if asked is not None:
        rule = rule_for(case, "expedite-decision", asked.date)
        clocks.append(clock_for(case, rule, asked.date, asked.words, deemed=True))
    appeal = appeal_by(case)
    if appeal is not None:
        clocks.append(appeal)
    received = case.first("appeal-received")
    if received is not None:
        clocks.append(appeal_decision(case, received))
    clocks.append(suit_by(case, clocks))
    return clocks
