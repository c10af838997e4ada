"""Tracing centres: a coordinator of the agency's country (or the operator) designates them, audited; only
their people may be analysts, by any way an account gets a role; a designation is not withdrawn from
under its analysts."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from traza.agencies.models import Agency, User
from traza.agencies.services.accounts import user_change_role, user_create, user_invite
from traza.agencies.services.agencies import agency_tracing_centre_set
from traza.agencies.tests.personas import persona
from traza.audit.actions import action_label
from traza.audit.models import AuditEvent


def page(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def centre_url(agency) -> str:
    return f"/coordination/agencies/{agency.pk}/tracing-centre/"


@pytest.mark.django_db
def test_a_coordinator_makes_an_agency_of_their_country_a_tracing_centre_and_it_is_audited(coordinator_mx, agency_c):
    response = page(coordinator_mx).post(centre_url(agency_c), {"tracing_centre": "on"}, follow=True)

    agency_c.refresh_from_db()
    assert agency_c.tracing_centre
    assert "Fiscalía General del Estado de Sinaloa is a tracing centre." in response.content.decode()
    event = AuditEvent.objects.get(action="agency.centre_designate")
    assert (event.actor, event.object_id, event.details["code"]) == (coordinator_mx, str(agency_c.pk), "MXSIN0000")
    assert action_label("agency.centre_designate") == "agency designated a tracing centre"


@pytest.mark.django_db
def test_the_coordination_page_lists_the_tracing_centres_with_a_way_to_withdraw(coordinator_mx, centre):
    html = page(coordinator_mx).get("/coordination/").content.decode()

    assert "Centro Nacional de Rastreo" in html
    assert centre_url(centre) in html and "Withdraw the tracing-centre designation of MXCNR0000" in html


@pytest.mark.django_db
def test_a_coordinator_cannot_touch_another_countrys_agency(coordinator_mx, centre_us):
    assert page(coordinator_mx).post(centre_url(centre_us)).status_code == 404
    centre_us.refresh_from_db()
    assert centre_us.tracing_centre
    with pytest.raises(Exception, match="coordinate"):
        agency_tracing_centre_set(actor=coordinator_mx, agency=centre_us, tracing_centre=False)


@pytest.mark.django_db
def test_only_coordinators_reach_the_designation(centre, officer_a, supervisor_a, analyst):
    for user in (officer_a, supervisor_a, analyst):
        assert page(user).post(centre_url(centre)).status_code == 404
    centre.refresh_from_db()
    assert centre.tracing_centre


@pytest.mark.django_db
def test_an_agency_still_applying_cannot_be_a_tracing_centre(coordinator_mx, agency_c):
    Agency.objects.filter(pk=agency_c.pk).update(status=Agency.Status.APPLIED)

    response = page(coordinator_mx).post(centre_url(agency_c), {"tracing_centre": "on"}, follow=True)

    assert "Only an approved agency can be a tracing centre." in response.content.decode()
    assert not Agency.objects.get(pk=agency_c.pk).tracing_centre


@pytest.mark.django_db
def test_withdrawing_is_refused_while_the_centre_has_analysts_and_says_how_many(coordinator_mx, centre, analyst):
    suspended, removed = persona("analista.suspendida", centre, "analyst"), persona("analista.baja", centre, "analyst")
    User.objects.filter(pk=suspended.pk).update(is_active=False)  # may come back: still counts
    User.objects.filter(pk=removed.pk).update(is_active=False, removed_at=timezone.now())  # gone for good

    response = page(coordinator_mx).post(centre_url(centre), follow=True)

    html = response.content.decode()
    assert "MXCNR0000 still has 2 analysts: the system administrator gives those accounts another role first" in html
    centre.refresh_from_db()
    assert centre.tracing_centre
    assert not AuditEvent.objects.filter(action="agency.centre_withdraw").exists()


@pytest.mark.django_db
def test_once_its_analyst_has_another_role_the_designation_is_withdrawn_and_audited(coordinator_mx, centre, analyst):
    with pytest.raises(ValidationError) as refused:
        agency_tracing_centre_set(actor=coordinator_mx, agency=centre, tracing_centre=False)
    assert refused.value.messages == [
        "MXCNR0000 still has 1 analyst: the system administrator gives that account another role first, "
        "then the designation can be withdrawn."
    ]

    user_change_role(actor=None, user=analyst, role="investigator")
    agency_tracing_centre_set(actor=coordinator_mx, agency=centre, tracing_centre=False)

    assert not Agency.objects.get(pk=centre.pk).tracing_centre
    assert AuditEvent.objects.filter(action="agency.centre_withdraw", actor=coordinator_mx).count() == 1


@pytest.mark.django_db
def test_the_refusal_reads_in_spanish_for_a_spanish_speaking_coordinator(coordinator_mx, centre, analyst):
    User.objects.filter(pk=coordinator_mx.pk).update(language="es")
    coordinator_mx.refresh_from_db()

    with translation.override("en"):  # the page switches to Spanish for the rest of the thread: switch back after
        html = page(coordinator_mx).post(centre_url(centre), follow=True).content.decode()

    assert "MXCNR0000 todavía tiene 1 analista" in html


@pytest.mark.django_db
def test_the_operator_designates_from_the_console(agency_c, capsys):
    call_command("agency", "tracing-centre", "mxsin0000")
    assert Agency.objects.get(pk=agency_c.pk).tracing_centre
    call_command("agency", "tracing-centre", "MXSIN0000", "--withdraw")

    assert not Agency.objects.get(pk=agency_c.pk).tracing_centre
    assert "MXSIN0000 is no longer a tracing centre." in capsys.readouterr().out
    assert list(AuditEvent.objects.filter(actor=None).values_list("action", flat=True).order_by("seq")) == [
        "agency.centre_designate",
        "agency.centre_withdraw",
    ]


@pytest.mark.django_db
def test_the_console_refuses_to_withdraw_from_under_analysts(centre, analyst):
    with pytest.raises(CommandError, match="still has 1 analyst"):
        call_command("agency", "tracing-centre", "MXCNR0000", "--withdraw")


@pytest.mark.django_db
def test_an_analyst_account_is_opened_only_at_a_tracing_centre(agency_a, centre):
    with pytest.raises(ValidationError) as refused:
        user_create(username="Análisis.Culiacán", role="analyst", agency_code="mxsin0060")

    assert refused.value.message_dict["role"] == [
        "Only people of a tracing centre may be analysts, and MXSIN0060 is not one: its country's coordinator "
        "designates tracing centres."
    ]
    assert not User.objects.filter(username__iexact="Análisis.Culiacán").exists()
    assert user_create(username="analista.cnr", role="analyst", agency_code="mxcnr0000").agency == centre


@pytest.mark.django_db
def test_the_user_command_refuses_an_analyst_outside_a_tracing_centre(agency_a):
    with pytest.raises(CommandError, match="Only people of a tracing centre may be analysts"):
        call_command("user", "create", "--username", "ana.lista", "--agency", "MXSIN0060", "--role", "analyst")
    with pytest.raises(CommandError, match="Only people of a tracing centre may be analysts"):
        call_command("user", "invite", "--username", "ana.lista", "--agency", "MXSIN0060", "--role", "analyst")
    assert not User.objects.filter(username="ana.lista").exists()


@pytest.mark.django_db
def test_nobody_is_made_an_analyst_outside_a_tracing_centre(sysadmin, officer_a, centre):
    with pytest.raises(ValidationError, match="tracing centre"):
        user_change_role(actor=sysadmin, user=officer_a, role="analyst")
    with pytest.raises(ValidationError, match="tracing centre"):
        user_invite(actor=sysadmin, agency=officer_a.agency, username="otro.analista", role="analyst")

    officer_a.refresh_from_db()
    assert officer_a.role == "officer"
    colleague = persona("oficial.cnr", centre, "officer")
    assert user_change_role(actor=sysadmin, user=colleague, role="analyst").role == "analyst"
