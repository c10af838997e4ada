"""Every error a person can meet is Traza's page, styled and in their language; the API answers its own shape."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PAGES = {
    "en": {
        404: "Page not found",
        403: "Not allowed",
        400: "The request could not be read",
        500: "Something went wrong",
    },
    "es": {
        404: "Página no encontrada",
        403: "No permitido",
        400: "No se pudo leer la solicitud",
        500: "Algo salió mal",
    },
}


def client_for(user, language: str) -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.urls("traza.core.tests.crashing_urls")
@pytest.mark.parametrize("language", ["en", "es"])
def test_error_pages_are_trazas_in_the_users_language(officer_a, language):
    client = client_for(officer_a, language)
    answers = {
        404: client.get("/traces/T202699999999/"),
        403: client.get("/test-forbidden/"),
        400: client.get("/traces/?serial=AB%00CD"),
        500: client.get("/test-crash/"),
    }
    for code, response in answers.items():
        page = response.content.decode()
        assert response.status_code == code
        assert PAGES[language][code] in page, (code, page[:300])
        assert 'class="site-header"' in page and "app.css" in page
        assert "RuntimeError" not in page and "Traceback" not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_form_sent_without_its_csrf_token_gets_trazas_page(officer_a, language):
    client = client_for(officer_a, language)
    client.handler.enforce_csrf_checks = True
    response = client.post("/traces/new/", {"manufacturer": "Ruger"})
    assert response.status_code == 403
    expected = {"en": "The form expired", "es": "El formulario caducó"}[language]
    assert expected in response.content.decode()


@pytest.fixture
def api(officer_a):
    client = APIClient()
    client.force_authenticate(officer_a)
    return client


def test_the_api_refuses_nul_characters_with_its_error_shape(api):
    body = {"manufacturer": "Ru\x00ger", "serial_number": "X1", "recovery_date": "2024-01-01"}
    response = api.post("/api/v1/traces/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    filtered = api.get("/api/v1/traces/?serial=AB%00CD")
    assert filtered.status_code == 400 and "NUL" in filtered.json()["error"]["message"]


def test_deep_nesting_and_huge_bodies_get_a_400_not_a_crash(api):
    deep = "[" * 100_000 + "]" * 100_000
    assert api.post("/api/v1/traces/", deep, content_type="application/json").status_code == 400
    many = json.dumps({f"field_{n}": n for n in range(50_000)})
    response = api.post("/api/v1/traces/", many, content_type="application/json")
    assert response.status_code == 400 and len(response.content) < 2_000


def test_a_body_over_the_limit_answers_413_in_the_error_shape(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/api/v1/traces/", json.dumps({"notes": "x" * 5000}), content_type="application/json")
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_unicode_digits_in_a_trace_number_are_not_found(api):
    assert api.get("/api/v1/traces/T2026²0000001/").status_code == 404
    assert api.get("/api/v1/traces/T2026٠٠٠٠٠٠٠1/").status_code == 404


def test_the_favicon_is_traza_s(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
