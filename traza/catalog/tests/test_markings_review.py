"""The markings review queue: unresolved spellings with their counts and waiting traces, and mapping one to a make."""

import pytest
from django.test import Client
from django.urls import reverse

from traza.audit.models import AuditEvent
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Make, MakeAlias
from traza.catalog.review import Kind, unresolved_spellings
from traza.catalog.tests.markings_support import SERIAL, SOUTHPORT, reports, southport_books, waiting_trace
from traza.industry.models import Disposition
from traza.tracing.models import Trace

QUEUE = reverse("catalog-markings")
MAP = reverse("catalog-marking-map")


def signed_in(user, language: str = "") -> Client:
    if language:
        user.language = language
        user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def waiting(load, agency_a, agency_b, centre, officer_a):
    """Southport: A's trace, B's, the centre's, three book lines. Quintero: a theft, A's trace (as importer)."""
    southport_books(load)
    reports(officer_a)
    return {
        "a": waiting_trace(agency_a, "Southport Conn. U.S.A."),
        "b": waiting_trace(agency_b, "southport, conn usa", serial="SP-2"),
        "centre": waiting_trace(centre, "SOUTHPORT CONN USA", serial="SP-3"),
        "quintero": waiting_trace(agency_a, "Glock", serial="QG-1", importer="ARMERIA HNOS QUINTERO"),
        "typo": waiting_trace(centre, "Berreta Gardone V.T.", serial="PB-1"),
        "pending": waiting_trace(agency_a, "Sturm Ruger", serial="RG-9"),  # the catalog knows it: not listed
        "cancelled": Trace.objects.filter(
            pk=waiting_trace(agency_b, "Zastava Kragujevac Srbija", serial="Z-1").pk
        ).update(status=Trace.Status.CANCELLED),
    }


@pytest.mark.django_db
def test_the_queue_groups_spellings_by_key_with_counts_and_dates_most_traces_first(waiting, catalog):
    spellings = unresolved_spellings(catalog=CatalogIndex.load())

    assert [s.key for s in spellings] == [SOUTHPORT, "ARMERIA HNOS QUINTERO", "BERRETA GARDONE VT", "TALLERES RAMIREZ"]
    southport, quintero, _typo, talleres = spellings
    assert southport.waiting == 3
    assert dict(southport.counts) == {Kind.TRACE_MAKE: 3, Kind.DISPOSITION: 3}
    assert set(southport.texts) == {
        "Southport Conn. U.S.A.",
        "southport, conn usa",
        "SOUTHPORT CONN USA",
        "Southport, Conn. U.S.A.",
    }
    assert southport.first_seen.isoformat() == "2021-01-10"  # Ruger's book, before any trace
    assert (quintero.waiting, dict(quintero.counts)) == (1, {Kind.TRACE_IMPORTER: 1, Kind.THEFT: 1})
    assert (quintero.first_seen.isoformat(), talleres.waiting, talleres.last_seen.isoformat()) == (
        "2023-11-02",
        0,
        "2022-07-14",
    )
    thefts = unresolved_spellings(catalog=CatalogIndex.load(), kind=Kind.THEFT)
    assert [s.key for s in thefts] == ["ARMERIA HNOS QUINTERO"]


@pytest.mark.django_db
def test_the_analyst_sees_only_the_trace_numbers_they_may_read_and_the_full_counts(waiting, analyst):
    page = signed_in(analyst).get(QUEUE).content.decode()

    assert waiting["centre"].number in page
    assert waiting["a"].number not in page
    assert waiting["b"].number not in page
    assert "(of 3)" in page
    assert "Southport Conn. U.S.A." in page
    assert waiting["typo"].number in page
    assert "Beretta" in page  # the nearest make to the typo, suggested
    assert "Sturm Ruger" not in page and "Zastava" not in page


@pytest.mark.django_db
def test_the_coordinator_sees_the_counts_and_no_trace_numbers_in_spanish(waiting, coordinator_mx):
    response = signed_in(coordinator_mx, "es").get(QUEUE, {"kind": Kind.MULTIPLE_SALE})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Revisión de marcajes" in page
    assert "Tallerés Ramírez" in page
    assert "southport" not in page.lower()  # no multiple-sale report names it
    everyone = signed_in(coordinator_mx).get(QUEUE).content.decode()
    assert "Southport Conn. U.S.A." in everyone
    assert not [trace.number for trace in Trace.objects.all() if trace.number in everyone]


