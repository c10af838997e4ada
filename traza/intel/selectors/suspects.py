"""Reads about suspect guns: an agency's own flags, a person's guns to flag, whom a tracing agency contacts."""

from typing import cast

from django.db.models import QuerySet
from django.utils import timezone

from traza.agencies.models import User
from traza.agencies.roles import SUSPECT_FLAGGERS, has_role
from traza.core.values import name_key
from traza.industry.models import Disposition
from traza.intel.models import Person, SuspectGun, SuspectGunHit
from traza.intel.selectors.people import person_purchases
from traza.intel.suspects import SerialEntry
from traza.tracing.models import Trace


def suspects_visible_to(user: User) -> QuerySet[SuspectGun]:
    """The suspect-gun flags of the user's agency, for its investigators (none for anyone else)."""
    if not has_role(user, SUSPECT_FLAGGERS) or not user.agency_id:
        return SuspectGun.objects.none()
    return SuspectGun.objects.filter(agency_id=user.agency_id).order_by("-created_at", "-id")


def suspects_active(queryset: QuerySet[SuspectGun]) -> QuerySet[SuspectGun]:
    """Flags neither withdrawn nor expired: the ones a trace will find."""
    return queryset.filter(withdrawn_at__isnull=True, expires_on__gte=timezone.localdate())


def suspect_hits(suspects: list[SuspectGun]) -> dict[int, list[dict]]:
    """The traces that found each flag (which agency traced it, when and where it was recovered), no personal data."""
    hits: dict[int, list[dict]] = {}
    rows = SuspectGunHit.objects.filter(suspect__in=suspects).order_by("created_at")
    for row in rows.values(
        "suspect_id",
        "created_at",
        "trace_id",
        "trace__created_at",
        "trace__agency__name",
        "trace__recovery_date",
        "trace__recovery_country",
        "trace__recovery_region__name",
    ):
        hits.setdefault(row["suspect_id"], []).append(cast(dict, row))
    return hits


def person_guns(person: Person) -> list[SerialEntry]:
    """Every gun the person bought, as the purchase records and the dealers' books show it, each gun once.

    A purchase names its gun through the trace that reached it, or through the dealer's disposition of the
    same transaction.
    """
    purchases = [(bought.pk, bought.licensee_rds, bought.transaction_ref) for bought in person_purchases(person)]
    if not purchases:
        return []
    pairs = {(rds, ref) for _id, rds, ref in purchases}
    sold = Disposition.objects.filter(
        keeper_rds__in={rds for rds, _ref in pairs}, transaction_ref__in={ref for _rds, ref in pairs}
    ).values_list("keeper_rds", "transaction_ref", "serial_number", "serial_key", "manufacturer", "make_id")
    guns = {
        (key, _gun(make, name)): (serial, name, make)
        for rds, ref, serial, key, name, make in sold
        if (rds, ref) in pairs
    }
    traced = Trace.objects.filter(purchase_id__in=[pid for pid, _rds, _ref in purchases]).exclude(serial_key="")
    for serial, key, name, make in traced.values_list("serial_number", "serial_key", "manufacturer", "make_id"):
        guns.setdefault((key, _gun(make, name)), (serial, name, make))
    return [SerialEntry(serial, key, name, make) for (key, _gun), (serial, name, make) in sorted(guns.items())]


def _gun(make_id: int | None, manufacturer: str) -> str:
    """What tells guns of one serial apart: the catalog make, or the maker's name as it reads."""
    return f"make:{make_id}" if make_id else name_key(manufacturer)


def suspect_contacts(*, trace: Trace, user: User) -> list[dict]:
    """Whom the tracing agency contacts about a trace of a suspect gun: the flagging agency and its case reference.

    Shown to the agency that recovered the gun (or submitted its trace) and to the flagging agency; never who
    flagged it nor anything of the case but its reference. Flags withdrawn since are left out.
    """
    agency = user.agency_id if user.is_authenticated else None
    hits = SuspectGunHit.objects.filter(trace=trace, suspect__withdrawn_at__isnull=True)
    if agency is None or agency not in (trace.agency_id, trace.submitting_agency_id):
        hits = hits.filter(suspect__agency_id=agency) if agency else hits.none()
    rows = hits.order_by("suspect__agency__name", "suspect__case_ref").values(
        "suspect__agency__name", "suspect__agency__code", "suspect__case_ref"
    )
    return [
        {
            "agency": row["suspect__agency__name"],
            "agency_code": row["suspect__agency__code"],
            "case_ref": row["suspect__case_ref"],
        }
        for row in rows.distinct()
    ]
