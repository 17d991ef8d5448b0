"""The agency directory (/agencies): each agency of the catalog by name, with what the
catalog knows about writing to it: the custodian, the address, how a request may be sent
today, the law, the clock for the first answer, and the warnings.

Only catalog facts are shown. The clock comes from records/catalog/clocks.toml (the row the
engine would use for a request received today); a fact the catalog tags unconfirmed is
marked so on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, ngettext

from records.catalog import Agency, Catalog
from records.catalog.clock_rules import ClockRule, select_rule
from records.drafts import channels_for
from records.vocabulary import Channel, ClockId, Law

# Each law's statute, as the letters cite it (a citation stays in English on a Spanish page).
LAW_CITES: dict[Law, str] = {
    Law.MO_SUNSHINE: "RSMo ch. 610",
    Law.FOIA: "5 U.S.C. 552",
    Law.PRIVACY_ACT: "5 U.S.C. 552a",
}


def law_name(law: Law) -> str:
    """The law's plain title in the interface language (a msgid: records/web/messages.py,
    TRACKER_WORDS)."""
    return str(gettext(law.names.title))


def law_scope(law: Law) -> str:
    """Whose records the law is for, in plain words ("" when it is not limited)."""
    if law is Law.PRIVACY_ACT:  # 5 U.S.C. 552a(d)(1), (h); the wizard's asking_for self/ward
        return str(gettext("for your own records, or those of your child under 18 or of a "
                           "person under your court-ordered guardianship"))
    return ""


@dataclass(frozen=True)
class FirstAnswer:
    """The clock for the agency's first answer, under the laws it applies to."""

    laws: tuple[Law, ...]
    rule: ClockRule

    @property
    def unconfirmed(self) -> bool:
        return self.rule.tag == "U"

    def law_names(self) -> str:
        return ", ".join(law_name(law) for law in self.laws)

    def words(self) -> str:
        """"An answer within 3 business days", in the interface language."""
        rule, federal = self.rule, any(law.is_federal for law in self.laws)
        n = rule.length
        if rule.unit == "business" and federal:
            text = ngettext("A decision within %(num)d working day",
                            "A decision within %(num)d working days", n)
        elif rule.unit == "business":
            text = ngettext("An answer within %(num)d business day",
                            "An answer within %(num)d business days", n)
        elif rule.unit == "calendar":
            text = ngettext("An answer within %(num)d calendar day",
                            "An answer within %(num)d calendar days", n)
        else:
            text = gettext("No fixed deadline")
        if rule.extension:
            text += "; " + ngettext(
                "up to %(num)d more working day if the agency sends a written notice of "
                "unusual circumstances",
                "up to %(num)d more working days if the agency sends a written notice of "
                "unusual circumstances", rule.extension)
        return str(text)


@dataclass(frozen=True)
class Entry:
    agency: Agency
    channels: tuple[str, ...]  # how a request may be sent today (records.drafts.channels_for)
    first_answers: tuple[FirstAnswer, ...]

    @property
    def portal_url(self) -> str:
        """The portal's web address, when the catalog has one (some are only a name)."""
        portal = self.agency.portal
        return portal if portal.startswith("https://") else ""

    @property
    def portal_title(self) -> str:
        name = self.agency.portal_name
        return name[:1].upper() + name[1:]

    @property
    def mail(self) -> bool:
        return Channel.MAIL in self.channels

    @property
    def email(self) -> str:
        return self.agency.email if Channel.EMAIL in self.channels else ""

    @property
    def portal(self) -> bool:
        return Channel.PORTAL in self.channels


def first_answers(agency: Agency, day: date) -> tuple[FirstAnswer, ...]:
    """The first-answer clock for each law a request to `agency` may be made under; laws
    that share one row of clocks.toml are listed together."""
    clock = ClockId.DETERMINATION if agency.is_federal else ClockId.RESPONSE
    grouped: list[FirstAnswer] = []
    for law in agency.laws:
        rule = select_rule(clock, law, agency.department, day)
        if rule is None:
            continue
        same = next((i for i, g in enumerate(grouped) if g.rule == rule), None)
        if same is None:
            grouped.append(FirstAnswer((Law(law),), rule))
        else:
            grouped[same] = FirstAnswer((*grouped[same].laws, Law(law)), rule)
    return tuple(grouped)


def entries(catalog: Catalog, day: date) -> list[Entry]:
    """Every agency of the catalog, Missouri bodies first, in the catalog's order."""
    agencies = sorted(catalog.agencies.values(), key=lambda a: a.is_federal)
    return [Entry(a, channels_for(a, day), first_answers(a, day)) for a in agencies]
