"""A query's page for the analyst: the licensee to call, the firearm, the chain so far, and the answer it reads out."""

import pytest
from django.urls import reverse
from django.utils import translation

from traza.audit.models import AuditEvent
from traza.industry.models import LicenseeQuery
from traza.industry.tests.query_support import buyer, retail_sale
from traza.tracing.models import Trace
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import PAPER_DEALER, RUGER, WHOLESALER, rds


def purchase_fields(values: dict) -> dict:
    return {f"purchase_{name}": value for name, value in values.items()}


def page_of(query: LicenseeQuery) -> str:
    return reverse("query-detail", args=[query.pk])


@pytest.mark.django_db
def test_the_analyst_reads_the_firearm_the_chain_and_the_licensee_to_call(world, analyst):
    query = world.query(world.routine)

    response = browser(analyst).get(page_of(query))

    assert response.status_code == 200
    page = response.content.decode()
    assert world.routine.number in page and reverse("trace-detail", args=[world.routine.number]) in page
    assert "OLD PUEBLO FIREARMS" in page and "9-86-019-01-7E-03003" in page
    assert "<code>RG-555</code>" in page and "P95" in page and "9mm" in page
    assert RUGER in page and WHOLESALER in page  # the chain so far, with its evidence
    assert "dispositions.csv" in page
    assert f'action="{reverse("query-answer", args=[query.pk])}"' in page
    assert f'action="{reverse("query-no-record", args=[query.pk])}"' in page
    assert 'name="serial_number" value="RG-555"' in page  # the form starts from the traced gun
    assert "RAMIREZ" not in page  # the possessor is not this page's business


@pytest.mark.django_db
def test_an_answer_by_phone_completes_the_trace_and_names_who_entered_it(
    world, analyst, officer_a, django_capture_on_commit_callbacks
):
    query = world.query(world.routine)
    client = browser(analyst)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("query-answer", args=[query.pk]), {**retail_sale(), **purchase_fields(buyer())})

    assert response.status_code == 302 and response["Location"] == page_of(query)
    trace = Trace.objects.get(pk=world.routine.pk)
    assert trace.status == Trace.Status.COMPLETED_PURCHASER
    assert trace.retail_licensee_rds == rds(PAPER_DEALER)
    after = client.get(page_of(query)).content.decode()
    assert "The answer is recorded" in after
    assert "Answered by phone; entered by analyst." in after
    assert f'action="{reverse("query-answer", args=[query.pk])}"' not in after
    sheet = browser(officer_a).get(reverse("trace-detail", args=[trace.number])).content.decode()
    assert f"the licensee's answer to query {query.pk}, by phone, entered by analyst on" in sheet  # the evidence
    assert AuditEvent.objects.filter(action="query.answer", actor=analyst).exists()
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])
    with translation.override("es"):
        spanish = browser(officer_a).get(reverse("trace-detail", args=[trace.number])).content.decode()
    assert f"la respuesta del licenciatario a la consulta {query.pk}, por teléfono, capturada por analyst el" in spanish
    assert "by phone" not in spanish and "entered by" not in spanish


@pytest.mark.django_db
def test_a_wrong_answer_comes_back_with_each_error_at_its_field(world, analyst):
    query = world.query(world.routine)
    record = retail_sale(record_id="", disposition_date="2099-01-01")

    response = browser(analyst).post(
        reverse("query-answer", args=[query.pk]), {**record, **purchase_fields(buyer(last_name=""))}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The answer has 3 problems" in page
    assert "Entry number in the A&amp;D book is required." in page
    assert "Disposed of on is in the future." in page
    assert "Buyer&#x27;s last names is required." in page
    assert 'value="OPF-0415"' not in page and 'value="4473-0099"' in page  # what was typed is kept
    assert LicenseeQuery.objects.get(pk=query.pk).status == LicenseeQuery.Status.OPEN


@pytest.mark.django_db
def test_no_record_closes_the_query(world, analyst, django_capture_on_commit_callbacks):
    query = world.query(world.routine)
    client = browser(analyst)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("query-no-record", args=[query.pk]))

    assert response.status_code == 302
    closed = LicenseeQuery.objects.get(pk=query.pk)
    assert (closed.answer, closed.answered_by) == ("no_record", analyst)
    page = client.get(page_of(query)).content.decode()
    assert "the licensee said it has no record of this firearm" in page


@pytest.mark.django_db
def test_a_closed_query_is_not_answered_twice(world, analyst, django_capture_on_commit_callbacks):
    query = world.query(world.routine)
    client = browser(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("query-no-record", args=[query.pk]))

    response = client.post(reverse("query-answer", args=[query.pk]), retail_sale(), follow=True)

    assert "This query is closed" in response.content.decode()
    assert LicenseeQuery.objects.get(pk=query.pk).answer == "no_record"


@pytest.mark.django_db
def test_the_query_pages_are_not_found_for_the_outsiders(world, officer_a, officer_b, industry, auditor_a):
    query = world.query(world.routine)
    for user in (officer_a, officer_b, industry, auditor_a):
        client = browser(user)
        assert client.get(page_of(query)).status_code == 404, user
        assert client.post(reverse("query-answer", args=[query.pk]), retail_sale()).status_code == 404, user
        assert client.post(reverse("query-no-record", args=[query.pk])).status_code == 404, user
    assert LicenseeQuery.objects.get(pk=query.pk).status == LicenseeQuery.Status.OPEN


@pytest.mark.django_db
def test_the_answer_form_labels_every_input(world, analyst):
    page = browser(analyst).get(page_of(world.query(world.routine))).content.decode()

    for name in ("record_id", "acquisition_date", "disposition_type", "transaction_ref", "purchase_last_name"):
        assert f'<label for="id_{name}">' in page
