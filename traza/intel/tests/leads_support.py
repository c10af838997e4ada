"""What the lead tests share: traces of agencies A and B, leads resting on them, people by key, signed-in clients.

Leads are written here as the worker's recompute writes them (Lead, LeadTrace, LeadPerson rows), so
these tests read and work leads whatever the computation finds.
"""

from datetime import date

import pytest
from django.utils import timezone

from traza.agencies.tests.personas import persona
from traza.intel.models import Lead, LeadPerson, LeadTrace, Person, PersonRecord
from traza.tracing.tests.api_support import submit

STRAW_REASONS = [
    {"code": "traced_guns", "strength": 0.75, "value": 4},
    {"code": "recovered_abroad", "strength": 1.0, "value": 3, "country": "MX"},
    {"code": "short_ttc", "strength": 0.6, "value": 2, "days": 41},
]


def make_lead(*, traces=(), people=(), kind=Lead.Kind.STRAW_PURCHASER, subject="", score=80.0, **fields) -> Lead:
    """A lead as the recompute writes it, resting on `traces` and `people`."""
    lead = Lead.objects.create(
        kind=kind,
        subject_key=subject or f"{kind}-{Lead.objects.count() + 1}",
        score=score,
        reasons=fields.pop("reasons", STRAW_REASONS),
        first_seen=fields.pop("first_seen", date(2024, 1, 9)),
        last_seen=fields.pop("last_seen", date(2024, 6, 2)),
        computed_at=timezone.now(),
        **fields,
    )
    LeadTrace.objects.bulk_create(LeadTrace(lead=lead, trace=trace) for trace in traces)
    LeadPerson.objects.bulk_create(LeadPerson(lead=lead, person=person) for person in people)
    return lead


@pytest.fixture
def buyer(db):
    """A buyer resolved from two spellings of one name: "Gómez Ruíz, J. Manuel" and "GOMEZ RUIZ JUAN MANUEL"."""
    person = Person.objects.create(key="p" + "4" * 31, record_count=2)
    for source_id, first in ((101, "J MANUEL"), (102, "JUAN MANUEL")):
        PersonRecord.objects.create(
            source=PersonRecord.Source.PURCHASE,
            source_id=source_id,
            person=person,
            last_name="GOMEZ",
            second_last_name="RUIZ",
            first_name=first,
            date_of_birth=date(1991, 7, 4),
        )
    return person


@pytest.fixture
def trace_a(agency_a):
    """Agency A's trace of a Glock recovered in Culiacán."""
    return submit(
        agency_a,
        request_ref="CLN/0231/2024",
        serial_number="BXKR417",
        manufacturer="glock",
        caliber="9mm",
        recovery_date="2024-05-14",
        recovery_state="MX-SIN",
        recovery_municipality="25006",
    )


@pytest.fixture
def trace_b(agency_b):
    """El Paso's trace of a rifle recovered in Texas: agency A's people may not read it."""
    return submit(
        agency_b,
        request_ref="EP-24-1187",
        serial_number="21-CA4410",
        manufacturer="Century Arms",
        caliber="7.62x39",
        recovery_date="2024-02-03",
        recovery_country="US",
        recovery_state="US-TX",
        recovery_municipality="48141",
    )


@pytest.fixture
def lead_ab(trace_a, trace_b, buyer):
    """A straw-purchaser lead resting on agency A's trace and agency B's, and on one buyer."""
    return make_lead(traces=[trace_a, trace_b], people=[buyer], subject=buyer.key)


@pytest.fixture
def lead_b(trace_b):
    """A dealer lead resting on agency B's trace only: agency A's people never see it."""
    return make_lead(
        traces=[trace_b],
        kind=Lead.Kind.DEALER,
        subject="57406336",
        score=64.5,
        reasons=[
            {"code": "short_ttc_rate", "strength": 0.9, "value": 12.4},
        ],
    )


@pytest.fixture
def investigator_b(agency_b):
    """An investigator of agency B: the outsider for agency A's leads."""
    return persona("investigator_b", agency_b, "investigator")


@pytest.fixture
def colleague_a(agency_a):
    """A second investigator of agency A, to assign leads to."""
    user = persona("colleague_a", agency_a, "investigator")
    user.first_name, user.last_name = "Lucía", "Valdés"
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def english():
    """Messages in English, whatever language an earlier request of the same thread left active."""
    from django.utils import translation

    with translation.override("en"):
        yield
