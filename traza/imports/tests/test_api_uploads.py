"""/api/v1/uploads/: send a file, follow its import, fetch its rejected rows; only the agency's own."""

import csv
import io
import json

import pytest
from django.test import Client, override_settings

from traza.agencies.tests.factories import api_client
from traza.audit.models import AuditEvent
from traza.imports.models import ImportRun
from traza.imports.tests.upload_files import TRACE_COLUMNS, csv_upload, raw_upload, stored_files, trace_row
from traza.tracing.models import Trace

URL = "/api/v1/uploads/"


def post(client, upload, *, capture, **fields):
    with capture(execute=True):
        return client.post(URL, {"kind": "trace-requests", "file": upload, **fields}, format="multipart")


@pytest.fixture
def sent(officer_a, agency_a, agency_b, run_worker, django_capture_on_commit_callbacks):
    """Agency A's file of two good trace requests and two bad rows, imported by the worker."""
    rows = [
        trace_row(agency_a, "A-1"),
        trace_row(agency_a, "A-2", manufacturer=""),
        trace_row(agency_b, "B-1"),
        trace_row(agency_a, "A-4"),
    ]
    response = post(
        api_client(officer_a),
        csv_upload("rastreos.csv", TRACE_COLUMNS, rows),
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 202, response.json()
    run_worker()
    return ImportRun.objects.get(pk=response.json()["id"])


@pytest.mark.django_db
def test_a_file_is_accepted_for_import_with_its_urls(officer_a, agency_a, django_capture_on_commit_callbacks, storage):
    upload = csv_upload("rastreos.csv", TRACE_COLUMNS, [trace_row(agency_a, "A-1")])

    response = post(api_client(officer_a), upload, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 202
    body = response.json()
    run = ImportRun.objects.get()
    assert body["id"] == run.pk
    assert body["url"] == f"http://testserver{URL}{run.pk}/" == response["Location"]
    assert body["errors_url"] == f"http://testserver{URL}{run.pk}/errors/"
    assert body["page_url"] == f"http://testserver/uploads/{run.pk}/"
    assert (body["status"], body["finished"], body["kind"], body["file_name"]) == (
        "pending",
        False,
        "trace-requests",
        "rastreos.csv",
    )
    assert (run.user, run.agency) == (officer_a, agency_a)
    assert len(stored_files(storage)) == 1
    assert AuditEvent.objects.filter(action="upload.create", object_id=str(run.pk), actor=officer_a).exists()


@pytest.mark.django_db
def test_the_status_shows_the_counts_once_the_worker_has_run(sent, officer_a, agency_a):
    body = api_client(officer_a).get(f"{URL}{sent.pk}/").json()

    assert (body["status"], body["status_label"], body["finished"], body["progress"]) == (
        "accepted",
        "accepted with errors",
        True,
        1.0,
    )
    assert body["counts"] == {"total": 4, "read": 4, "created": 2, "updated": 0, "unchanged": 0, "rejected": 2}
    assert (body["message"], body["warnings"], body["sent_by"]) == ("", [], "officer_a")
    assert set(Trace.objects.values_list("agency_id", "request_ref")) == {(agency_a.pk, "A-1"), (agency_a.pk, "A-4")}


@pytest.mark.django_db
def test_a_spanish_reader_sees_accepted_with_errors_in_spanish(sent, officer_a):
    """On the upload's page for a user who chose Spanish, and in the API to a client that asks for Spanish."""
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    browser.force_login(officer_a)

    page = browser.get(f"/uploads/{sent.pk}/").content.decode()
    body = api_client(officer_a).get(f"{URL}{sent.pk}/", HTTP_ACCEPT_LANGUAGE="es").json()

    assert '<span class="badge status-accepted with-errors">aceptada con errores</span>' in page
    assert "accepted with errors" not in page
    assert (body["status"], body["status_label"]) == ("accepted", "aceptada con errores")


@pytest.mark.django_db
def test_the_rejected_rows_come_as_csv_or_as_json(sent, officer_a):
    client = api_client(officer_a)

    as_csv = client.get(f"{URL}{sent.pk}/errors/")
    as_json = client.get(f"{URL}{sent.pk}/errors/", {"format": "json"})

    assert as_csv.status_code == 200
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode())))
    assert rows[0] == ["line", "reference", "column", "reason"]
    assert [tuple(row[:3]) for row in rows[1:]] == [("3", "A-2", "manufacturer"), ("4", "B-1", "agency_code")]
    assert as_json.status_code == 200
    assert as_json.json() == [
        {
            "line": 3,
            "reference": "A-2",
            "column": "manufacturer",
            "field": "manufacturer",
            "reason": "manufacturer is required.",
        },
        {
            "line": 4,
            "reference": "B-1",
            "column": "agency_code",
            "field": "agency_code",
            "reason": "agency_code is not your agency's (MXSIN0060): a file you send may hold only your own "
            "agency's rows.",
        },
    ]


