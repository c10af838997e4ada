"""The uploads pages: send a file, follow its import, read what came of it; only the agency's own."""

import codecs
import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from traza.audit.models import AuditEvent
from traza.imports.models import ImportRun
from traza.imports.tests.upload_files import (
    SEIZURE_COLUMNS,
    TRACE_COLUMNS,
    csv_upload,
    raw_upload,
    seizure_row,
    stored_files,
    tomorrow,
    trace_row,
    xlsx_upload,
)
from traza.tracing.models import Seizure, Trace


def signed_in(client, user):
    client.force_login(user)
    return client


def send(client, upload, *, kind="trace-requests", dayfirst=False, capture=None):
    """Post the upload form; with `capture`, the on-commit hooks (the task's enqueueing) run."""
    data = {"kind": kind, "file": upload}
    if dayfirst:
        data["dayfirst"] = "on"
    if capture is None:
        return client.post(reverse("upload-create"), data)
    with capture(execute=True):
        return client.post(reverse("upload-create"), data)


def report_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def mixed_xlsx(agency_a, agency_b):
    """Three good trace requests and four bad rows, in a spreadsheet."""
    rows = [
        trace_row(agency_a, "A-1"),
        trace_row(agency_a, "A-2", recovery_date=""),
        trace_row(agency_a, "A-3", manufacturer=""),
        trace_row(agency_a, "A-4"),
        trace_row(agency_b, "B-1"),
        trace_row(agency_a, "A-6", recovery_date=tomorrow()),
        trace_row(agency_a, "A-7"),
    ]
    return xlsx_upload("rastreos.xlsx", TRACE_COLUMNS, rows)


@pytest.mark.django_db
def test_an_officer_uploads_trace_requests_and_reads_what_came_of_them(
    client, officer_a, agency_a, agency_b, mixed_xlsx, run_worker, django_capture_on_commit_callbacks, storage
):
    signed_in(client, officer_a)

    response = send(client, mixed_xlsx, capture=django_capture_on_commit_callbacks)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("upload-detail", args=[run.pk])
    assert (run.status, run.user, run.agency, run.file_name) == ("pending", officer_a, agency_a, "rastreos.xlsx")
    assert len(stored_files(storage)) == 1
    assert AuditEvent.objects.filter(action="upload.create", object_id=str(run.pk), actor=officer_a).exists()
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in waiting
    assert "<progress" in waiting

    run_worker()

    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_read) == ("accepted", 7, 7)
    assert (run.rows_created, run.rows_updated, run.rows_unchanged, run.rows_rejected) == (3, 0, 0, 4)
    traces = Trace.objects.filter(import_run=run)
    assert sorted(traces.values_list("request_ref", flat=True)) == ["A-1", "A-4", "A-7"]
    assert set(traces.values_list("agency_id", flat=True)) == {agency_a.pk}
    assert not Trace.objects.filter(agency=agency_b).exists()
    page = client.get(reverse("upload-detail", args=[run.pk])).content.decode()
    assert "hx-trigger" not in page
    assert reverse("upload-errors", args=[run.pk]) in page
    for trace in traces:
        assert trace.number in page
    assert "agency_code is not your agency&#x27;s (MXSIN0060)" in page


