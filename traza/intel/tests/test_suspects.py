"""Suspect guns: reading a list, flagging and withdrawing, and the engine finding them in traces of any agency."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from traza.agencies.tests.personas import persona
from traza.audit.models import AuditEvent
from traza.catalog.models import Make
from traza.intel.models import Person, PersonRecord, SuspectGun, SuspectGunHit
from traza.intel.selectors.suspects import person_guns
from traza.intel.services.suspects import suspect_flag, suspect_withdraw
from traza.intel.suspects import read_serial_list
from traza.notifications.models import Kind, Notification
from traza.tracing import engine
from traza.tracing.models import Indicator, Trace
from traza.tracing.services import trace_submit
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.conftest import world  # noqa: F401 - fixture
from traza.tracing.tests.world import DEALER, LICENSEE_NAMES, RUGER, chain, purchase


@pytest.fixture(autouse=True)
def english():
    """Messages read outside a request are in English here, whatever a page earlier in the run activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def submit_as(catalog):
    """Submit a trace as `actor` for their agency, resolved through the real engine."""
    return lambda actor, **fields: submit(actor.agency, actor=actor, **fields)


def flag(actor, text: str, case_ref: str = "CI-FED/SIN/0042/2024", **options) -> list[SuspectGun]:
    entries, errors = read_serial_list(text)
    assert not errors, [str(error) for error in errors]
    return suspect_flag(actor=actor, serials=entries, case_ref=case_ref, **options)


def indicators(trace: Trace) -> set[str]:
    return set(trace.indicators.values_list("code", flat=True))


# Reading a list ------------------------------------------------------------------------------------------------


def test_a_list_keeps_its_good_lines_and_names_each_bad_one(catalog):
    text = (
        "Numero de serie;Fabricante\r\nab-1234, ruger\n\n  AB1234\t Sturm Ruger \nß123,colt\nxyz 9/9 , Smith & Wesson\n"
    )

    entries, errors = read_serial_list(text)

    assert [(e.serial_key, e.manufacturer) for e in entries] == [
        ("AB1234", "ruger"),
        ("AB1234", "Sturm Ruger"),
        ("XYZ99", "Smith & Wesson"),
    ]
    assert entries[0].make_id == entries[1].make_id == Make.objects.get(name__iexact="Ruger").pk
    assert [(error.line, error.text) for error in errors] == [(5, "ß123,colt")]
    assert str(errors[0]) == "Line 5: the serial number holds characters a serial number cannot have."


def test_a_serial_too_long_or_missing_is_named_by_its_line(catalog):
    _entries, errors = read_serial_list("ok-1\n," + "ruger\n" + "9" * 61)

    assert [str(error) for error in errors] == [
        "Line 2: the serial number is missing.",
        "Line 3: the serial number is longer than 60 characters.",
    ]


# Flagging ------------------------------------------------------------------------------------------------------


def test_an_investigator_flags_guns_for_a_case_until_the_default_expiry(investigator_a, settings):
    settings.TRAZA_SUSPECT_DAYS = 90

    flags = flag(investigator_a, "ab-1234, Ruger\nKP95-0017")

    assert [(f.serial_key, f.agency_id, f.flagged_by_id) for f in flags] == [
        ("AB1234", investigator_a.agency_id, investigator_a.pk),
        ("KP950017", investigator_a.agency_id, investigator_a.pk),
    ]
    assert {f.expires_on for f in flags} == {timezone.localdate() + timedelta(days=90)}
    assert AuditEvent.objects.filter(action="suspect.flag", object_type="suspectgun").count() == 2


def test_the_same_gun_for_the_same_case_is_flagged_once(investigator_a):
    flag(investigator_a, "AB1234, Ruger")

    again = flag(investigator_a, "ab 1234, Ruger\nZZ-1")
    other_case = flag(investigator_a, "AB1234, Ruger", case_ref="CI-2")

    assert [f.serial_key for f in again] == ["ZZ1"]
    assert len(other_case) == 1
    assert SuspectGun.objects.count() == 3


