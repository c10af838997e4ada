"""/api/v1/international/: the same requests, scope and answers as the pages, in the one error shape."""

from django.urls import reverse
from rest_framework.test import APIClient

from traza.agencies.tests.personas import persona
from traza.tracing.models import Trace


def api(user, language: str = "en") -> APIClient:
    type(user).objects.filter(pk=user.pk).update(language=language)
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def test_the_list_and_a_request_carry_the_form_fields(hi_power, analyst):
    listing = api(analyst).get(reverse("api-international-list"), {"status": "open"})

    assert listing.status_code == 200
    (row,) = listing.json()["results"]
    assert (row["trace_number"], row["country"], row["basis"]) == (hi_power.number, "AR", "manufacture")
    assert row["case_number"] == "FGE/SIN/CLN/0231/2024"
    assert "QUINTERO" not in listing.content.decode()
    assert api(analyst).get(row["url"]).json()["request_number"] == row["request_number"]


def test_an_answer_through_the_api_changes_the_trace(hi_power, coordinator_mx, django_capture_on_commit_callbacks):
    url = reverse("api-international-answer", args=[hi_power.international_request.pk])
    payload = {"answer": "export", "party": "SEDENA - DCAM", "party_country": "MX", "export_date": "05/11/2018"}

    with django_capture_on_commit_callbacks(execute=True):
        answered = api(coordinator_mx).post(url, payload, format="json")
    again = api(coordinator_mx).post(url, {"answer": "no_record"}, format="json")

    assert answered.status_code == 200
    assert (answered.json()["answer"], answered.json()["export_date"]) == ("export", "2018-11-05")
    hi_power.refresh_from_db()
    assert (hi_power.status, hi_power.status_reason) == (Trace.Status.TRACED_FOREIGN, Trace.Reason.EXPORTED)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "answered"


def test_a_wrong_answer_names_its_fields_in_spanish(hi_power, coordinator_mx):
    url = reverse("api-international-answer", args=[hi_power.international_request.pk])

    refused = api(coordinator_mx, "es").post(url, {"answer": "export", "export_date": "5 nov"}, format="json")

    assert refused.status_code == 400
    fields = refused.json()["error"]["fields"]
    assert "no es una fecha" in fields["export_date"][0]
    hi_power.refresh_from_db()
    assert hi_power.status == Trace.Status.TRACED_FOREIGN


def test_other_roles_get_403_and_another_country_404(hi_power, officer_a, agency_b):
    coordinator_us = persona("coordinator_us", agency_b, "coordinator")
    pk = hi_power.international_request.pk

    assert api(officer_a).get(reverse("api-international-list")).status_code == 403
    assert api(coordinator_us).get(reverse("api-international-list")).json()["results"] == []
    assert api(coordinator_us).get(reverse("api-international-detail", args=[pk])).status_code == 404
    assert api(coordinator_us).post(reverse("api-international-send", args=[pk])).status_code == 404
