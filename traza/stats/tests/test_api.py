"""/api/v1/stats/<measure>/: the caller's scope only, bad parameters named in the caller's language, CSV, schema."""

import csv
import io
import json

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from traza.audit.models import AuditEvent
from traza.stats.measures import MEASURES

from . import test_export_command

pytestmark = pytest.mark.django_db
figures = test_export_command.figures  # the same seized guns and traces
COVERAGE_COLUMNS = ["agency_code", "seized", "traced", "untraced", "share"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_answers_a_measure_for_the_callers_scope(figures, officer_a, coordinator_mx):
    mine = api(officer_a).get("/api/v1/stats/coverage/?by=agency")
    assert mine.status_code == 200
    body = mine.json()
    assert body["scope"] == "agency" and body["suppressed_below"] is None
    assert [row["agency_code"] for row in body["rows"]] == [officer_a.agency.code]
    assert [c["key"] for c in body["columns"]] == COVERAGE_COLUMNS
    assert body["rows"][0]["share"] == pytest.approx(1 / 3, abs=1e-4)  # a number 0..1, not "33 %"
    assert "random sample" in body["caveat"] and body["by"] == ["agency"]
    country = api(coordinator_mx).get("/api/v1/stats/coverage/?by=agency&scope=country").json()
    assert country["suppressed_below"] == 5 and len(country["rows"]) == 2


def test_an_officer_sees_a_partners_figures_only_as_suppressed_aggregates(
    figures, officer_a, agency_a, agency_c, sharing_ac
):
    own = api(officer_a).get("/api/v1/stats/traces/?by=agency").json()
    assert {row["agency_code"] for row in own["rows"]} == {agency_a.code}
    shared = api(officer_a).get("/api/v1/stats/traces/?by=agency&scope=sharing").json()
    assert shared["scope"] == "sharing" and shared["suppressed_below"] == 5
    partner = [row for row in shared["rows"] if row["agency_code"] == agency_c.code]
    assert partner and partner[0]["traces"] is None and partner[0]["suppressed"] == ["traces"]
    refused = api(officer_a).get("/api/v1/stats/traces/?by=agency&scope=country")
    assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) == {"scope"}


def test_the_api_refuses_bad_parameters_in_the_callers_language(figures, officer_a):
    response = api(officer_a).get(
        "/api/v1/stats/traces/?by=nonsense&end=2024-13-01&format=xml", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"by", "end", "format"}
    assert "Elija entre" in fields["by"][0]
    assert "csv" in fields["format"][0] and fields["format"][0] != "Choose json or csv."
    lacking = api(officer_a).get("/api/v1/stats/coverage/?by=crime_code")
    assert lacking.status_code == 400 and set(lacking.json()["error"]["fields"]) == {"by"}
    assert api(officer_a).get("/api/v1/stats/nonsense/").status_code == 404


def test_roles_without_statistics_get_404(industry, sysadmin):
    for user in (industry, sysadmin):
        assert api(user).get("/api/v1/stats/traces/").status_code == 404
    assert APIClient().get("/api/v1/stats/traces/").status_code == 401


def test_format_csv_is_the_documented_columns_alone_with_the_caveat_in_a_header(
    figures, coordinator_mx, agency_a, agency_c
):
    response = api(coordinator_mx).get("/api/v1/stats/coverage/?by=agency&scope=country&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == COVERAGE_COLUMNS and len(rows) == 3
    by_agency = {row[0]: row for row in rows[1:]}
    assert by_agency[agency_a.code][1:3] == ["6", "<5"] and by_agency[agency_c.code][1] == "<5"
    assert "random sample" in response["X-Traza-Caveat"]
    event = AuditEvent.objects.get(action="stats.export")
    assert event.details["measure"] == "coverage" and event.details["format"] == "csv"


def test_the_schema_documents_every_measure_and_parameter(client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)
    validate_schema(schema)
    operation = schema["paths"]["/api/v1/stats/{measure_name}/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters["measure_name"]["schema"]["enum"]) == set(MEASURES) >= {"policy", "coverage", "ttc"}
    assert set(parameters["scope"]["schema"]["enum"]) == {"agency", "sharing", "country"}
    assert {"total", "month", "agency", "state"} <= set(parameters["by"]["schema"]["items"]["enum"])
    assert parameters["by"]["explode"] is False and parameters["measure_name"]["in"] == "path"
    assert {"by", "start", "end", "state", "level", "kind", "firearm_type", "policy", "limit", "format"} <= set(
        parameters
    )
    assert all(p.get("description") for p in parameters.values())
    assert {"200", "400", "401", "404"} <= set(operation["responses"])
