"""/traces/new/suggest/…: the catalog suggestions and pickers the trace form asks for as the officer types."""

import pytest

from traza.tracing.tests.api_support import submit
from traza.tracing.tests.pages_support import browser

BASE = "/traces/new/suggest"


def get(user, path: str, **params) -> str:
    response = browser(user).get(f"{BASE}/{path}/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_anonymous_gets_no_suggestion():
    for path in ("makes", "models", "calibres", "importer", "states", "municipalities"):
        response = browser().get(f"{BASE}/{path}/", {"manufacturer": "Rug"})
        assert response.status_code == 302, path


@pytest.mark.django_db
def test_makes_are_suggested_by_name_alias_or_near_spelling(officer_a):
    assert '<option value="Ruger"' in get(officer_a, "makes", manufacturer="rug")
    assert '<option value="Smith &amp; Wesson" label="Smith &amp; Wesson (S&amp;W)">' in get(
        officer_a, "makes", manufacturer="S&W"
    )
    assert '<option value="Ruger"' in get(officer_a, "makes", manufacturer="Rugr")
    assert get(officer_a, "makes", manufacturer="").strip() == ""


@pytest.mark.django_db
def test_the_importer_field_suggests_importers(officer_a):
    html = get(officer_a, "makes", importer="century")

    assert '<option value="Century Arms"' in html


@pytest.mark.django_db
def test_calibres_are_suggested_with_exact_spellings_first(officer_a):
    html = get(officer_a, "calibres", caliber="9mm")

    assert html.index("9×19mm Parabellum") < html.index("</option>")


@pytest.mark.django_db
def test_models_come_from_the_agencys_own_traces_of_that_make(officer_a, officer_b, agency_a, agency_b):
    submit(agency_a, request_ref="A-1", model="P95")
    submit(agency_b, request_ref="B-1", model="P89")

    assert get(officer_a, "models", manufacturer="Ruger", model="P").strip() == '<option value="P95"></option>'
    assert "P95" not in get(officer_b, "models", manufacturer="Ruger", model="P")
    assert get(officer_a, "models", manufacturer="Glock", model="P").strip() == ""


@pytest.mark.django_db
def test_the_importer_is_asked_for_a_foreign_make(officer_a):
    html = get(officer_a, "importer", manufacturer="Glock", importer="Glock Inc")

    assert 'name="importer"' in html and 'value="Glock Inc"' in html
    assert "Glock makes firearms abroad (Austria)" in html


@pytest.mark.django_db
def test_the_importer_is_not_asked_for_a_domestic_make_nor_before_the_make_is_typed(officer_a):
    domestic = get(officer_a, "importer", manufacturer="Smith & Wesson")

    assert 'name="importer"' not in domestic
    assert "Smith &amp; Wesson is a US make: no importer is needed." in domestic
    assert 'name="importer"' not in get(officer_a, "importer", manufacturer="")


@pytest.mark.django_db
def test_the_importer_is_asked_for_a_make_the_catalog_does_not_know(officer_a):
    html = get(officer_a, "importer", manufacturer="Fabrica Desconocida")

    assert 'name="importer"' in html and "Traza does not know this make" in html


@pytest.mark.django_db
def test_municipalities_of_sinaloa_include_culiacan(officer_a):
    html = get(officer_a, "municipalities", recovery_state="MX-SIN")

    assert '<option value="25006">Culiacán</option>' in html
    assert '<option value="48141">' not in html
    assert html.startswith('<option value="">')


@pytest.mark.django_db
def test_texas_counties_include_el_paso(officer_b):
    assert '<option value="48141">El Paso</option>' in get(officer_b, "municipalities", recovery_state="US-TX")


@pytest.mark.django_db
def test_states_follow_the_country_and_empty_the_municipalities(officer_a):
    html = get(officer_a, "states", recovery_country="US")

    assert '<option value="US-TX">Texas</option>' in html
    assert "MX-SIN" not in html
    assert '<select id="id_recovery_municipality" hx-swap-oob="innerHTML">' in html
