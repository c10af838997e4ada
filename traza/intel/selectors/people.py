"""Reads on resolved people that a person triggers: who may see whom, a person's records and traces.

A person is visible to a viewer when one of their mentions is in a trace the viewer may read (as
the purchaser, through `Trace.purchase`, or as the possessor) or when a lead the viewer may read
(through one of its traces) rests on them; to anyone else the person does not exist (404).
Names, birth dates, addresses and identity numbers are shown only to investigators and analysts
who stated a purpose for this person (`person_reveal`), for TRAZA_REVEAL_MINUTES; the rest see masks.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from traza.agencies.models import User
from traza.agencies.roles import PERSONAL_DATA_READERS, has_role
from traza.agencies.selectors.personal_data import MASK
from traza.core.expressions import InSubquery
from traza.industry.models import MultipleSale, Purchase
from traza.intel.models import LeadPerson, Person, PersonRecord
from traza.intel.selectors.leads import leads_visible_to
from traza.tracing.models import Trace
from traza.tracing.selectors import licensees_by_rds, traces_visible_to

REVEAL_ACTION = "person.reveal"
Source = PersonRecord.Source


def traces_of_people(person_ids) -> Q:
    """The traces that mention these people (a list or a subquery of ids): as purchaser or as possessor."""
    records = PersonRecord.objects.filter(person_id__in=person_ids)
    purchases = records.filter(source=Source.PURCHASE).values("source_id")
    possessed = records.filter(source=Source.POSSESSOR).values("source_id")
    return Q(InSubquery(F("purchase_id"), Subquery(purchases))) | Q(InSubquery(F("pk"), Subquery(possessed)))


def visible_person_ids(user: User, person_ids: Iterable[int]) -> set[int]:
    """Which of these people `user` may see: named in a trace they may read, or in a lead they may read.

    Read from the people's side (their records, then the few traces naming them), so the cost follows
    the number of people asked about, not the number of traces the viewer reads.
    """
    ids = list(person_ids)
    if not ids:
        return set()
    found = traces_visible_to(user).filter(traces_of_people(ids)).values_list("pk", "purchase_id")
    traces, purchases = set(), set()
    for trace_id, purchase_id in found:
        traces.add(trace_id)
        purchases.add(purchase_id)
    records = PersonRecord.objects.filter(person_id__in=ids, source__in=[Source.PURCHASE, Source.POSSESSOR])
    visible = {
        person_id
        for person_id, source, source_id in records.values_list("person_id", "source", "source_id")
        if source_id in (purchases if source == Source.PURCHASE else traces)
    }
    in_leads = LeadPerson.objects.filter(person_id__in=ids, lead__in=leads_visible_to(user))
    return visible | set(in_leads.values_list("person_id", flat=True))


def person_visible(user: User, person: Person) -> bool:
    """Whether `user` may see `person`."""
    return person.pk in visible_person_ids(user, [person.pk])


def person_for(*, user: User, key: str) -> Person:
    """The person with this key if `user` may see them; Http404 otherwise (unknown or out of scope alike)."""
    person = Person.objects.filter(key=key).first()
    if person is None or not person_visible(user, person):
        raise Http404
    return person


def person_of_purchase_key(key: str) -> Person | None:
    """The person whose key a purchase record shows as its purchaser id, once resolution has made one."""
    return Person.objects.filter(key=key).first() if key else None


def person_traces(*, user: User, person: Person) -> tuple[list[Trace], int]:
    """The traces naming `person` that `user` may read (newest recovery first), and how many others exist."""
    linked = Trace.objects.filter(traces_of_people([person.pk]))
    visible = list(
        traces_visible_to(user)
        .filter(traces_of_people([person.pk]))
        .select_related("agency", "make", "recovery_region", "recovery_municipality")
        .prefetch_related("indicators")
        .order_by("-recovery_date", "-pk")
    )
    return visible, linked.count() - len(visible)


def masked_label(person_key: str) -> str:
    """What stands for a person whose name the viewer may not see: the start of the opaque key."""
    return gettext("Person %(key)s") % {"key": person_key[:8]}


def names_of(person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's name as written most often in their records ("LAST SECOND, FIRST"). Personal data."""
    counts: dict[int, Counter] = {}
    rows = PersonRecord.objects.filter(person_id__in=list(person_ids)).values_list(
        "person_id", "last_name", "second_last_name", "first_name"
    )
    for person_id, last, second, first in rows:
        counts.setdefault(person_id, Counter())[(last, second, first)] += 1
    return {person_id: _full_name(*counter.most_common(1)[0][0]) for person_id, counter in counts.items()}


