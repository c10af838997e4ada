"""A Mexican case's own references (Ministerio Público, IPH, primer respondiente) come in by every channel and are
shown on the trace page, its print sheet, its PDF and the API."""

import pytest

from traza.agencies.tests.factories import api_client
from traza.imports.services import import_file
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import REQUEST
from traza.tracing.tests.pages_support import FORM, browser
from traza.tracing.tests.test_sheet import pdf_text

CASE = {
    "mp_agent": "Lic. María de Jesús Zazueta",
    "mp_office": "Agencia Tercera del MP, Culiacán",
    "iph_number": "IPH/SSP/CLN/2024/00871",
    "first_responder": "Guardia Nacional, Coordinación Sinaloa",
}


def assert_case(trace: Trace) -> None:
    assert {name: getattr(trace, name) for name in CASE} == CASE


@pytest.mark.django_db
def test_the_form_takes_them(officer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser(officer_a).post("/traces/new/", {**FORM, **CASE})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert_case(Trace.objects.get())


@pytest.mark.django_db
def test_the_api_takes_them_and_gives_them_back(officer_a):
    client = api_client(officer_a)

    created = client.post("/api/v1/traces/", {**REQUEST, **CASE}, format="json")

    assert created.status_code == 201, created.json()
    detail = client.get(f"/api/v1/traces/{created.json()['number']}/").json()
    assert {name: detail[name] for name in CASE} == CASE


@pytest.mark.django_db
def test_a_file_with_spanish_headers_brings_them(tmp_path, agency_a):
    path = tmp_path / "rastreos.csv"
    path.write_text(
        "referencia,clave_agencia,fecha_aseguramiento,pais,numero_serie,marca,carpeta_investigacion,agente_mp,"
        "agencia_mp,iph,primer_respondiente\n"
        f'R-1,{agency_a.code},01/05/2022,MX,RG1,Ruger,CI-77/2024,"{CASE["mp_agent"]}","{CASE["mp_office"]}",'
        f'{CASE["iph_number"]},"{CASE["first_responder"]}"\n',
        encoding="utf-8",
    )

    run = import_file(kind="trace-requests", path=path)

    assert run.rows_rejected == 0, list(run.row_errors.values_list("text", flat=True))
    trace = Trace.objects.get()
    assert_case(trace)
    assert trace.agency_case_number == "CI-77/2024"


@pytest.mark.django_db
def test_a_too_long_iph_number_is_refused_by_name(officer_a):
    response = api_client(officer_a).post("/api/v1/traces/", {**REQUEST, "iph_number": "9" * 41}, format="json")

    assert response.status_code == 400
    assert "iph_number" in response.json()["error"]["fields"]
    assert not Trace.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "print/"])
def test_the_trace_page_and_its_sheet_show_them_in_spanish(officer_a, page):
    created = api_client(officer_a).post("/api/v1/traces/", {**REQUEST, **CASE}, format="json").json()
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])

    html = browser(officer_a).get(f"/traces/{created['number']}/{page}").content.decode()

    for value in CASE.values():
        assert value in html
    assert "Informe policial (IPH)" in html
    assert "Ministerio Público" in html


@pytest.mark.django_db
def test_the_pdf_sheet_shows_them_in_spanish(officer_a):
    created = api_client(officer_a).post("/api/v1/traces/", {**REQUEST, **CASE}, format="json").json()
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])

    response = browser(officer_a).get(f"/traces/{created['number']}/sheet.pdf")

    assert response.status_code == 200
    text = pdf_text(response.content)
    for value in CASE.values():
        assert value in text, value
    assert "Informe policial (IPH)" in text
    assert "Ministerio Público" in text
