"""In Spanish the officer's identifier is the "número de placa" wherever Traza names it: the form, the trace list's
filter, the trace page, its print sheet and its PDF."""

import re

import pytest

from traza.agencies.tests.factories import api_client
from traza.tracing.tests.api_support import REQUEST
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.test_sheet import pdf_text, spanish

BADGE = "P-4471"


def label(html: str, field: str) -> str:
    found = re.search(rf'<label for="id_{field}">([^<]*)</label>', html)
    assert found, f"no label for {field}"
    return found.group(1)


@pytest.mark.django_db
def test_the_form_and_the_list_filter_ask_for_the_numero_de_placa(officer_a):
    client = browser(spanish(officer_a))

    assert label(client.get("/traces/new/").content.decode(), "officer_badge") == "Número de placa del agente"
    assert label(client.get("/traces/").content.decode(), "officer") == "Agente o número de placa"


@pytest.mark.django_db
def test_the_trace_page_its_sheet_and_its_pdf_give_the_numero_de_placa(officer_a):
    request = {**REQUEST, "officer_name": "Ana Karen López Félix", "officer_badge": BADGE}
    number = api_client(officer_a).post("/api/v1/traces/", request, format="json").json()["number"]
    client = browser(spanish(officer_a))

    for page in ("", "print/"):
        html = client.get(f"/traces/{number}/{page}").content.decode()
        assert f"Ana Karen López Félix · número de placa {BADGE}" in html, page
    pdf = pdf_text(client.get(f"/traces/{number}/sheet.pdf").content)
    assert f"número de placa {BADGE}" in pdf
