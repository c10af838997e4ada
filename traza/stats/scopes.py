"""Whose figures a person may read, and in how much detail.

An agency reads its own figures in detail (the traces it recovered, and those it submitted for
another agency as the designated agency). Members of a sharing agreement read the agreement's
agencies together; a country coordinator and an auditor read their country's; the public page (when
switched on) reads a country's. Wherever a figure crosses agencies, counts under
TRAZA_STATS_MIN_CELL are suppressed. No statistic carries personal data.
"""

from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, User
from traza.agencies.roles import AUDITORS, COORDINATORS, TRACE_READERS
from traza.agencies.selectors.agencies import sharing_partners

AGENCY, SHARING, COUNTRY, PUBLIC = "agency", "sharing", "country", "public"
SCOPE_LABELS = {
    AGENCY: _("my agency"),
    SHARING: _("my sharing agreement"),
    COUNTRY: _("the country"),
    PUBLIC: _("the country (public figures)"),
}


@dataclass(frozen=True)
class Scope:
    """The records a statistic may count: `name` says which audience, `suppress` whether small cells hide."""

    name: str
    country: str | None = None
    agency_id: int | None = None
    agency_ids: frozenset[int] | None = None

    @property
    def suppress(self) -> bool:
        return self.name != AGENCY

    @property
    def min_cell(self) -> int | None:
        return settings.TRAZA_STATS_MIN_CELL if self.suppress else None

    @property
    def label(self) -> str:
        return str(SCOPE_LABELS[self.name])

    def facts(self, *, submitter: bool = True) -> Q:
        """The filter on a fact table (TraceFact or SeizureFact) that keeps this scope's rows."""
        if self.name == AGENCY:
            mine = Q(agency_id=self.agency_id)
            return mine | Q(submitter_id=self.agency_id) if submitter else mine
        if self.name == SHARING:
            return Q(agency_id__in=self.agency_ids)
        return Q(country=self.country)


def scopes_for(user: User) -> list[Scope]:
    """The scopes `user` may choose between, the most detailed first (none for roles without statistics)."""
    if not user.is_authenticated or user.agency_id is None:
        return []
    agency = cast(Agency, user.agency)
    found = []
    if user.role in TRACE_READERS:
        found.append(Scope(AGENCY, country=agency.country_id, agency_id=agency.pk))
        partners = frozenset(sharing_partners(agency.pk).values_list("agency_id", flat=True))
        if partners:
            found.append(Scope(SHARING, country=agency.country_id, agency_ids=partners | {agency.pk}))
    if user.role in COORDINATORS | AUDITORS:
        found.append(Scope(COUNTRY, country=agency.country_id))
    return found


def scope_for(user: User, name: str | None) -> Scope | None:
    """The scope called `name` if `user` may read it, else their most detailed one (None: no statistics)."""
    available = scopes_for(user)
    chosen = next((scope for scope in available if scope.name == name), None)
    return chosen or (available[0] if available else None)


def public_scope(country: str) -> Scope:
    return Scope(PUBLIC, country=country)