@pytest.mark.django_db
def test_the_error_report_lists_each_bad_line_with_its_reason(
    client, officer_a, mixed_xlsx, run_worker, django_capture_on_commit_callbacks
):
    signed_in(client, officer_a)
    send(client, mixed_xlsx, capture=django_capture_on_commit_callbacks)
    run_worker()
    run = ImportRun.objects.get()

    response = client.get(reverse("upload-errors", args=[run.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rastreos.errors.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(codecs.BOM_UTF8)  # so that Excel shows the accents of Spanish reasons
    header, *rows = report_rows(content)
    assert header == ["line", "reference", "column", "reason"]
    assert {int(line): reference for line, reference, _column, _reason in rows} == {
        3: "A-2",
        4: "A-3",
        6: "B-1",
        7: "A-6",
    }
    by_line = {(int(line), column): reason for line, _reference, column, reason in rows}
    assert set(by_line) == {(3, "recovery_date"), (4, "manufacturer"), (6, "agency_code"), (7, "recovery_date")}
    assert "recovery_date is required" in by_line[(3, "recovery_date")]
    assert "manufacturer is required" in by_line[(4, "manufacturer")]
    assert "your own agency's rows" in by_line[(6, "agency_code")]
    assert "future" in by_line[(7, "recovery_date")]


@pytest.mark.django_db
def test_a_long_error_list_shows_its_first_errors_and_the_report_has_them_all(
    client, officer_a, agency_a, run_worker, django_capture_on_commit_callbacks
):
    rows = [trace_row(agency_a, f"A-{n}", recovery_date="") for n in range(60)]
    signed_in(client, officer_a)
    send(client, csv_upload("r.csv", TRACE_COLUMNS, rows), capture=django_capture_on_commit_callbacks)
    run_worker()
    run = ImportRun.objects.get()

    page = client.get(reverse("upload-detail", args=[run.pk])).content.decode()

    assert "The first 50 errors are shown below" in page
    assert page.count("recovery_date is required.") == 50
    _header, *rows = report_rows(b"".join(client.get(reverse("upload-errors", args=[run.pk])).streaming_content))
    assert len(rows) == 60


@pytest.mark.django_db
def test_a_spanish_reader_gets_the_error_report_in_spanish(
    client, officer_a, mixed_xlsx, run_worker, django_capture_on_commit_callbacks
):
    signed_in(client, officer_a)
    send(client, mixed_xlsx, capture=django_capture_on_commit_callbacks)
    run_worker()
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])

    response = client.get(reverse("upload-errors", args=[ImportRun.objects.get().pk]))

    assert response["Content-Language"] == "es"
    header, *rows = report_rows(b"".join(response.streaming_content))
    assert header[0] == "línea"  # needs the Spanish catalogue
    reasons = {column: reason for _line, _reference, column, reason in rows}
    assert "recovery_date is required" not in reasons["recovery_date"]


@pytest.mark.django_db
def test_a_seizure_inventory_in_csv_is_imported_for_the_agency(
    client, officer_a, agency_a, run_worker, django_capture_on_commit_callbacks
):
    rows = [seizure_row(agency_a, "AS-1", "1"), seizure_row(agency_a, "AS-1", "2"), seizure_row(agency_a, "AS-2", "")]
    signed_in(client, officer_a)

    send(
        client,
        csv_upload("inventario.csv", SEIZURE_COLUMNS, rows),
        kind="seizures",
        capture=django_capture_on_commit_callbacks,
    )
    run_worker()

    run = ImportRun.objects.get()
    assert (run.kind, run.status, run.rows_created, run.rows_rejected) == ("seizures", "accepted", 2, 1)
    assert set(Seizure.objects.values_list("agency_id", "item_no")) == {(agency_a.pk, "1"), (agency_a.pk, "2")}
    page = client.get(reverse("upload-detail", args=[run.pk])).content.decode()
    assert "Traces from this file" not in page


@pytest.mark.django_db
def test_sending_the_same_file_again_creates_nothing_twice(
    client, officer_a, agency_a, run_worker, django_capture_on_commit_callbacks
):
    rows = [trace_row(agency_a, "A-1"), trace_row(agency_a, "A-2")]
    signed_in(client, officer_a)
    for _time in range(2):
        send(client, csv_upload("rastreos.csv", TRACE_COLUMNS, rows), capture=django_capture_on_commit_callbacks)
        run_worker()

    second = ImportRun.objects.order_by("id").last()
    assert (second.rows_created, second.rows_unchanged) == (0, 2)
    assert Trace.objects.count() == 2
    assert "2 already known" in client.get(reverse("upload-list")).content.decode()


@pytest.mark.django_db
def test_day_first_dates_are_read_when_the_form_says_so(
    client, officer_a, agency_a, run_worker, django_capture_on_commit_callbacks
):
    rows = [trace_row(agency_a, "A-1", recovery_date="01/05/2022")]
    signed_in(client, officer_a)

    send(client, csv_upload("r.csv", TRACE_COLUMNS, rows), dayfirst=True, capture=django_capture_on_commit_callbacks)
    run_worker()

    assert str(Trace.objects.get().recovery_date) == "2022-05-01"
    assert ImportRun.objects.get().dayfirst is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (raw_upload("vacio.csv", b""), "The file is empty."),
        (raw_upload("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4), "binary data"),
        (raw_upload("rastreos.pdf", b"request_ref,agency_code\n"), "Send a CSV (.csv) or Excel (.xlsx) file."),
        (raw_upload("rastreos.xlsx", b"request_ref,agency_code\n"), "is not an Excel spreadsheet"),
        (raw_upload("grande.csv", b"request_ref,agency_code\n" + b"R,MXSIN0060\n" * 100_000), "larger than 1 MB"),
    ],
    ids=["empty", "binary", "wrong extension", "fake xlsx", "too big"],
)
@override_settings(TRAZA_MAX_UPLOAD_MB=1)
def test_the_form_refuses_a_file_it_cannot_import_and_stores_nothing(client, officer_a, upload, reason, storage):
    signed_in(client, officer_a)

    response = send(client, upload)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_file_error"' in page
    assert reason in page
    assert 'aria-invalid="true"' in page
    assert not ImportRun.objects.exists()
    assert stored_files(storage) == []


@pytest.mark.django_db
def test_the_form_needs_a_kind_and_a_file(client, officer_a):
    signed_in(client, officer_a)

    page = client.post(reverse("upload-create"), {}).content.decode()

    assert 'id="id_kind_error"' in page
    assert 'id="id_file_error"' in page
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"request_ref,agency_code,recovery_date,recovery_country,manufacturer\n"
            + "R1,MXSIN0060,2022-05-01,MX,ルガー\n".encode("shift_jis") * 40,
            "encoding is not UTF-8 nor Windows-1252",
        ),
        (
            b'request_ref,agency_code,recovery_date,recovery_country,manufacturer\nR1,MXSIN0060,"2022-05-01,MX,Ruger\n',
            "a quoted field is never closed",
        ),
        (b"request_ref,agency_code\nR1,MXSIN0060\n", "Required column missing: recovery_date"),
    ],
    ids=["unknown encoding", "broken quote", "missing column"],
)
def test_a_file_the_import_refuses_shows_why_on_its_page(
    client, officer_a, agency_a, content, reason, run_worker, django_capture_on_commit_callbacks
):
    signed_in(client, officer_a)
    send(client, raw_upload("rastreos.csv", content), capture=django_capture_on_commit_callbacks)

    run_worker()

    run = ImportRun.objects.get()
    assert run.status == "refused"
    page = client.get(reverse("upload-detail", args=[run.pk])).content.decode()
    assert reason in page
    assert 'role="alert"' in page
    assert not Trace.objects.exists()


