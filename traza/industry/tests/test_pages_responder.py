"""A licensee's responder: only the queries to its licence, only the firearm of each; it answers, or sends its book."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from traza.imports.models import ImportRun
from traza.imports.services import kind_for
from traza.industry.models import Licensee, LicenseeQuery
from traza.industry.tests.query_support import ROUTINE, URGENT, buyer, retail_sale
from traza.tracing.models import Trace
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import DEALER, PAPER_DEALER, rds

LIST = reverse("query-list")
RECORDS = reverse("query-records")
BOOK_COLUMNS = [column.name for column in kind_for("dispositions").layout.columns]


def book(*rows: dict) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=BOOK_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("ad-book.csv", text.getvalue().encode(), content_type="text/csv")


@pytest.mark.django_db
def test_the_responder_sees_only_its_licences_queries_and_only_their_firearms(world, paper_responder):
    response = browser(paper_responder).get(LIST)

    assert response.status_code == 200
    page = response.content.decode()
    for trace in (world.urgent, world.routine):
        assert reverse("query-detail", args=[world.query(trace).pk]) in page
    assert reverse("query-detail", args=[world.query(world.overdue).pk]) not in page  # the wholesaler's
    assert f"<code>{ROUTINE}</code>" in page and f"<code>{URGENT}</code>" in page
    assert "Ruger P95" in page and "9mm" in page and "due in 23" in page
    for secret in [*(t.number for t in (world.routine, world.urgent)), "MXSIN0060", "MXSIN0000", "RAMIREZ", "urgent"]:
        assert secret not in page, secret
    assert "2 queries wait on your answer" in page


@pytest.mark.django_db
def test_a_query_page_tells_the_responder_the_firearm_and_the_due_time_only(world, paper_responder):
    query = world.query(world.urgent)

    page = browser(paper_responder).get(reverse("query-detail", args=[query.pk])).content.decode()

    assert f"<code>{URGENT}</code>" in page and "Your answer is due" in page
    for secret in (world.urgent.number, "MXSIN0000", "Fiscalía General", "homicide", "RUGER, COMPANY", "LONE STAR"):
        assert secret not in page, secret
    assert f'action="{reverse("query-answer", args=[query.pk])}"' in page


@pytest.mark.django_db
def test_another_licensees_queries_are_not_found(world, paper_responder, industry):
    wholesalers = world.query(world.overdue)
    dealers = world.query(world.routine)

    assert browser(paper_responder).get(reverse("query-detail", args=[wholesalers.pk])).status_code == 404
    assert browser(paper_responder).post(reverse("query-no-record", args=[wholesalers.pk])).status_code == 404
    assert browser(industry).get(reverse("query-detail", args=[dealers.pk])).status_code == 404
    assert "No query waits on your answer." in browser(industry).get(LIST).content.decode()
    assert LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN).count() == 3


@pytest.mark.django_db
def test_the_responder_answers_with_its_record_and_the_trace_goes_on(
    world, paper_responder, officer_a, django_capture_on_commit_callbacks
):
    query = world.query(world.routine)
    form = {**retail_sale(), **{f"purchase_{name}": value for name, value in buyer().items()}}

    with django_capture_on_commit_callbacks(execute=True):
        response = browser(paper_responder).post(reverse("query-answer", args=[query.pk]), form, follow=True)

    assert "The answer is recorded" in response.content.decode()
    trace = Trace.objects.get(pk=world.routine.pk)
    assert trace.status == Trace.Status.COMPLETED_PURCHASER
    sheet = browser(officer_a).get(reverse("trace-detail", args=[trace.number])).content.decode()
    assert f"the licensee's answer to query {query.pk}, by the licensee on the web, entered by paper_responder" in sheet


@pytest.mark.django_db
def test_the_responders_book_resumes_every_trace_waiting_on_it_and_rejects_another_keepers_rows(
    world, paper_responder, run_worker, django_capture_on_commit_callbacks
):
    own = retail_sale(record_keeper_license=PAPER_DEALER, transaction_ref="")
    other = retail_sale(record_keeper_license=DEALER, record_id="X-1", serial_number="RG-000")
    client = browser(paper_responder)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECORDS, {"kind": "dispositions", "file": book(own, other), "complete_book": "on"})
    run = ImportRun.objects.get(file_name="ad-book.csv")
    assert response.status_code == 302 and response["Location"] == reverse("query-records-detail", args=[run.pk])
    assert 'hx-trigger="every 2s"' in client.get(response["Location"]).content.decode()
    run_worker()

    run.refresh_from_db()
    assert (run.status, run.rows_created, run.rows_rejected, run.licensee_rds) == ("accepted", 1, 1, rds(PAPER_DEALER))
    routine, urgent = (Trace.objects.get(pk=trace.pk) for trace in (world.routine, world.urgent))
    assert routine.status == Trace.Status.COMPLETED_DEALER  # its record was in the book
    assert (urgent.status, urgent.status_reason) == (Trace.Status.NOT_TRACED, Trace.Reason.NO_RECORD)  # was not
    assert not LicenseeQuery.objects.filter(licensee_rds=rds(PAPER_DEALER), status="open").exists()
    assert Licensee.objects.get(rds_key=rds(PAPER_DEALER)).electronic_records
    page = client.get(reverse("query-records-detail", args=[run.pk])).content.decode()
    assert "hx-trigger" not in page
    assert "record_keeper_license is not your licence (RDS key 98603003)" in page
    report = client.get(reverse("query-records-errors", args=[run.pk]))
    assert report.status_code == 200 and b"record_keeper_license" in report.getvalue()
    assert "ad-book.csv" in client.get(RECORDS).content.decode()


@pytest.mark.django_db
def test_part_of_a_book_moves_the_traces_it_holds_and_the_others_keep_waiting(
    world, paper_responder, run_worker, django_capture_on_commit_callbacks
):
    own = retail_sale(record_keeper_license=PAPER_DEALER, transaction_ref="")

    with django_capture_on_commit_callbacks(execute=True):
        browser(paper_responder).post(RECORDS, {"kind": "dispositions", "file": book(own)})
    run_worker()

    routine, urgent = (Trace.objects.get(pk=trace.pk) for trace in (world.routine, world.urgent))
    assert routine.status == Trace.Status.COMPLETED_DEALER
    assert urgent.status == Trace.Status.IN_PROGRESS
    assert LicenseeQuery.objects.filter(trace=urgent, licensee_rds=rds(PAPER_DEALER), status="open").exists()
    assert not Licensee.objects.get(rds_key=rds(PAPER_DEALER)).electronic_records


@pytest.mark.django_db
def test_the_records_form_takes_only_a_csv_of_a_kind_it_knows(world, paper_responder):
    client = browser(paper_responder)

    no_kind = client.post(RECORDS, {"file": book(retail_sale())})
    spreadsheet = client.post(RECORDS, {"kind": "dispositions", "file": SimpleUploadedFile("b.xlsx", b"PK\x03\x04x")})

    assert no_kind.status_code == spreadsheet.status_code == 400
    assert "Send a CSV (.csv) file." in spreadsheet.content.decode()
    assert not ImportRun.objects.filter(user=paper_responder).exists()


@pytest.mark.django_db
def test_a_licensees_files_are_its_own(world, paper_responder, industry, analyst, officer_a):
    run = ImportRun.objects.create(
        kind="dispositions", file_name="x.csv", user=industry, licensee_rds=industry.licensee_rds
    )

    assert browser(paper_responder).get(reverse("query-records-detail", args=[run.pk])).status_code == 404
    assert browser(industry).get(reverse("query-records-detail", args=[run.pk])).status_code == 200
    for user in (analyst, officer_a):
        assert browser(user).get(RECORDS).status_code == 404
        assert browser(user).get(reverse("query-records-detail", args=[run.pk])).status_code == 404
    assert "x.csv" not in browser(paper_responder).get(RECORDS).content.decode()