def person_labels(user: User, people: list[Person]) -> dict[int, str]:
    """The label each person gets for `user`: their name under a live grant, else the mask."""
    names = names_of(revealed_person_ids(user, [person.pk for person in people]))
    return {person.pk: names.get(person.pk) or masked_label(person.key) for person in people}


def _full_name(last: str, second: str, first: str) -> str:
    surnames = " ".join(part for part in (last, second) if part)
    return f"{surnames}, {first}" if first else surnames


@dataclass(frozen=True)
class PersonGrant:
    """Leave for one user to see one person's personal data, for a stated purpose, until `expires_at`."""

    person_id: int
    purpose: str
    granted_at: datetime
    expires_at: datetime


def person_may_reveal(user: User, person: Person) -> bool:
    """Whether `user` may ask to see `person`'s personal data: an investigator or analyst who may see them."""
    return has_role(user, PERSONAL_DATA_READERS) and person_visible(user, person)


def person_grant(*, user: User, person: Person) -> PersonGrant | None:
    """The live grant of `user` for `person`: their last stated purpose in the window, if they may still reveal."""
    if not person_may_reveal(user, person):
        return None
    event = _grant_events(user, [person.pk]).order_by("-seq").first()
    return grant_from(person_id=person.pk, purpose=event.purpose, granted_at=event.at) if event else None


def grant_from(*, person_id: int, purpose: str, granted_at: datetime) -> PersonGrant:
    expires_at = granted_at + timedelta(minutes=settings.TRAZA_REVEAL_MINUTES)
    return PersonGrant(person_id=person_id, purpose=purpose, granted_at=granted_at, expires_at=expires_at)


def revealed_person_ids(user: User, person_ids: Iterable[int]) -> set[int]:
    """Which of these people `user` holds a live grant for (one query): their names may be shown."""
    if not has_role(user, PERSONAL_DATA_READERS):
        return set()
    events = _grant_events(user, list(person_ids)).values_list("object_id", flat=True)
    return {int(object_id) for object_id in events}


def _grant_events(user: User, person_ids: list[int]):
    from traza.audit.models import AuditEvent

    window = timedelta(minutes=settings.TRAZA_REVEAL_MINUTES)
    return AuditEvent.objects.filter(
        actor=user,
        action=REVEAL_ACTION,
        object_type="person",
        object_id__in=[str(pk) for pk in person_ids],
        at__gte=timezone.now() - window,
    )


def personal_data_of_person(person: Person) -> dict:
    """Every spelling of the person's names, birth dates, addresses and ids in their records. Only for revealing."""
    records = list(person.records.order_by("-seen_on", "pk"))
    return {
        "names": _distinct(
            _full_name(r.last_name, r.second_last_name, " ".join(filter(None, (r.first_name, r.middle_name))))
            for r in records
        ),
        "births": _distinct(r.date_of_birth for r in records),
        "addresses": _distinct(_address(r) for r in records),
        "ids": _distinct(r.id_number for r in records),
    }


def masked_personal_data_of_person(person: Person) -> dict:
    """The shape of `personal_data_of_person` with one mask for each value."""
    return {key: [MASK for _value in values] for key, values in personal_data_of_person(person).items()}


def _address(record: PersonRecord) -> str:
    street = " ".join(part for part in (record.street, record.unit) if part)
    place = " ".join(part for part in (record.city, record.state, record.zip) if part)
    return ", ".join(part for part in (street, place) if part)


def _distinct(values: Iterable) -> list:
    return list(dict.fromkeys(value for value in values if value not in (None, "")))


# The person page: what their records say, within the viewer's scope.


def person_purchases(person: Person) -> list[Purchase]:
    """The purchase records (Forms 4473) that name `person`, newest first. Their names are personal data."""
    ids = person.records.filter(source=Source.PURCHASE).values("source_id")
    return list(Purchase.objects.filter(pk__in=ids).order_by("-transaction_date", "-pk"))