def test_only_investigators_flag(officer_a, analyst):
    entries, _errors = read_serial_list("AB1234")
    for actor in (officer_a, analyst):
        with pytest.raises(PermissionDenied):
            suspect_flag(actor=actor, serials=entries, case_ref="CI-1")
    assert not SuspectGun.objects.exists()


def test_expiry_must_be_in_the_future_and_within_the_maximum(investigator_a, settings):
    settings.TRAZA_SUSPECT_MAX_DAYS = 30
    today = timezone.localdate()

    for expires_on in (today, today - timedelta(days=3), today + timedelta(days=31)):
        with pytest.raises(ValidationError) as refused:
            flag(investigator_a, "AB1234", expires_on=expires_on)
        assert list(refused.value.message_dict) == ["expires_on"]
    with pytest.raises(ValidationError) as refused:
        flag(investigator_a, "AB1234", case_ref="  ")
    assert list(refused.value.message_dict) == ["case_ref"]
    assert flag(investigator_a, "AB1234", expires_on=today + timedelta(days=30))


def test_a_flag_is_withdrawn_by_its_agency_only(investigator_a, agency_b):
    investigator_b = persona("investigator_b", agency_b, "investigator")
    [suspect] = flag(investigator_a, "AB1234")

    with pytest.raises(PermissionDenied):
        suspect_withdraw(actor=investigator_b, suspect=suspect)
    suspect_withdraw(actor=investigator_a, suspect=suspect)

    suspect.refresh_from_db()
    assert suspect.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="suspect.withdraw", object_id=str(suspect.pk)).count() == 1


# A person's guns -----------------------------------------------------------------------------------------------


def test_every_gun_a_person_bought_from_the_books_and_the_traces(world, submit_as, officer_a):  # noqa: F811
    world("dispositions", chain("RG-0001", "STURM, RUGER & COMPANY, INC", [(RUGER, "R"), (DEALER, "D")], ref="4473-A"))
    world("dispositions", chain("RG-0002", "RUGER", [(RUGER, "R"), (DEALER, "D")], ref="4473-B"))
    world("dispositions", chain("RG-0003", "RUGER", [(RUGER, "R"), (DEALER, "D")], ref="4473-C"))
    world(
        "purchases",
        [
            purchase(DEALER, "4473-A", "GARCÍA", "JUAN"),
            purchase(DEALER, "4473-B", "GARCIA", "JUAN"),
            purchase(DEALER, "4473-C", "LOPEZ", "ANA"),
        ],
    )
    from traza.industry.models import Purchase

    person = Person.objects.create(key="p" * 32)
    for ref in ("4473-A", "4473-B"):
        bought = Purchase.objects.get(transaction_ref=ref)
        PersonRecord.objects.create(source=PersonRecord.Source.PURCHASE, source_id=bought.pk, person=person)

    guns = person_guns(person)

    assert [(gun.serial_key, gun.serial_number) for gun in guns] == [("RG0001", "RG-0001"), ("RG0002", "RG-0002")]
    assert LICENSEE_NAMES  # the world's licensees hold the books read above


# Matching through the engine -----------------------------------------------------------------------------------


def test_a_trace_by_another_agency_finds_the_flag_and_tells_the_investigator_once(
    investigator_a, officer_b, submit_as, agency_a
):
    [suspect] = flag(investigator_a, "ab-1234, ruger")

    trace = submit_as(officer_b, serial_number="AB 1234", manufacturer="Sturm, Ruger & Co.")

    assert SuspectGunHit.objects.filter(suspect=suspect, trace=trace).count() == 1
    assert Indicator.SUSPECT_GUN in indicators(trace)
    told = Notification.objects.get(user=investigator_a, kind=Kind.SUSPECT_TRACED)
    assert told.params == {
        "serial": "ab-1234",
        "case_ref": "CI-FED/SIN/0042/2024",
        "agency": officer_b.agency.name,
        "trace": trace.number,
    }
    engine.resolve([trace.pk])
    assert Indicator.SUSPECT_GUN in indicators(trace)
    assert SuspectGunHit.objects.count() == 1
    assert Notification.objects.filter(kind=Kind.SUSPECT_TRACED).count() == 1


