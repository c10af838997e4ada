"""A traced_foreign trace opens one international request, to the right country, with a due date."""

from datetime import timedelta

import pytest

from traza.imports.services import import_file
from traza.international.models import InternationalRequest
from traza.international.services import international_requests_open
from traza.tracing import engine
from traza.tracing.models import Trace
from traza.tracing.tests.world import LICENSEE_NAMES, RUGER, chain, licensee_rows

Status = Trace.Status


def test_a_foreign_gun_never_imported_opens_one_request_to_its_country_of_manufacture(hi_power):
    assert (hi_power.status, hi_power.status_reason) == (Status.TRACED_FOREIGN, Trace.Reason.FOREIGN_NOT_IMPORTED)
    request = InternationalRequest.objects.get(trace=hi_power)
    assert (request.country_id, request.basis, request.status) == ("AR", "manufacture", "open")
    assert request.due_at - request.created_at == timedelta(days=30)


def test_resolving_again_never_opens_a_second_request(hi_power):
    engine.resolve([hi_power.pk])
    engine.resolve([hi_power.pk])

    assert InternationalRequest.objects.filter(trace=hi_power).count() == 1


def test_the_due_date_follows_the_setting(settings, fmap, submit):
    settings.TRAZA_INTERNATIONAL_DUE_DAYS = 45

    trace = submit(serial_number="FM 7731", manufacturer="Fabrica Militar de Armas Portatiles")

    request = trace.international_request
    assert request.due_at - request.created_at == timedelta(days=45)


def test_a_domestic_result_opens_no_request(load, submit):
    load("licensees", licensee_rows())
    load("dispositions", chain("RG-2210", "RUGER", [(RUGER, LICENSEE_NAMES[RUGER][0])], ending="destroyed"))

    trace = submit(serial_number="rg 2210", manufacturer="ruger")

    assert trace.status == Status.COMPLETED_DEALER
    assert not InternationalRequest.objects.exists()


def test_a_lawful_export_is_asked_to_the_country_of_last_legal_import(load, submit):
    load("licensees", licensee_rows())
    load("dispositions", chain("RG-1100", "RUGER", [(RUGER, LICENSEE_NAMES[RUGER][0])], ending="export"))

    trace = submit(serial_number="RG1100", manufacturer="Sturm Ruger")

    assert (trace.status, trace.status_reason) == (Status.TRACED_FOREIGN, Trace.Reason.EXPORTED)
    request = trace.international_request
    assert (request.country_id, request.basis) == ("MX", "import")


def test_opening_is_set_based_and_uses_the_stated_country_of_origin(
    agency_a, hi_power, submit, django_assert_max_num_queries
):
    """Traces written straight as traced_foreign (a make the catalog does not know, an origin typed by hand)."""
    unknown = submit(serial_number="TK-0091", manufacturer="Tisaş Trabzon", country_of_origin="tr")
    others = [submit(serial_number=f"X{n}", manufacturer="Canik 55", country_of_origin="TR") for n in range(5)]
    ids = [unknown.pk, *(t.pk for t in others)]
    Trace.objects.filter(pk__in=ids).update(status=Status.TRACED_FOREIGN, status_reason="foreign_not_imported")
    InternationalRequest.objects.filter(trace_id__in=ids).delete()

    with django_assert_max_num_queries(3):
        opened = international_requests_open(trace_ids=[*ids, hi_power.pk])

    assert opened == 6
    assert set(InternationalRequest.objects.filter(trace_id__in=ids).values_list("country_id", flat=True)) == {"TR"}


def test_a_trace_that_no_longer_ends_abroad_closes_its_unanswered_request(hi_power):
    Trace.objects.filter(pk=hi_power.pk).update(status=Status.CANCELLED)

    international_requests_open(trace_ids=[hi_power.pk])

    request = InternationalRequest.objects.get(trace=hi_power)
    assert request.status == InternationalRequest.Status.CLOSED
    assert request.closed_at is not None


def test_a_request_closed_so_opens_again_when_its_trace_ends_abroad_again(hi_power):
    Trace.objects.filter(pk=hi_power.pk).update(status=Status.NOT_TRACED, status_reason="no_record")
    international_requests_open(trace_ids=[hi_power.pk])

    engine.resolve([hi_power.pk])

    request = InternationalRequest.objects.get(trace=hi_power)
    assert (request.status, request.closed_at) == ("open", None)


def test_a_file_of_trace_requests_opens_one_request_per_foreign_gun(tmp_path, agency_a, fmap):
    path = tmp_path / "rastreos.csv"
    path.write_text(
        "referencia,clave_agencia,fecha_aseguramiento,pais,entidad,numero_serie,marca,calibre,tipo_arma,numero_carpeta\n"
        "CLN-7,MXSIN0060,03/01/2024,MX,Sinaloa,FM 1187,Fabrica Militar de Armas Portatiles,9mm,pistola,FGE/118\n"
        "CLN-8,MXSIN0060,04/01/2024,México,SINALOA,fm-2231,FÁBRICA MILITAR DE ARMAS PORTÁTILES,9 mm,Pistola,\n"
        "CLN-9,MXSIN0060,03/01/2024,MX,Sinaloa,FM-1187,Fabrica Militar de Armas Portatiles,9mm,pistola,FGE/118\n",
        encoding="cp1252",
    )

    run = import_file(kind="trace-requests", path=path)

    assert (run.rows_created, run.rows_rejected) == (3, 0)
    foreign = Trace.objects.filter(status=Status.TRACED_FOREIGN)
    assert foreign.count() == 2  # the third row is the same gun and recovery as the first: a duplicate
    assert set(InternationalRequest.objects.values_list("trace__request_ref", "country_id")) == {
        ("CLN-7", "AR"),
        ("CLN-8", "AR"),
    }


@pytest.mark.parametrize(
    ("marking", "country"),
    [("ZASTAVA ARMS", "RS"), ("China North Industries", "CN"), ("canik 55", "TR"), ("FN Herstal SA", "BE")],
)
def test_a_catalog_make_found_in_no_importer_book_is_asked_to_its_country(submit, marking, country):
    trace = submit(serial_number="A-73 0042", manufacturer=marking, caliber="7.62x39")

    assert trace.status == Status.TRACED_FOREIGN
    assert trace.international_request.country_id == country
