"""The coordinator records the foreign authority's answer; the trace takes it and keeps it when resolved again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from traza.audit.models import AuditEvent
from traza.international.models import InternationalRequest
from traza.international.selectors import NOTE_EXPORT_ANSWER, NOTE_NO_RECORD_ANSWER, answers_for
from traza.international.services import international_request_answer
from traza.international.tests.conftest import client_of
from traza.tracing import engine
from traza.tracing.models import Trace

Status, Reason = Trace.Status, Trace.Reason


def answer(client, request, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("international-answer", args=[request.pk]), data)


def test_an_export_answer_keeps_the_trace_abroad_naming_the_party(
    hi_power, coordinator_mx, officer_a, django_capture_on_commit_callbacks
):
    request = hi_power.international_request
    coordinator = client_of(coordinator_mx)

    response = answer(
        coordinator,
        request,
        django_capture_on_commit_callbacks,
        answer="export",
        reference="  RENAR-2024/7731 ",
        party="Armería El Pato S.A. de C.V.",
        party_country="mx",
        export_date="21/03/2019",
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answer, request.export_country_id) == ("answered", "export", "MX")
    assert (request.foreign_reference, request.answered_by) == ("RENAR-2024/7731", coordinator_mx)
    assert str(request.export_date) == "2019-03-21"
    hi_power.refresh_from_db()
    assert (hi_power.status, hi_power.status_reason) == (Status.TRACED_FOREIGN, Reason.EXPORTED)
    assert hi_power.resolution_note == NOTE_EXPORT_ANSWER
    event = AuditEvent.objects.get(action="international.answer")
    assert event.object_id == str(request.pk) and "Pato" not in str(event.details)

    page = client_of(officer_a).get(reverse("trace-detail", args=[hi_power.number])).content.decode()
    assert "Exported to Armería El Pato S.A. de C.V. (Mexico)" in page
    assert "Answer of the authority of Argentina, reference RENAR-2024/7731" in page


def test_a_no_record_answer_ends_the_trace_not_traced(
    hi_power, coordinator_mx, officer_a, django_capture_on_commit_callbacks
):
    response = answer(
        client_of(coordinator_mx),
        hi_power.international_request,
        django_capture_on_commit_callbacks,
        answer="no_record",
    )

    assert response.status_code == 302
    hi_power.refresh_from_db()
    assert (hi_power.status, hi_power.status_reason) == (Status.NOT_TRACED, Reason.NO_RECORD)
    assert hi_power.resolution_note == NOTE_NO_RECORD_ANSWER
    officer = client_of(officer_a)
    for name in ("trace-detail", "trace-print"):
        page = officer.get(reverse(name, args=[hi_power.number])).content.decode()
        assert "Answer of the authority of Argentina" in page, name


@pytest.mark.parametrize(
    ("answer_kind", "status", "reason"),
    [("export", Status.TRACED_FOREIGN, Reason.EXPORTED), ("no_record", Status.NOT_TRACED, Reason.NO_RECORD)],
)
def test_the_answered_result_survives_a_re_resolution(hi_power, analyst, answer_kind, status, reason):
    international_request_answer(
        actor=analyst,
        request=hi_power.international_request,
        answer=answer_kind,
        party="Policía Federal Argentina",
        party_country="AR",
        export_date=hi_power.recovery_date.replace(year=2001),
    )

    engine.resolve([hi_power.pk])
    engine.resolve([hi_power.pk])

    hi_power.refresh_from_db()
    assert (hi_power.status, hi_power.status_reason) == (status, reason)
    assert InternationalRequest.objects.filter(trace=hi_power).count() == 1
    assert set(answers_for([hi_power.pk])) == {hi_power.pk}


def test_an_export_answer_without_its_party_is_refused_naming_each_field(
    hi_power, coordinator_mx, django_capture_on_commit_callbacks
):
    request = hi_power.international_request

    response = answer(
        client_of(coordinator_mx),
        request,
        django_capture_on_commit_callbacks,
        answer="export",
        reference="RENAR-1",
        party="   ",
        party_country="",
        export_date="31/02/2019",
    )

    assert response.status_code == 400
    errors = response.content.decode()
    assert "export_date: 31/02/2019 is not a date" in errors
    request.refresh_from_db()
    hi_power.refresh_from_db()
    assert (request.status, request.answer, request.foreign_reference) == ("open", "", "")
    assert hi_power.status == Status.TRACED_FOREIGN

    response = answer(
        client_of(coordinator_mx),
        request,
        django_capture_on_commit_callbacks,
        answer="export",
        export_date="2019-03-21",
    )
    assert response.status_code == 400
    assert "party: give the name of the party" in response.content.decode()
    assert "party_country: give the country" in response.content.decode()


def test_an_answered_request_cannot_be_answered_again(hi_power, coordinator_mx):
    request = hi_power.international_request
    international_request_answer(actor=coordinator_mx, request=request, answer="no_record")

    with pytest.raises(ValidationError) as refused:
        international_request_answer(actor=coordinator_mx, request=request, answer="no_record")

    assert refused.value.code == "answered"


def test_a_future_export_date_is_refused(hi_power, coordinator_mx):
    from datetime import timedelta

    with pytest.raises(ValidationError) as refused:
        international_request_answer(
            actor=coordinator_mx,
            request=hi_power.international_request,
            answer="export",
            party="Armería",
            party_country="MX",
            export_date=timezone.localdate() + timedelta(days=3),
        )

    assert "export_date" in refused.value.message_dict


def test_marking_it_sent_keeps_the_foreign_reference_and_is_audited(hi_power, analyst):
    request = hi_power.international_request

    response = client_of(analyst).post(
        reverse("international-send", args=[request.pk]), {"reference": " IP-BA/2024/118 "}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.foreign_reference) == ("sent", "IP-BA/2024/118")
    assert AuditEvent.objects.filter(action="international.send", object_id=str(request.pk)).exists()
