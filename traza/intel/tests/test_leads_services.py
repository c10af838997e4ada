"""Working a lead: assigning it, each move of its life cycle and each refused one, notes, all audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from traza.audit.models import AuditEvent
from traza.intel.models import Lead
from traza.intel.services.leads import (
    lead_assign,
    lead_close,
    lead_note_add,
    lead_refer,
    lead_reopen,
    lead_review,
)
from traza.intel.tests.leads_support import make_lead
from traza.notifications.models import Notification

Status = Lead.Status
pytestmark = pytest.mark.usefixtures("english")


def events(lead: Lead, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="lead", object_id=str(lead.pk), action=action).order_by("seq"))


def refused_move(call) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    assert refused.value.code == "status"
    return refused.value.messages[0]


def test_it_assigns_a_lead_to_an_investigator_of_the_agency_and_tells_them(lead_ab, investigator_a, colleague_a):
    lead = lead_assign(actor=investigator_a, lead=lead_ab, assignee=colleague_a)

    assert Lead.objects.get(pk=lead.pk).assigned_to == colleague_a
    (event,) = events(lead, "lead.assign")
    assert event.details == {"assignee": "colleague_a"} and event.actor == investigator_a
    told = Notification.objects.get(user=colleague_a, kind="lead_assigned")
    assert told.params == {"lead": lead.number} and told.url == f"/intel/leads/{lead.number}/"


@pytest.mark.parametrize("who", ["officer_a", "investigator_b", "suspended"])
def test_it_assigns_to_no_one_but_an_active_investigator_of_the_agency(
    lead_ab, investigator_a, colleague_a, who, request
):
    if who == "suspended":
        colleague_a.is_active = False
        colleague_a.save(update_fields=["is_active"])
        assignee = colleague_a
    else:
        assignee = request.getfixturevalue(who)

    with pytest.raises(ValidationError) as refused:
        lead_assign(actor=investigator_a, lead=lead_ab, assignee=assignee)

    assert refused.value.message_dict == {"assignee": ["assignee: choose an active investigator of your agency."]}
    assert Lead.objects.get(pk=lead_ab.pk).assigned_to is None
    assert not Notification.objects.exists() and not events(lead_ab, "lead.assign")


def test_a_lead_goes_from_new_to_reviewing_to_referred_to_closed(lead_ab, investigator_a, agency_c):
    lead_review(actor=investigator_a, lead=lead_ab)
    lead_refer(actor=investigator_a, lead=lead_ab, agency=agency_c, case_ref="  FGE/SIN/CLN/0231/2024 ")
    lead = lead_close(actor=investigator_a, lead=lead_ab, reason="Detenido el comprador; carpeta judicializada.")

    lead.refresh_from_db()
    assert lead.status == Status.CLOSED and lead.status_changed_at is not None
    assert (lead.referred_to, lead.referred_case) == (agency_c, "FGE/SIN/CLN/0231/2024")
    assert lead.closed_reason == "Detenido el comprador; carpeta judicializada."
    assert [e.details for e in events(lead, "lead.status")] == [{"from": "new", "to": "reviewing"}]
    assert [e.details for e in events(lead, "lead.refer")] == [
        {"from": "reviewing", "to": "referred", "agency": "MXSIN0000", "case_ref": "FGE/SIN/CLN/0231/2024"}
    ]
    (closing,) = events(lead, "lead.close")
    assert closing.details == {"from": "referred", "to": "closed"}  # the reason stays on the lead, not in the log


def test_a_new_lead_can_be_closed_and_reopened_into_review(lead_ab, investigator_a):
    lead_close(actor=investigator_a, lead=lead_ab, reason="duplicado de L0000007")
    lead = lead_reopen(actor=investigator_a, lead=lead_ab)

    lead.refresh_from_db()
    assert (lead.status, lead.closed_reason) == (Status.REVIEWING, "")
    assert [e.details for e in events(lead, "lead.status")] == [{"from": "closed", "to": "reviewing"}]


def test_impossible_moves_are_refused_and_change_nothing(lead_ab, investigator_a, agency_c):
    assert refused_move(lambda: lead_refer(actor=investigator_a, lead=lead_ab, agency=agency_c, case_ref="C-1")) == (
        "Only a lead under review can be referred."
    )
    assert (
        refused_move(lambda: lead_reopen(actor=investigator_a, lead=lead_ab)) == "Only a closed lead can be reopened."
    )
    lead_review(actor=investigator_a, lead=lead_ab)
    assert refused_move(lambda: lead_review(actor=investigator_a, lead=lead_ab)).startswith("Only a new lead")
    lead_close(actor=investigator_a, lead=lead_ab, reason="sin elementos")
    assert refused_move(lambda: lead_close(actor=investigator_a, lead=lead_ab, reason="otra vez")) == (
        "This lead is already closed."
    )
    assert refused_move(lambda: lead_review(actor=investigator_a, lead=lead_ab)).startswith("Only a new lead")
    assert refused_move(lambda: lead_refer(actor=investigator_a, lead=lead_ab, agency=agency_c, case_ref="C-1"))

    lead = Lead.objects.get(pk=lead_ab.pk)
    assert (lead.status, lead.closed_reason, lead.referred_to) == (Status.CLOSED, "sin elementos", None)
    assert len(events(lead, "lead.status")) == 1 and not events(lead, "lead.refer")


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda actor, lead, agency: lead_close(actor=actor, lead=lead, reason="   "), "reason", "reason: say why"),
        (lambda actor, lead, agency: lead_close(actor=actor, lead=lead, reason="x" * 501), "reason", "at most 500"),
        (
            lambda actor, lead, agency: lead_refer(actor=actor, lead=lead, agency=agency, case_ref=""),
            "case_ref",
            "case_ref: give",
        ),
        (
            lambda actor, lead, agency: lead_refer(actor=actor, lead=lead, agency=agency, case_ref="9" * 81),
            "case_ref",
            "at most 80",
        ),
        (
            lambda actor, lead, agency: lead_note_add(actor=actor, lead=lead, text="\n \t"),
            "text",
            "text: write the note",
        ),
    ],
)
def test_a_missing_or_too_long_value_is_refused_naming_its_field(
    lead_ab, investigator_a, agency_c, call, field, message
):
    lead_review(actor=investigator_a, lead=lead_ab)

    with pytest.raises(ValidationError) as refused:
        call(investigator_a, lead_ab, agency_c)

    assert list(refused.value.message_dict) == [field] and message in refused.value.message_dict[field][0]
    assert Lead.objects.get(pk=lead_ab.pk).status == Status.REVIEWING


def test_notes_are_kept_in_order_and_the_log_never_holds_their_text(lead_ab, investigator_a, colleague_a):
    lead_note_add(actor=investigator_a, lead=lead_ab, text="Llamar a ATF El Paso: el comprador usa 2 domicilios.")
    lead_note_add(actor=colleague_a, lead=lead_ab, text="  Confirmado con la fiscalía.  ")

    assert [(n.author, n.text) for n in lead_ab.notes.all()] == [
        (investigator_a, "Llamar a ATF El Paso: el comprador usa 2 domicilios."),
        (colleague_a, "Confirmado con la fiscalía."),
    ]
    logged = events(lead_ab, "lead.note")
    assert len(logged) == 2 and all(set(e.details) == {"note"} for e in logged)
    assert "domicilios" not in str([e.details for e in logged])


def test_the_outsider_cannot_work_a_lead_of_traces_they_may_not_read(lead_a_only, investigator_b, officer_a):
    for actor in (investigator_b, officer_a):
        with pytest.raises(PermissionDenied):
            lead_review(actor=actor, lead=lead_a_only)
        with pytest.raises(PermissionDenied):
            lead_note_add(actor=actor, lead=lead_a_only, text="hola")
    assert Lead.objects.get(pk=lead_a_only.pk).status == Status.NEW
    assert not AuditEvent.objects.filter(object_type="lead").exists()


@pytest.fixture
def lead_a_only(trace_a):
    return make_lead(traces=[trace_a])