@pytest.mark.django_db
def test_the_progress_fragment_follows_the_run_and_reloads_the_page_when_it_ends(client, officer_a, agency_a):
    run = ImportRun.objects.create(kind="trace-requests", file_name="r.csv", user=officer_a, agency=agency_a)
    url = reverse("upload-progress", args=[run.pk])
    signed_in(client, officer_a)
    htmx = {"HTTP_HX_REQUEST": "true"}

    assert "Waiting for the importer" in client.get(url, **htmx).content.decode()

    ImportRun.objects.filter(pk=run.pk).update(status="running", rows_total=200, rows_read=80)
    fragment = client.get(url, **htmx).content.decode()
    assert '<progress class="bar" max="100" value="40"' in fragment
    assert "<strong>40%</strong>" in fragment
    assert "80 of 200 rows read" in fragment
    assert client.get(url, {"seen": "running:80"}, **htmx).status_code == 204

    ImportRun.objects.filter(pk=run.pk).update(status="accepted", rows_read=200, finished_at="2026-01-01T00:00Z")
    done = client.get(url, {"seen": "running:80"}, **htmx)
    assert (done.status_code, done["HX-Refresh"]) == (200, "true")
    assert client.get(url)["Location"] == reverse("upload-detail", args=[run.pk])


@pytest.mark.django_db
def test_another_agencys_upload_is_not_found_and_not_listed(
    client, officer_a, officer_b, mixed_xlsx, run_worker, django_capture_on_commit_callbacks
):
    signed_in(client, officer_a)
    send(client, mixed_xlsx, capture=django_capture_on_commit_callbacks)
    run_worker()
    run = ImportRun.objects.get()
    signed_in(client, officer_b)

    for name in ("upload-detail", "upload-progress", "upload-errors"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404, name
    listing = client.get(reverse("upload-list")).content.decode()
    assert "rastreos.xlsx" not in listing
    assert "has not sent any file yet" in listing


@pytest.mark.django_db
def test_the_list_shows_the_agencys_uploads_with_who_when_status_and_counts(
    client, officer_a, supervisor_a, agency_a, run_worker, django_capture_on_commit_callbacks
):
    signed_in(client, supervisor_a)
    send(
        client,
        csv_upload("uno.csv", TRACE_COLUMNS, [trace_row(agency_a, "A-1")]),
        capture=django_capture_on_commit_callbacks,
    )
    run_worker()
    signed_in(client, officer_a)

    page = client.get(reverse("upload-list")).content.decode()

    assert "uno.csv" in page
    assert "supervisor_a" in page
    assert "trace requests" in page.lower()
    assert "status-accepted" in page
    assert "1 created, 0 updated, 0 already known, 0 rejected" in page
    assert reverse("upload-create") in page


@pytest.mark.django_db
def test_an_auditor_reads_the_uploads_but_may_not_send_one(client, auditor_a, agency_a):
    signed_in(client, auditor_a)

    assert client.get(reverse("upload-list")).status_code == 200
    assert reverse("upload-create") not in client.get(reverse("upload-list")).content.decode()
    assert client.get(reverse("upload-create")).status_code == 403
    upload = csv_upload("r.csv", TRACE_COLUMNS, [trace_row(agency_a, "A-1")])
    assert send(client, upload).status_code == 403
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_the_pages_ask_to_sign_in(client):
    for name, args in (("upload-list", []), ("upload-create", []), ("upload-detail", [1]), ("upload-errors", [1])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_form_labels_every_input(client, officer_a):
    page = signed_in(client, officer_a).get(reverse("upload-create")).content.decode()

    for input_id in ("id_kind_0", "id_kind_1", "id_file", "id_dayfirst"):
        assert f'for="{input_id}"' in page
        assert f'id="{input_id}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "<legend" in page


@pytest.mark.django_db
def test_the_list_and_the_page_take_a_fixed_number_of_queries(
    client, officer_a, agency_a, run_worker, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    signed_in(client, officer_a)
    rows = [trace_row(agency_a, f"A-{n}") for n in range(30)]
    for name in ("uno.csv", "dos.csv", "tres.csv"):
        send(client, csv_upload(name, TRACE_COLUMNS, rows), capture=django_capture_on_commit_callbacks)
    run_worker()
    run = ImportRun.objects.order_by("id").first()

    with django_assert_max_num_queries(8):
        assert client.get(reverse("upload-list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("upload-detail", args=[run.pk])).status_code == 200
