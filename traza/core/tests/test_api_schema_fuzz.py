"""Every API operation, fuzzed from its own OpenAPI schema with a token of each role (issue 12 §3).

Schemathesis generates requests from the published schema, valid and invalid (its examples, boundary and
fuzzing phases), and sends them in-process through Django's WSGI handler, each with the token of the next role
that uses the API in turn, or with none. Half of the requests on one object are aimed at an object of a small
seeded world. No answer may be a server error, and every answer must be one the schema documents, in the
shape it documents. The generation is derandomised and bounded, so a run is the same every time.
"""

import itertools
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from traza.agencies.services import token_create
from traza.agencies.tests.factories import UserFactory, api_client
from traza.industry.models import LicenseeQuery
from traza.intel.tests.leads_support import STRAW_REASONS, make_lead
from traza.tracing.tests.api_support import filtered_traces, submit, waiting_trace

ROLES = ("officer", "investigator", "analyst", "agency_admin", "coordinator", "industry", "auditor")
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def published_schema() -> dict:
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(published_schema())


@pytest.fixture
def app():
    """Django's WSGI handler, inside the test's transaction: requests do not close the connection between them,
    as Django's own test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(load, agency_a, agency_b):
    """Something for every list to show: traces completed, duplicated and waiting on a paper dealer's answer (a
    licensee query), a trace of another agency, and a lead resting on two of them."""
    traces = filtered_traces(load, agency_a, agency_b)
    duplicate = submit(agency_a, request_ref="A-1 bis")  # the same gun and recovery again: a duplicate of A-1
    waiting = waiting_trace(load, agency_a)
    lead = make_lead(traces=[traces["found"], waiting], reasons=STRAW_REASONS)
    query = LicenseeQuery.objects.get(trace=waiting)
    numbers = [trace.number for trace in (*traces.values(), duplicate, waiting)]
    objects = {
        "/api/v1/traces/{number}/": numbers,
        "/api/v1/queries/{id}/": [query.pk],
        "/api/v1/leads/{number}/": [lead.number],
    }
    return {"paper_dealer": query.licensee_rds, "objects": objects}


@pytest.fixture
def aim(world):
    """Every other case of an operation on one object is aimed at an object of the world, whose answer has more
    to conform than a 404 has; the others keep the number or id generated."""
    turns = itertools.count()

    def aim(case) -> None:
        turn = next(turns)
        for prefix, values in world["objects"].items():
            if case.path.startswith(prefix) and turn % 2 == 0:
                name = prefix.split("{")[1].split("}")[0]
                case.path_parameters[name] = values[turn // 2 % len(values)]

    return aim


@pytest.fixture
def authorizations(world, agency_a, centre, federal) -> Iterator[dict[str, str]]:
    """The Authorization header of a user of each role that uses the API, then none, in turn for ever."""
    homes = {"analyst": centre, "coordinator": federal, "industry": None}
    headers = []
    for role in ROLES:
        extra = {"licensee_rds": world["paper_dealer"]} if role == "industry" else {}
        user = UserFactory(username=f"fuzz.{role}", agency=homes.get(role, agency_a), role=role, **extra)
        headers.append({"Authorization": "Bearer " + token_create(user=user, name="fuzz")[1]})
    return itertools.cycle([*headers, {}])


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_no_answer_is_a_server_error_or_breaks_the_schema(case, app, authorizations, aim):
    aim(case)
    case.call_and_validate(app=app, headers=next(authorizations), checks=CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize("digits", ["²", "٣", "1²"])
def test_unicode_digits_in_an_id_filter_are_refused_as_not_a_whole_number(officer_a, digits):
    for name in ("make_id", "caliber_id", "recovery_municipality_id"):
        response = api_client(officer_a).get("/api/v1/traces/", {name: digits})

        assert response.status_code == 400, (name, response.content[:200])
        assert list(response.json()["error"]["fields"]) == [name]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["0", "false", "null", '"RG-12345"', '[{"serial_number": "RG-12345"}]'])
def test_a_body_that_is_not_a_json_object_is_refused_with_400(officer_a, body):
    response = api_client(officer_a).post("/api/v1/traces/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
