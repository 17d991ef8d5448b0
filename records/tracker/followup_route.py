"""Where a next-step letter goes and how: the recipient block, the delivery line, and
whether it asks for DHS's no-internet exception. One place, so the problems check and
the letter agree."""

from __future__ import annotations

from dataclasses import dataclass

from records.catalog import Agency, Catalog
from records.catalog.followups import FollowUpData
from records.drafts import Draft, in_portal_era
from records.messages import Message, error_message
from records.tracker.followup_facts import Facts, FollowUpKind

NO_APPEALS_ADDRESS = error_message(
    "no-appeals-address", "the appeals address for %(agency)s is not confirmed here: copy "
    "it, one line each, from the agency's letter (a determination letter states where to "
    "appeal)")
DHS_NO_EMAIL_NOW = error_message(
    "dhs-no-email-now", "since 2026-01-22 DHS generally refuses email: use \"portal\", or "
    "\"mail\" with no_internet")
DHS_MAIL_EXCEPTION = error_message(
    "dhs-mail-exception", "since 2026-01-22 DHS generally refuses mail: use \"portal\", or "
    "set no_internet if you have no internet access, so the letter asks for the exception")
NOT_A_ROUTE = error_message("not-a-route",
                            "%(agency)s cannot be reached by %(delivery)s for this letter")


@dataclass(frozen=True)
class Route:
    recipient: tuple[str, ...]
    delivery: str  # "mail", "email" or "portal"
    portal_name: str = ""
    email: str = ""
    mail_exception: bool = False  # a DHS letter mailed under the no-internet exception

    @property
    def line(self) -> str:
        """The line above "Re:", as the original letters print it."""
        if self.mail_exception:
            return "By mail, with a request for the no-internet-access exception"
        if self.delivery == "portal":
            return f"Submitted through {self.portal_name}"
        if self.delivery == "email":
            return f"By email to {self.email}"
        return ""


@dataclass(frozen=True)
class RouteProblem:
    field: str
    message: Message


def _no_internet(facts: Facts, draft: Draft) -> bool:
    return facts.no_internet or draft.no_internet


def _dhs_now(agency: Agency, facts: Facts, draft: Draft, mail: tuple[str, ...],
             portal: str) -> Route | RouteProblem:
    """A DHS letter dated from 2026-01-22: the portal, or mail under the exception
    (6 CFR 5.3(a)(2), 5.21(a)(6) as amended; the original letters' rule)."""
    wanted = facts.delivery or ("mail" if _no_internet(facts, draft) else "portal")
    if wanted == "email":
        return RouteProblem("delivery", DHS_NO_EMAIL_NOW)
    if wanted == "mail" and not _no_internet(facts, draft):
        return RouteProblem("delivery", DHS_MAIL_EXCEPTION)
    if wanted == "mail":
        if not mail:
            return RouteProblem("appeal_address",
                                NO_APPEALS_ADDRESS.with_params(agency=agency.name))
        return Route(mail, "mail", mail_exception=True)
    return Route((), "portal", portal_name=portal)


def _appeal(agency: Agency, facts: Facts, draft: Draft,
            data: FollowUpData) -> Route | RouteProblem:
    office = data.appeals[agency.id]
    mail = facts.appeal_address or ((office.office, agency.name, *office.address)
                                    if office.address else ())
    # The delivery line above "Re:" says how it goes; the block names only the addressee.
    on_portal = (office.office, agency.name, *filter(None, (office.printed_unit,)))
    if in_portal_era(agency, facts.letter_date):
        route = _dhs_now(agency, facts, draft, mail, office.portal_name)
        if isinstance(route, Route) and route.delivery == "portal":
            return Route(on_portal, "portal", portal_name=office.portal_name)
        return route
    if facts.delivery in ("", "mail") and mail:
        return Route(mail, "mail")
    if facts.delivery in ("", "portal") and office.portal_name:
        return Route(on_portal, "portal", portal_name=office.portal_name)
    if not mail and not office.portal_name:
        return RouteProblem("appeal_address",
                            NO_APPEALS_ADDRESS.with_params(agency=agency.name))
    return RouteProblem("delivery", NOT_A_ROUTE.with_params(
        agency=agency.name, delivery=facts.delivery))


def _agency(agency: Agency, address: tuple[str, ...], facts: Facts,
            draft: Draft) -> Route | RouteProblem:
    """A letter to the office that took the request (or, for an amendment, the office
    that amends records): by the channel the original used unless the user chose one."""
    if in_portal_era(agency, facts.letter_date):
        route = _dhs_now(agency, facts, draft, address, agency.portal_name)
        return Route(address, route.delivery, route.portal_name,
                     mail_exception=route.mail_exception) if isinstance(route, Route) \
            else route
    wanted = facts.delivery or draft.delivery or "mail"
    if wanted not in agency.channels:
        return RouteProblem("delivery", NOT_A_ROUTE.with_params(
            agency=agency.name, delivery=wanted))
    return Route(address, wanted, agency.portal_name, agency.email)


def route(kind: FollowUpKind, facts: Facts, draft: Draft, data: FollowUpData,
          catalog: Catalog) -> Route | RouteProblem:
    if kind == FollowUpKind.OGIS:
        ogis = catalog.agencies[data.ogis_agency]
        # OGIS takes mail and email; a portal is not among its channels.
        wanted = facts.delivery or "email"
        if wanted not in ogis.channels:
            return RouteProblem("delivery", NOT_A_ROUTE.with_params(
                agency=ogis.name, delivery=wanted))
        return Route(ogis.address, wanted, email=ogis.email)
    if kind.is_appeal:
        return _appeal(draft.agency, facts, draft, data)
    address = draft.agency.address
    if kind == FollowUpKind.AMEND and draft.agency.id in data.amendment:
        address = data.amendment[draft.agency.id]
    return _agency(draft.agency, address, facts, draft)
