"""Accounts: invitations with a one-time set-password link, suspension, removal, roles (never one's own),
API tokens tied to the role and agency they were issued for. Every change is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from traza.agencies.models import ApiToken, User
from traza.agencies.services.accounts import (
    user_change_role,
    user_create,
    user_invite,
    user_reactivate,
    user_remove,
    user_suspend,
)
from traza.agencies.services.tokens import token_create
from traza.agencies.tests.factories import api_client
from traza.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


@pytest.mark.django_db
def test_an_invited_person_sets_a_password_once_then_signs_in(supervisor_a):
    user, path = user_invite(actor=supervisor_a, agency=supervisor_a.agency, username="mlopez", role="officer")
    assert not user.has_usable_password()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    form_page = client.get(path, follow=True)
    assert path not in form_page.redirect_chain[-1][0]  # the token leaves the address bar
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    assert Client().get(path, follow=True).context["validlink"] is False  # once only
    signed_in = Client().post("/accounts/login/", {"username": "mlopez", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert ["user.invite", "auth.password_set", "auth.login"] == [
        a for a in actions() if a in {"user.invite", "auth.password_set", "auth.login"}
    ]


@pytest.mark.django_db
def test_an_agency_admin_invites_only_into_their_agency_and_only_some_roles(supervisor_a, agency_b):
    with pytest.raises(PermissionDenied):
        user_invite(actor=supervisor_a, agency=agency_b, username="x", role="officer")
    with pytest.raises(PermissionDenied):
        user_invite(actor=supervisor_a, agency=supervisor_a.agency, username="y", role="analyst")
    assert not User.objects.filter(username__in=["x", "y"]).exists()


@pytest.mark.django_db
def test_a_coordinator_invites_the_administrator_of_an_agency_of_their_country(coordinator_mx, agency_a, agency_b):
    user, _path = user_invite(actor=coordinator_mx, agency=agency_a, username="admin.culiacan", role="agency_admin")

    assert user.agency == agency_a
    with pytest.raises(PermissionDenied):
        user_invite(actor=coordinator_mx, agency=agency_b, username="admin.elpaso", role="agency_admin")


@pytest.mark.django_db
def test_nobody_changes_their_own_role_or_status(supervisor_a):
    for change in (
        lambda: user_change_role(actor=supervisor_a, user=supervisor_a, role="officer"),
        lambda: user_suspend(actor=supervisor_a, user=supervisor_a),
        lambda: user_remove(actor=supervisor_a, user=supervisor_a),
    ):
        with pytest.raises(PermissionDenied):
            change()


@pytest.mark.django_db
def test_an_admin_cannot_touch_another_agencys_people(supervisor_a, officer_b):
    with pytest.raises(PermissionDenied):
        user_suspend(actor=supervisor_a, user=officer_b)
    client = Client()
    client.force_login(supervisor_a)
    assert client.post(f"/agency/users/{officer_b.pk}/suspend/").status_code == 404
    officer_b.refresh_from_db()
    assert officer_b.is_active


@pytest.mark.django_db
def test_a_suspended_user_is_signed_out_and_their_tokens_die(supervisor_a, officer_a):
    client, api = Client(), api_client(officer_a)
    client.force_login(officer_a)
    assert client.get("/").status_code == 200

    user_suspend(actor=supervisor_a, user=officer_a)

    assert client.get("/").status_code == 302
    assert api.get("/api/v1/traces/").status_code == 401
    user_reactivate(actor=supervisor_a, user=officer_a)
    assert client.get("/").status_code == 302  # the old session stays ended
    assert [a for a in actions() if a.startswith("user.")] == ["user.suspend", "user.reactivate"]


@pytest.mark.django_db
def test_a_removed_account_stays_removed(supervisor_a, officer_a):
    user_remove(actor=supervisor_a, user=officer_a)

    officer_a.refresh_from_db()
    assert (officer_a.status, officer_a.is_active, officer_a.has_usable_password()) == ("removed", False, False)
    with pytest.raises(ValidationError):
        user_reactivate(actor=supervisor_a, user=officer_a)


@pytest.mark.django_db
def test_a_role_change_is_audited_and_ends_the_tokens_of_the_old_role(supervisor_a, officer_a):
    token, _raw = token_create(user=officer_a)

    user_change_role(actor=supervisor_a, user=officer_a, role="investigator")

    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="user.role_change")
    assert (event.actor, event.details) == (supervisor_a, {"from": "officer", "to": "investigator"})


@pytest.mark.django_db
def test_a_token_works_only_for_the_role_and_agency_it_was_issued_for(officer_a, agency_c):
    token, raw = token_create(user=officer_a)
    assert (token.role, token.agency) == ("officer", officer_a.agency)
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/traces/").status_code == 200

    User.objects.filter(pk=officer_a.pk).update(agency=agency_c)
    assert client.get("/api/v1/traces/").status_code == 401
    User.objects.filter(pk=officer_a.pk).update(agency=token.agency, role="investigator")
    assert client.get("/api/v1/traces/").status_code == 401
    assert ApiToken.objects.get().key_hash != raw


@pytest.mark.django_db
def test_an_industry_responder_belongs_to_a_licence_not_an_agency(licensee):
    user = user_create(username="responder", role="industry", licensee_rds=licensee.rds_key.lower())

    assert (user.agency, user.licensee_rds) == (None, licensee.rds_key)
    with pytest.raises(ValidationError) as error:
        user_create(username="nobody", role="industry", licensee_rds="99999999")
    assert "licensee" in error.value.message_dict


@pytest.mark.django_db
def test_the_agency_page_lists_manageable_accounts_and_acts_on_them(supervisor_a, officer_a, investigator_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(supervisor_a)

    page = client.get("/agency/").content.decode()
    invited = client.post("/agency/invite/", {"username": "nuevo", "role": "investigator"})
    client.post(f"/agency/users/{officer_a.pk}/role/", {"role": "investigator"})
    client.post(f"/agency/users/{investigator_a.pk}/suspend/", {"confirmed": "yes"})

    assert "officer_a" in page and "investigator_a" in page
    assert invited.status_code == 200 and "/accounts/set-password/" in invited.content.decode()
    assert User.objects.get(username="nuevo").role == "investigator"
    assert User.objects.get(pk=officer_a.pk).role == "investigator"
    assert not User.objects.get(pk=investigator_a.pk).is_active


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["suspend", "remove", "two-factor-reset"])
def test_suspending_removing_and_resetting_ask_first(supervisor_a, investigator_a, action):
    supervisor_a.language = "es"
    supervisor_a.save(update_fields=["language"])
    client = Client()
    client.force_login(supervisor_a)
    url = f"/agency/users/{investigator_a.pk}/{action}/"

    with translation.override("es"):  # the requests activate the reader's language: leave none behind
        asked = client.get(url)
        unconfirmed = client.post(url)
        confirmed = client.post(url, {"confirmed": "yes"})

    for response in (asked, unconfirmed):
        assert response.status_code == 200
        assert 'name="confirmed" value="yes"' in response.content.decode()
        assert "¿" in response.content.decode()
    assert confirmed.status_code == 302