def test_a_flag_of_another_make_is_not_this_gun(investigator_a, officer_b, submit_as):
    flag(investigator_a, "AB1234, Smith & Wesson")

    trace = submit_as(officer_b, serial_number="AB1234", manufacturer="RUGER")

    assert not SuspectGunHit.objects.exists()
    assert Indicator.SUSPECT_GUN not in indicators(trace)


def test_makes_unknown_to_the_catalog_match_by_their_names(investigator_a, officer_b, submit_as):
    flag(investigator_a, "ZX-9090, Armería Patitos S.A. de C.V.")
    flag(investigator_a, "zx9090, Hermanos Quintero", case_ref="CI-7")

    trace = submit_as(officer_b, serial_number="ZX 9090", manufacturer="ARMERIA PATITOS")

    assert list(SuspectGunHit.objects.values_list("suspect__case_ref", flat=True)) == ["CI-FED/SIN/0042/2024"]
    assert Indicator.SUSPECT_GUN in indicators(trace)


def test_a_flag_without_maker_finds_every_gun_of_its_serial(investigator_a, officer_b, submit_as):
    flag(investigator_a, "KP-95 0017")

    trace = submit_as(officer_b, serial_number="kp950017", manufacturer="Glock")

    assert Indicator.SUSPECT_GUN in indicators(trace)


def test_expired_and_withdrawn_flags_find_nothing(investigator_a, officer_b, submit_as):
    [expired] = flag(investigator_a, "AB1234")
    [withdrawn] = flag(investigator_a, "AB1234", case_ref="CI-9")
    SuspectGun.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    suspect_withdraw(actor=investigator_a, suspect=withdrawn)

    trace = submit_as(officer_b, serial_number="AB1234", manufacturer="Ruger")

    assert not SuspectGunHit.objects.exists()
    assert Indicator.SUSPECT_GUN not in indicators(trace)
    assert not Notification.objects.filter(kind=Kind.SUSPECT_TRACED).exists()


def test_withdrawing_the_flag_takes_the_indicator_off_its_traces(investigator_a, officer_b, submit_as):
    [suspect] = flag(investigator_a, "AB1234, Ruger")
    [other] = flag(investigator_a, "CD-77, Ruger", case_ref="CI-3")
    first = submit_as(officer_b, serial_number="AB1234", manufacturer="Ruger")
    second = submit_as(officer_b, serial_number="CD77", manufacturer="Ruger")

    suspect_withdraw(actor=investigator_a, suspect=suspect)

    assert Indicator.SUSPECT_GUN not in indicators(first)
    assert Indicator.SUSPECT_GUN in indicators(second)
    engine.resolve([first.pk, second.pk])
    assert Indicator.SUSPECT_GUN not in indicators(first)
    assert other.hits.count() == 1


def test_finding_suspect_guns_costs_the_same_queries_for_a_larger_batch(investigator_a, officer_b, agency_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from traza.catalog.lookup import CatalogIndex
    from traza.tracing.validation import TraceRequestReader

    reader = TraceRequestReader(
        catalog=CatalogIndex.load(), agencies={agency_b.code: agency_b.pk}, today=timezone.localdate()
    )

    def batch(prefix: str, size: int) -> int:
        flag(investigator_a, "\n".join(f"{prefix}-{n}, Ruger" for n in range(size)), case_ref=f"CI-{prefix}")
        ids = []
        for n in range(size):
            values = {"request_ref": f"{prefix}{n}", "agency_code": agency_b.code, "recovery_date": "2024-02-11"}
            values |= {"recovery_country": "MX", "serial_number": f"{prefix}{n}", "manufacturer": "RUGER"}
            data = reader.read(1, values)
            ids.append(trace_submit(actor=officer_b, agency=agency_b, data=data, channel=Trace.Channel.FILE)[0].pk)
        with CaptureQueriesContext(connection) as queries:
            engine.resolve(ids)
        assert SuspectGunHit.objects.filter(trace_id__in=ids).count() == size
        return len(queries)

    assert batch("AA", 2) == batch("BB", 9)
