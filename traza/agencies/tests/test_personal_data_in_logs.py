"""Personal data never reaches the logs, the URLs or the error messages, whichever way it travels:
a form, the API, a file, a reveal, a trace that resolves to its purchaser."""

import logging

import pytest

from traza.agencies.tests.factories import api_client
from traza.tracing.tests.api_support import BUYER, REQUEST, load_records
from traza.tracing.tests.pages_support import FORM, browser
from traza.tracing.tests.world import DEALER, purchase

POSSESSOR = ("ZUBIZARRETA", "EUSTAQUIO")
BAD_BUYER = ("IRIGOYEN", "BALTASAR")
NAMES = (*BUYER, *POSSESSOR, *BAD_BUYER)


def logged_text(caplog) -> str:
    """Everything the loggers were given: messages, their arguments and any traceback."""
    return "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)


@pytest.mark.django_db
def test_names_stay_out_of_logs_urls_and_errors_on_every_channel(
    caplog, load, agency_a, officer_a, investigator_a, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    load_records(load)
    bad_purchase = {**purchase(DEALER, "4473-9", *BAD_BUYER), "transaction_date": "31/31/2020"}
    refused = load("purchases", [bad_purchase])
    urls, bodies = [], [" ".join(e.text for e in refused.row_errors.all())]
    possessor = {"possessor_last_name": POSSESSOR[0], "possessor_first_name": POSSESSOR[1]}

    page = browser(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        wrong = page.post("/traces/new/", {**FORM, **possessor, "recovery_date": "2999-01-01"})
        right = page.post("/traces/new/", {**FORM, **possessor})
    bodies.append(" ".join(str(e) for errors in wrong.context["form"].errors.values() for e in errors))
    urls += [right["Location"], page.get(right["Location"]).request["PATH_INFO"]]

    api = api_client(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        rejected = api.post("/api/v1/traces/", {**REQUEST, **possessor, "recovery_date": "2999-01-01"}, format="json")
        again = {**REQUEST, **possessor, "request_ref": "API-1", "recovery_date": "2022-06-01"}
        created = api.post("/api/v1/traces/", again, format="json")
    bodies.append(rejected.content.decode())
    number = created.json()["number"]
    urls.append(created.get("Location", ""))

    revealed = api_client(investigator_a).post(
        "/api/v1/personal-data/", {"trace": number, "purpose": "CI-CLN-2022-0042"}, format="json"
    )

    assert (wrong.status_code, right.status_code, rejected.status_code, created.status_code) == (200, 302, 400, 201)
    assert revealed.json()["purchaser"]["last_name"] == BUYER[0], "the reveal itself shows the names"
    detail = api.get(f"/api/v1/traces/{number}/")
    assert detail.json()["status"] == "completed_purchaser"
    bodies.append(detail.content.decode())
    assert refused.rows_rejected == 1
    assert "Imported purchases file" in logged_text(caplog), "the loggers were listened to"
    for text in (logged_text(caplog), " ".join(urls), " ".join(bodies)):
        assert not [name for name in NAMES if name in text.upper()], text
