"""The OpenAPI schema and its Swagger UI, served with no internet connection."""

import json
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

OPERATIONS = {
    ("/api/v1/traces/", "get"): "traces_list",
    ("/api/v1/traces/", "post"): "traces_create",
    ("/api/v1/traces/{number}/", "get"): "traces_retrieve",
    ("/api/v1/traces/{number}/cancel/", "post"): "traces_cancel",
}


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_in_yaml_and_json(client):
    as_yaml = client.get("/api/v1/schema/")
    as_json = client.get("/api/v1/schema/", {"format": "json"})

    assert as_yaml.status_code == as_json.status_code == 200
    schema = yaml.safe_load(as_yaml.content)
    assert schema == json.loads(as_json.content)
    validate_schema(schema)
    for (path, method), operation in OPERATIONS.items():
        assert schema["paths"][path][method]["operationId"] == operation


@pytest.mark.django_db
def test_the_schema_documents_the_request_the_errors_and_the_token(client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)

    create = schema["paths"]["/api/v1/traces/"]["post"]
    request = schema["components"]["schemas"]["TraceRequest"]
    assert {"recovery_date", "recovery_country", "manufacturer"} <= set(request["required"])
    assert {"request_ref", "agency_code"}.isdisjoint(request["required"])
    assert {"201", "200", "400", "401", "403", "409"} <= set(create["responses"])
    assert create["parameters"][0]["name"] == "Idempotency-Key"
    list_parameters = {p["name"] for p in schema["paths"]["/api/v1/traces/"]["get"]["parameters"]}
    assert {"status", "make_id", "serial", "recovery_date_from", "ordering", "page"} <= list_parameters
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    detail = schema["components"]["schemas"]["TraceDetail"]["properties"]
    assert "purchaser_id" in detail
    assert not any(name.startswith("possessor") for name in detail)


@pytest.mark.django_db
def test_the_docs_page_loads_only_files_traza_serves_itself(client):
    page = client.get("/api/v1/docs/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert not re.search(r"https?://", page)
    scripts = [asset for asset in assets if asset.startswith("/api/v1/docs/")]  # the start-up script, no inline one
    assert len(scripts) == 1
    for asset in set(assets) - set(scripts):
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert 'url: "/api/v1/schema/"' in client.get(scripts[0].replace("&amp;", "&")).content.decode()
