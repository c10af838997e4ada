"""Notifications: written by each trigger, shown under the bell in the reader's language, e-mailed to who chose it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from traza.core.management.commands.worker import housekeeping
from traza.industry.models import LicenseeQuery
from traza.industry.services import query_no_record
from traza.notifications.messages import notification_text
from traza.notifications.models import Kind, Notification, Preference
from traza.notifications.selectors import unread_count
from traza.notifications.services import Item, notify, notify_many, preferences_set
from traza.tracing import engine
from traza.tracing.models import Trace
from traza.tracing.tests.api_support import REQUEST, load_records, submit
from traza.tracing.tests.pages_support import browser
from traza.tracing.tests.world import LICENSEE_NAMES, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows


@pytest.fixture(autouse=True)
def english():
    """English outside requests; a Spanish reader's page leaves no Spanish behind for the next test."""
    with translation.override("en"):
        yield


def told(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


# The service ---------------------------------------------------------------------------------------------------


def test_notify_writes_one_a_user_and_skips_repeats_and_nobody(officer_a, investigator_a):
    count = notify(users=[officer_a, investigator_a.pk, officer_a, None], kind=Kind.LEAD_ASSIGNED, params={"lead": 7})

    assert count == 2
    [mine] = told(investigator_a, Kind.LEAD_ASSIGNED)
    assert notification_text(mine) == "Lead 7 was assigned to you."


def test_a_subject_is_told_once(officer_a):
    for _ in range(2):
        notify(users=[officer_a], kind=Kind.QUERY_OVERDUE, params={"trace": "T202600000001"}, subject="query:1")

    assert len(told(officer_a, Kind.QUERY_OVERDUE)) == 1


def test_email_goes_to_who_chose_it_in_their_language(
    investigator_a, officer_a, run_worker, django_capture_on_commit_callbacks
):
    investigator_a.email, investigator_a.language = "rosa.quintanilla@fiscalia.example.mx", "es"
    investigator_a.save()
    officer_a.email = "officer@example.mx"
    officer_a.save()
    params = {"serial": "AB-1234", "case_ref": "CI-7", "agency": "El Paso Police Department", "trace": "T202600000009"}
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[investigator_a], kind=Kind.SUSPECT_TRACED, params={**params, "trace": "T202600000001"})
    preferences_set(user=investigator_a, email_kinds=[Kind.SUSPECT_TRACED])

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[investigator_a, officer_a], kind=Kind.SUSPECT_TRACED, params=params, url="/intel/suspects/")
    run_worker()

    [message] = mail.outbox
    assert message.to == ["rosa.quintanilla@fiscalia.example.mx"]
    assert message.subject == "Traza: un arma que marqué como sospechosa fue rastreada"
    assert message.body.startswith(
        "El arma con número de serie AB-1234 que marcó para el caso CI-7 fue rastreada por El Paso Police Department"
    )
    assert "http://localhost:8000/intel/suspects/" in message.body
    assert [n.emailed_at is not None for n in told(investigator_a, Kind.SUSPECT_TRACED)] == [True, False]
    assert told(officer_a, Kind.SUSPECT_TRACED)[0].emailed_at is None


def test_preferences_refuse_an_unknown_kind(officer_a):
    with pytest.raises(ValueError):
        preferences_set(user=officer_a, email_kinds=["everything"])
    assert not Preference.objects.exists()


# Triggers ------------------------------------------------------------------------------------------------------


def test_a_finished_trace_tells_its_submitter_once(load, agency_a, officer_a):
    load_records(load)

    trace = submit(agency_a, actor=officer_a)
    engine.resolve([trace.pk])

    [notification] = told(officer_a, Kind.TRACE_FINISHED)
    assert notification.params == {"trace": trace.number, "status": Trace.Status.COMPLETED_PURCHASER}
    assert notification.url == f"/traces/{trace.number}/"
    assert notification_text(notification) == f"Trace {trace.number} finished: completed: purchaser found."


def test_traces_finishing_together_are_told_in_one_notification(load, agency_a, officer_a):
    from traza.catalog.lookup import CatalogIndex
    from traza.tracing.services import trace_submit
    from traza.tracing.validation import TraceRequestReader

    load_records(load)
    reader = TraceRequestReader(
        catalog=CatalogIndex.load(), agencies={agency_a.code: agency_a.pk}, today=timezone.localdate()
    )
    ids = []
    for ref in ("LOTE-1", "LOTE-2", "LOTE-3"):
        data = reader.read(1, {"request_ref": ref, "agency_code": agency_a.code, **REQUEST})
        ids.append(trace_submit(actor=officer_a, agency=agency_a, data=data, channel=Trace.Channel.FILE)[0].pk)

    engine.resolve(ids)

    [notification] = told(officer_a, Kind.TRACE_FINISHED)
    assert notification_text(notification) == "3 traces you submitted finished."