@pytest.mark.django_db
def test_mapping_adds_an_audited_alias_and_the_waiting_trace_completes_through_the_book(
    waiting, analyst, run_worker, django_capture_on_commit_callbacks
):
    client = signed_in(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MAP, {"text": "Southport Conn. U.S.A.", "make": "ruger"})
    assert response.status_code == 302
    ruger = Make.objects.get(name="Ruger")
    alias = MakeAlias.objects.get(key=SOUTHPORT)
    assert (alias.make, alias.source, alias.created_by, alias.name) == (
        ruger,
        "analyst",
        analyst,
        "Southport Conn. U.S.A.",
    )
    event = AuditEvent.objects.get(action="make_alias.create")
    assert (event.actor, event.object_id, event.details["make"]) == (analyst, str(alias.pk), "Ruger")

    assert run_worker() == 1

    trace = Trace.objects.get(pk=waiting["a"].pk)
    assert (trace.make, trace.make_basis) == (ruger, "alias")
    assert trace.status == Trace.Status.COMPLETED_PURCHASER
    assert not Disposition.objects.filter(serial_key=SERIAL.replace("-", ""), make__isnull=True).exists()
    assert Trace.objects.filter(make=ruger, manufacturer__icontains="southport").count() == 3
    assert Trace.objects.get(pk=waiting["quintero"].pk).make_id is None  # another spelling: untouched
    assert SOUTHPORT not in [s.key for s in unresolved_spellings(catalog=CatalogIndex.load())]


@pytest.mark.django_db
def test_a_spelling_that_already_names_a_make_is_refused_and_nothing_is_written(waiting, analyst):
    response = signed_in(analyst).post(MAP, {"text": "STURM, RUGER & CO", "make": "Smith & Wesson"})

    assert response.status_code == 400
    assert "is already a way of writing Ruger" in response.content.decode()
    assert not MakeAlias.objects.filter(source="analyst").exists()
    assert not AuditEvent.objects.filter(action="make_alias.create").exists()


@pytest.mark.django_db
def test_a_second_mapping_is_refused_unless_given_as_a_correction_which_moves_the_records_too(
    waiting, coordinator_mx, analyst, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in(coordinator_mx).post(MAP, {"text": "southport, conn usa", "make": "Colt"}).status_code == 302
    run_worker()
    assert Disposition.objects.filter(make__name="Colt").count() == 3

    refused = signed_in(analyst).post(MAP, {"text": "SOUTHPORT CONN. USA", "make": "Ruger"})
    assert refused.status_code == 400
    assert "by an analyst&#x27;s mapping. To change it, map it again as a correction." in refused.content.decode()
    assert MakeAlias.objects.get(key=SOUTHPORT).make.name == "Colt"

    with django_capture_on_commit_callbacks(execute=True):
        corrected = signed_in(analyst).post(MAP, {"text": "SOUTHPORT CONN. USA", "make": "Ruger", "correct": "on"})
    assert corrected.status_code == 302
    alias = MakeAlias.objects.get(key=SOUTHPORT)
    assert (alias.make.name, alias.created_by) == ("Ruger", analyst)
    change = AuditEvent.objects.get(action="make_alias.change")
    assert (change.details["previous_make"], change.details["make"]) == ("Colt", "Ruger")
    run_worker()
    assert Disposition.objects.filter(make__name="Ruger", serial_key="SP10442").count() == 3
    assert Trace.objects.get(pk=waiting["a"].pk).status == Trace.Status.COMPLETED_PURCHASER


@pytest.mark.django_db
def test_the_catalog_own_spellings_are_never_remapped_even_as_a_correction(waiting, analyst):
    response = signed_in(analyst).post(MAP, {"text": "Sturm, Ruger & Co.", "make": "Colt", "correct": "on"})

    assert response.status_code == 400
    assert "is already a way of writing Ruger; a spelling stands for one make only." in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="make_alias").exists()


@pytest.mark.django_db
def test_an_unknown_make_is_refused_with_the_nearest_names_and_the_spelling_kept(waiting, analyst):
    response = signed_in(analyst).post(MAP, {"text": "Southport Conn. U.S.A.", "make": "Rugger Southport"})
    page = response.content.decode()

    assert response.status_code == 400
    assert "No catalog make is called Rugger Southport" in page
    assert "Ruger" in page
    assert 'value="Southport Conn. U.S.A."' in page
    assert not MakeAlias.objects.filter(key=SOUTHPORT).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer_a", "supervisor_a", "auditor_a", "industry", "sysadmin"])
def test_other_roles_do_not_find_the_queue(persona, request, catalog):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(QUEUE).status_code == 404
    assert client.post(MAP, {"text": "X", "make": "Ruger"}).status_code == 404
    assert not MakeAlias.objects.filter(source="analyst").exists()