@pytest.mark.django_db
def test_another_agency_sees_nothing_of_the_upload(sent, officer_b):
    client = api_client(officer_b)

    for path in (f"{URL}{sent.pk}/", f"{URL}{sent.pk}/errors/", f"{URL}{sent.pk}/errors/?format=json"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
    assert client.get(URL).json()["count"] == 0


@pytest.mark.django_db
def test_the_list_shows_the_agencys_uploads_newest_first(
    sent, officer_a, supervisor_a, agency_a, django_capture_on_commit_callbacks
):
    second = post(
        api_client(supervisor_a),
        csv_upload("dos.csv", TRACE_COLUMNS, [trace_row(agency_a, "A-9")]),
        capture=django_capture_on_commit_callbacks,
    )

    body = api_client(officer_a).get(URL).json()

    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [second.json()["id"], sent.pk]


@pytest.mark.django_db
def test_a_refused_file_says_why(officer_a, run_worker, django_capture_on_commit_callbacks):
    upload = raw_upload("r.csv", b"request_ref,agency_code\nR1,MXSIN0060\n")
    response = post(api_client(officer_a), upload, capture=django_capture_on_commit_callbacks)
    run_worker()

    body = api_client(officer_a).get(response.json()["url"]).json()

    assert (body["status"], body["finished"]) == ("refused", True)
    assert body["message"].startswith("Required column missing: recovery_date")


@pytest.mark.django_db
@override_settings(TRAZA_MAX_UPLOAD_MB=1)
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"file": raw_upload("r.csv", b"")}, "file", "The file is empty."),
        ({"file": raw_upload("r.csv", b"x" * (1024 * 1024 + 1))}, "file", "larger than 1 MB"),
        ({"file": raw_upload("r.exe", b"MZ\x90\x00")}, "file", "Send a CSV (.csv) or Excel (.xlsx) file."),
        ({"kind": "licensees"}, "kind", "is not a valid choice"),
        ({"dayfirst": "maybe"}, "dayfirst", "Must be a valid boolean"),
    ],
    ids=["empty", "too big", "wrong extension", "kind", "dayfirst"],
)
def test_a_bad_request_names_the_wrong_field_and_stores_nothing(officer_a, agency_a, fields, field, message, storage):
    data = {
        "kind": "trace-requests",
        "file": csv_upload("r.csv", TRACE_COLUMNS, [trace_row(agency_a, "A-1")]),
        **fields,
    }

    response = api_client(officer_a).post(URL, data, format="multipart")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert message in error["fields"][field][0]
    assert not ImportRun.objects.exists()
    assert stored_files(storage) == []


@pytest.mark.django_db
def test_an_auditor_may_not_send_files_and_nobody_signed_out_may_read(auditor_a, agency_a):
    upload = csv_upload("r.csv", TRACE_COLUMNS, [trace_row(agency_a, "A-1")])

    response = api_client(auditor_a).post(URL, {"kind": "trace-requests", "file": upload}, format="multipart")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert api_client(auditor_a).get(URL).status_code == 200
    assert api_client().get(URL).status_code == 401
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_the_list_takes_a_fixed_number_of_queries(
    sent, officer_a, agency_a, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = api_client(officer_a)
    for name in ("b.csv", "c.csv", "d.csv"):
        post(
            client,
            csv_upload(name, TRACE_COLUMNS, [trace_row(agency_a, "A-1")]),
            capture=django_capture_on_commit_callbacks,
        )

    with django_assert_max_num_queries(6):
        assert client.get(URL).json()["count"] == 4


@pytest.mark.django_db
def test_the_schema_documents_the_uploads_api(client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)

    create = schema["paths"]["/api/v1/uploads/"]["post"]
    assert create["operationId"] == "uploads_create"
    assert "multipart/form-data" in create["requestBody"]["content"]
    assert {"202", "400", "401", "403"} <= set(create["responses"])
    assert schema["paths"]["/api/v1/uploads/{id}/"]["get"]["operationId"] == "uploads_retrieve"
    report = schema["paths"]["/api/v1/uploads/{id}/errors/"]["get"]
    assert {"text/csv", "application/json"} <= set(report["responses"]["200"]["content"])
    assert "404" in report["responses"]


@pytest.mark.django_db
def test_the_stored_file_is_deleted_once_imported_and_the_run_keeps_its_hash(storage, sent):
    sent.refresh_from_db()

    assert stored_files(storage) == []
    assert (sent.status, sent.rows_created, len(sent.file_sha256)) == ("accepted", 2, 64)