@pytest.fixture
def waiting_query(load, agency_a, officer_a):
    """A trace of officer A's waiting on a dealer without electronic records."""
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, PAPER_DEALER)]
    load("dispositions", chain("RG-555", "RUGER", hops)[:2])
    trace = submit(agency_a, actor=officer_a, serial_number="RG-555", manufacturer="RUGER")
    return LicenseeQuery.objects.get(trace=trace, status=LicenseeQuery.Status.OPEN)


def test_an_answered_query_tells_the_submitter(waiting_query, analyst, officer_a):
    query_no_record(actor=analyst, query=waiting_query, via=LicenseeQuery.Via.PHONE)

    [notification] = told(officer_a, Kind.QUERY_ANSWERED)
    assert notification_text(notification) == f"A licensee answered the query on trace {waiting_query.trace.number}."


def test_the_worker_tells_of_an_overdue_query_once(waiting_query, officer_a):
    housekeeping()
    assert not told(officer_a, Kind.QUERY_OVERDUE)

    LicenseeQuery.objects.filter(pk=waiting_query.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    housekeeping()
    housekeeping()

    [notification] = told(officer_a, Kind.QUERY_OVERDUE)
    assert notification.subject == f"query:{waiting_query.pk}"
    assert notification_text(notification) == f"A licensee's answer on trace {waiting_query.trace.number} is overdue."


# Pages ---------------------------------------------------------------------------------------------------------


def test_the_bell_counts_unread_notifications(officer_a, django_assert_num_queries):
    notify(users=[officer_a], kind=Kind.LEAD_ASSIGNED, params={"lead": 1})
    notify(users=[officer_a], kind=Kind.LEAD_ASSIGNED, params={"lead": 2})

    with django_assert_num_queries(1):
        assert unread_count(officer_a) == 2
    page = browser(officer_a).get("/").content.decode()

    assert 'title="2 unread notifications"' in page
    assert '<span class="badge nav-count">2</span>' in page


def test_the_list_marks_one_read_and_opens_its_page_or_marks_all(officer_a, officer_b):
    notify(users=[officer_a], kind=Kind.QUERY_ANSWERED, params={"trace": "T202600000042"}, url="/traces/T202600000042/")
    notify(users=[officer_a, officer_b], kind=Kind.LEAD_ASSIGNED, params={"lead": 3})
    first = told(officer_a, Kind.QUERY_ANSWERED)[0]
    client = browser(officer_a)

    listed = client.get("/notifications/").content.decode()
    opened = client.post("/notifications/read/", {"id": first.pk})

    assert "A licensee answered the query on trace T202600000042." in listed
    assert "Lead 3 was assigned to you." in listed
    assert opened.status_code == 302 and opened["Location"] == "/traces/T202600000042/"
    assert unread_count(officer_a) == 1
    client.post("/notifications/read/")
    assert unread_count(officer_a) == 0
    assert unread_count(officer_b) == 1


def test_the_list_pages_by_50(officer_a):
    notify_many(kind=Kind.LEAD_ASSIGNED, items=[Item(officer_a, {"lead": n}) for n in range(51)])

    first = browser(officer_a).get("/notifications/").content.decode()
    second = browser(officer_a).get("/notifications/", {"page": 2}).content.decode()

    assert 'href="?page=2"' in first and "Lead 0 was" not in first
    assert "Lead 0 was assigned to you." in second


def test_nobody_reads_or_marks_anothers_notifications(officer_a, officer_b):
    notify(users=[officer_b], kind=Kind.LEAD_ASSIGNED, params={"lead": 3})
    theirs = told(officer_b, Kind.LEAD_ASSIGNED)[0]

    assert "Lead 3" not in browser(officer_a).get("/notifications/").content.decode()
    browser(officer_a).post("/notifications/read/", {"id": theirs.pk})
    assert unread_count(officer_b) == 1
    assert browser().get("/notifications/").status_code == 302


def test_the_preferences_page_saves_the_kinds_by_email(officer_a):
    client = browser(officer_a)

    saved = client.post("/notifications/preferences/", {"email_kinds": [Kind.TRACE_FINISHED, Kind.QUERY_OVERDUE]})
    page = client.get("/notifications/preferences/").content.decode()
    refused = client.post("/notifications/preferences/", {"email_kinds": ["everything"]})

    assert saved.status_code == 302
    assert set(Preference.objects.filter(user=officer_a, email=True).values_list("kind", flat=True)) == {
        Kind.TRACE_FINISHED,
        Kind.QUERY_OVERDUE,
    }
    assert 'value="trace_finished" id="id_email_kinds_0" checked' in page
    assert refused.status_code == 200


def test_the_list_in_spanish(officer_a):
    officer_a.language = "es"
    officer_a.save(update_fields=["language"])
    notify(users=[officer_a], kind=Kind.TRACE_FINISHED, params={"trace": "T202600000005", "status": "not_traced"})

    page = browser(officer_a).get("/notifications/").content.decode()

    assert "El rastreo T202600000005 terminó: no rastreado." in page
