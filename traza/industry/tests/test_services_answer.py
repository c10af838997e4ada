"""Answering a licensee query: the licensee's record, read as a file row is, written with who entered it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from traza.audit.models import AuditEvent
from traza.imports.models import ImportRun
from traza.industry.models import Disposition, Licensee, LicenseeQuery, Purchase
from traza.industry.services import AnswerInvalid, query_answer, query_no_record
from traza.industry.tests.query_support import buyer, retail_sale
from traza.tracing.models import Trace, TraceStep
from traza.tracing.tests.world import DEALER, PAPER_DEALER, WHOLESALER, rds

PHONE = LicenseeQuery.Via.PHONE


def answer(actor, query, record, purchase=None, *, capture, via=PHONE) -> LicenseeQuery:
    """Answer as a view does, then let the commit hooks (resuming the traces) run."""
    with capture(execute=True):
        return query_answer(actor=actor, query=query, record=record, purchase=purchase, via=via)


def columns(error: AnswerInvalid) -> set[str]:
    return {row_error.column for row_error in error.row_errors}


@pytest.mark.django_db
def test_an_answer_by_phone_with_a_retail_sale_completes_the_trace_with_the_buyer(
    world, analyst, django_capture_on_commit_callbacks
):
    query = world.query(world.routine)

    answered = answer(analyst, query, retail_sale(), buyer(), capture=django_capture_on_commit_callbacks)

    trace = Trace.objects.get(pk=world.routine.pk)
    assert (trace.status, trace.retail_licensee_rds) == (Trace.Status.COMPLETED_PURCHASER, rds(PAPER_DEALER))
    assert trace.purchase == Purchase.objects.get(licensee_rds=rds(PAPER_DEALER), transaction_ref="4473-0099")
    retailer = trace.steps.get(role=TraceStep.Role.RETAILER)
    evidence = retailer.disposition.import_run
    assert (evidence.user, evidence.licensee_rds, evidence.kind) == (analyst, rds(PAPER_DEALER), "dispositions")
    assert evidence.file_name == f"answer to query {query.pk} by phone, entered by analyst"
    assert trace.purchase.import_run == evidence
    assert (answered.status, answered.answer, answered.answered_via) == ("answered", "record", "phone")
    assert (answered.answered_by, answered.answer_run) == (analyst, evidence)
    event = AuditEvent.objects.get(action="query.answer", object_id=str(query.pk))
    assert event.actor == analyst
    assert event.details["via"] == "phone" and event.details["purchase"] is True


@pytest.mark.django_db
def test_an_answer_is_one_record_not_the_licensees_whole_book(world, analyst, django_capture_on_commit_callbacks):
    answer(analyst, world.query(world.routine), retail_sale(), capture=django_capture_on_commit_callbacks)

    dealer = Licensee.objects.get(rds_key=rds(PAPER_DEALER))
    assert not dealer.electronic_records  # the next trace through it still asks
    urgent = Trace.objects.get(pk=world.urgent.pk)
    assert urgent.status == Trace.Status.IN_PROGRESS
    assert urgent.queries.get().status == LicenseeQuery.Status.OPEN
    assert Trace.objects.get(pk=world.routine.pk).status == Trace.Status.COMPLETED_DEALER  # no purchase record


@pytest.mark.django_db
def test_the_answer_is_checked_by_the_importers_reader_and_nothing_is_written_when_wrong(world, analyst):
    query = world.query(world.routine)
    runs = ImportRun.objects.count()

    with pytest.raises(AnswerInvalid) as refused:
        query_answer(
            actor=analyst,
            query=query,
            record=retail_sale(record_id="", disposition_date="2021-01-01"),
            via=PHONE,
        )

    assert columns(refused.value) == {"record_id", "disposition_date"}
    assert "record_id is required." in refused.value.message_dict["record_id"]
    assert ImportRun.objects.count() == runs
    assert not Disposition.objects.filter(keeper_rds=rds(PAPER_DEALER)).exists()
    assert LicenseeQuery.objects.get(pk=query.pk).status == LicenseeQuery.Status.OPEN


@pytest.mark.django_db
def test_a_record_of_another_gun_or_another_keeper_is_refused(world, analyst):
    query = world.query(world.routine)

    with pytest.raises(AnswerInvalid) as other_gun:
        query_answer(actor=analyst, query=query, record=retail_sale(serial="RG-000"), via=PHONE)
    with pytest.raises(AnswerInvalid) as other_keeper:
        query_answer(actor=analyst, query=query, record=retail_sale(record_keeper_license=WHOLESALER), via=PHONE)

    assert columns(other_gun.value) == {"serial_number"}
    assert columns(other_keeper.value) == {"record_keeper_license"}
    assert "is not your licence" in other_keeper.value.message_dict["record_keeper_license"][0]


@pytest.mark.django_db
def test_a_purchase_record_goes_with_a_retail_sale_and_is_checked_as_purchases_are(world, analyst):
    query = world.query(world.routine)
    to_a_dealer = retail_sale(disposed_to_license=DEALER, transaction_ref="")

    with pytest.raises(AnswerInvalid) as not_retail:
        query_answer(actor=analyst, query=query, record=to_a_dealer, purchase=buyer(), via=PHONE)
    with pytest.raises(AnswerInvalid) as no_name:
        query_answer(actor=analyst, query=query, record=retail_sale(), purchase=buyer(last_name=""), via=PHONE)

    assert columns(not_retail.value) == {"disposition_type", "transaction_ref"}
    assert columns(no_name.value) == {"purchase.last_name"}
    assert not Purchase.objects.exists()


@pytest.mark.django_db
def test_a_query_is_answered_once(world, analyst, django_capture_on_commit_callbacks):
    query = world.query(world.routine)
    answer(analyst, query, retail_sale(), capture=django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError) as closed:
        query_answer(actor=analyst, query=query, record=retail_sale(record_id="OPF-2"), via=PHONE)
    with pytest.raises(ValidationError):
        query_no_record(actor=analyst, query=query, via=PHONE)

    assert closed.value.code == "closed"
    assert Disposition.objects.filter(keeper_rds=rds(PAPER_DEALER)).count() == 1


@pytest.mark.django_db
def test_a_responder_answers_only_the_queries_to_its_own_licence(
    world, industry, paper_responder, officer_a, django_capture_on_commit_callbacks
):
    query = world.query(world.routine)
    for outsider in (industry, officer_a):
        with pytest.raises(PermissionDenied):
            query_answer(actor=outsider, query=query, record=retail_sale(), via=LicenseeQuery.Via.WEB)

    answered = answer(
        paper_responder, query, retail_sale(), capture=django_capture_on_commit_callbacks, via=LicenseeQuery.Via.WEB
    )

    assert (answered.answered_by, answered.answered_via) == (paper_responder, "web")
    assert answered.answer_run.file_name == f"answer to query {query.pk} on the web, entered by paper_responder"
    assert Trace.objects.get(pk=world.routine.pk).status == Trace.Status.COMPLETED_DEALER


@pytest.mark.django_db
def test_no_record_closes_the_query_with_who_said_so(world, analyst, django_capture_on_commit_callbacks):
    query = world.query(world.routine)

    with django_capture_on_commit_callbacks(execute=True):
        closed = query_no_record(actor=analyst, query=query, via=PHONE)

    assert (closed.status, closed.answer, closed.answered_by, closed.answered_via) == (
        "answered",
        "no_record",
        analyst,
        "phone",
    )
    assert closed.closed_at is not None
    assert AuditEvent.objects.filter(action="query.no_record", object_id=str(query.pk), actor=analyst).exists()


@pytest.mark.django_db
def test_no_record_ends_the_trace_not_traced_for_want_of_a_record(world, analyst, django_capture_on_commit_callbacks):
    query = world.query(world.routine)

    with django_capture_on_commit_callbacks(execute=True):
        query_no_record(actor=analyst, query=query, via=PHONE)

    trace = Trace.objects.get(pk=world.routine.pk)
    assert (trace.status, trace.status_reason) == (Trace.Status.NOT_TRACED, Trace.Reason.NO_RECORD)
    assert not trace.queries.filter(status=LicenseeQuery.Status.OPEN).exists()
    assert Trace.objects.get(pk=world.urgent.pk).status == Trace.Status.IN_PROGRESS  # another gun, still asked