def person_multiple_sales(person: Person) -> list[MultipleSale]:
    """The guns of multiple-sale reports that name `person`, newest first."""
    ids = person.records.filter(source=Source.MULTIPLE_SALE).values("source_id")
    return list(MultipleSale.objects.filter(pk__in=ids).select_related("make").order_by("-sale_date", "-pk"))


def person_dealers(person: Person) -> list[dict]:
    """The dealers `person` bought from: RDS key, how many records, first and last date; most used first."""
    rows = (
        person.records.exclude(licensee_rds="")
        .values("licensee_rds")
        .annotate(records=Count("pk"), first=Min("seen_on"), last=Max("seen_on"))
        .order_by("-records", "licensee_rds")
    )
    licensees = licensees_by_rds(row["licensee_rds"] for row in rows)
    return [{**row, "licensee": licensees.get(row["licensee_rds"])} for row in rows]


def person_neighbours(*, user: User, person: Person) -> list[dict]:
    """Other people whose records share an address (street and zip) or an id number with `person`'s.

    Each: the person, what they share ("address", "id"), whether the viewer may open their page.
    """
    shared = _sharing(person)
    if not shared:
        return []
    rows = PersonRecord.objects.filter(shared).exclude(person_id=person.pk).exclude(person_id__isnull=True)
    found: dict[int, set[str]] = {}
    mine = _keys_of(person)
    for row in rows.values("person_id", "street", "zip", "id_number"):
        kinds = found.setdefault(row["person_id"], set())
        if row["street"] and (row["street"], row["zip"]) in mine["addresses"]:
            kinds.add("address")
        if row["id_number"] and row["id_number"] in mine["ids"]:
            kinds.add("id")
    people = Person.objects.in_bulk(list(found))
    visible = visible_person_ids(user, found)
    return [
        {"person": people[pk], "shares": sorted(kinds), "visible": pk in visible}
        for pk, kinds in sorted(found.items(), key=lambda item: people[item[0]].key)
    ]


def _keys_of(person: Person) -> dict[str, set]:
    rows = list(person.records.values_list("street", "zip", "id_number"))
    return {
        "addresses": {(street, zip_code) for street, zip_code, _id in rows if street and zip_code},
        "ids": {id_number for _street, _zip, id_number in rows if id_number},
    }


def _sharing(person: Person) -> Q | None:
    keys = _keys_of(person)
    conditions = [Q(street=street, zip=zip_code) for street, zip_code in keys["addresses"]]
    if keys["ids"]:
        conditions.append(Q(id_number__in=keys["ids"]))
    return reduce(or_, conditions) if conditions else None


# From a trace: the other traces of its buyer, its dealer, its buyer's address.

RELATED_SHOWN = 10


def related_traces(*, user: User, trace: Trace) -> dict:
    """Other traces `user` may read with this trace's buyer, retail dealer or buyer's address.

    Each of "buyer", "dealer", "address" is None when the trace has none, else {"count", "traces"}
    (the newest RELATED_SHOWN recoveries). "person" is the buyer, when resolution found one.
    """
    visible = traces_visible_to(user).exclude(pk=trace.pk)
    buyer = _buyer_record(trace)
    address = None
    if buyer is not None and buyer.street and buyer.zip:
        at_address = PersonRecord.objects.filter(source=Source.PURCHASE, street=buyer.street, zip=buyer.zip)
        address = visible.filter(purchase_id__in=at_address.values("source_id"))
    return {
        "person": buyer.person if buyer is not None else None,
        "buyer": _some(visible.filter(traces_of_people([buyer.person_id]))) if buyer and buyer.person_id else None,
        "dealer": _some(visible.filter(retail_licensee_rds=trace.retail_licensee_rds))
        if trace.retail_licensee_rds
        else None,
        "address": _some(address) if address is not None else None,
    }


def _buyer_record(trace: Trace) -> PersonRecord | None:
    if trace.purchase_id is None:
        return None
    records = PersonRecord.objects.select_related("person")
    return records.filter(source=Source.PURCHASE, source_id=trace.purchase_id).first()


def _some(traces: QuerySet[Trace]) -> dict:
    shown = traces.select_related("make", "recovery_region", "recovery_municipality").order_by("-recovery_date", "-pk")
    return {"count": traces.count(), "traces": list(shown[:RELATED_SHOWN])}
