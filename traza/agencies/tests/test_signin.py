"""Signing in: password, lock-out after repeated failures, a one-time code for the roles that see
personal data or grant access, sessions that end when idle or old. All of it in the audit log."""

import re
import time

import pytest
from django.test import Client, override_settings

from traza.agencies import totp
from traza.agencies.models import TwoFactorDevice
from traza.agencies.services.accounts import user_change_role, user_create
from traza.agencies.services.two_factor import two_factor_begin, two_factor_confirm
from traza.agencies.sessions import SEEN, STARTED
from traza.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


@pytest.fixture
def officer(agency_a):
    return user_create(username="mlopez", role="officer", agency_code=agency_a.code, password=PASSWORD)


@pytest.fixture
def investigator(agency_a):
    return user_create(username="rgaxiola", role="investigator", agency_code=agency_a.code, password=PASSWORD)


def browser(ip: str = "10.0.0.1") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=ip)


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def code_now(user) -> str:
    device = TwoFactorDevice.objects.get(user=user)
    return totp.code_at(device.secret, totp.current_step())


@pytest.mark.django_db
def test_an_officer_signs_in_with_a_password_and_it_is_audited_with_the_address(officer):
    client = browser()

    response = sign_in(client, "mlopez")

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor, event.ip, event.agency) == (officer, "10.0.0.1", officer.agency)


@pytest.mark.django_db
def test_a_failed_sign_in_keeps_the_typed_name_never_the_password(officer):
    sign_in(browser(), "mlopez", "wrong password 123")

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.actor, event.actor_name, event.ip) == (None, "mlopez", "10.0.0.1")
    for row in AuditEvent.objects.values():
        assert "wrong password 123" not in str(row)


@pytest.mark.django_db
@override_settings(TRAZA_LOCKOUT_FAILURES=3)
def test_repeated_failures_lock_the_name_out_from_that_address(officer):
    for _attempt in range(3):
        assert sign_in(browser(), "mlopez", "wrong").status_code == 200

    locked = sign_in(browser(), "mlopez")

    assert locked.status_code == 200
    assert "Too many failed sign-ins" in locked.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_name="mlopez").count() == 1
    assert sign_in(browser("10.0.0.2"), "mlopez").status_code == 302  # another address is not locked


@pytest.mark.django_db
@override_settings(TRAZA_LOCKOUT_FAILURES=3, TRAZA_LOCKOUT_ACCOUNT_FAILURES=4)
def test_failures_spread_over_many_addresses_lock_the_name_out_everywhere(officer):
    for address in ("10.0.1.1", "10.0.1.2", "10.0.1.3"):
        sign_in(browser(address), "mlopez", "wrong")
    assert sign_in(browser("10.0.1.4"), "mlopez").status_code == 302  # three failures: not yet
    for address in ("10.0.2.1", "10.0.2.2", "10.0.2.3", "10.0.2.4"):
        sign_in(browser(address), "mlopez", "wrong")

    locked = sign_in(browser("10.0.3.1"), "mlopez")

    assert locked.status_code == 200 and "Too many failed sign-ins" in locked.content.decode()


@pytest.mark.django_db
@override_settings(TRAZA_LOCKOUT_FAILURES=3)
def test_a_success_clears_the_count(officer):
    sign_in(browser(), "mlopez", "wrong")
    sign_in(browser(), "mlopez", "wrong")
    assert sign_in(browser(), "mlopez").status_code == 302
    sign_in(browser(), "mlopez", "wrong")
    sign_in(browser(), "mlopez", "wrong")

    assert sign_in(browser(), "mlopez").status_code == 302


@pytest.mark.django_db
def test_an_investigator_sets_up_an_authenticator_before_the_first_sign_in(investigator):
    client = browser()

    response = sign_in(client, "rgaxiola")
    assert response["Location"] == "/accounts/two-factor/"
    assert client.get("/").status_code == 302  # not signed in yet
    page = client.get("/accounts/two-factor/").content.decode()
    assert "otpauth://totp/Traza:rgaxiola?secret=" in page
    uri = totp.provisioning_uri(TwoFactorDevice.objects.get(user=investigator).secret, account="rgaxiola")
    qr = totp.provisioning_qr(uri)[0].replace("&", "&amp;")
    assert f'<img class="qr" src="{qr}"' in page
    assert 'alt="Código QR de su clave para la aplicación de autenticación"' in page  # es: the user's language
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    done = client.post("/accounts/two-factor/", {"code": code_now(investigator)})

    assert wrong.status_code == 200
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>[A-Z2-9]{5}-[A-Z2-9]{5}</code></li>", done.content.decode())) == 10
    assert '<a class="button" href="/">' in done.content.decode()
    assert client.get("/").status_code == 200
    assert TwoFactorDevice.objects.get(user=investigator).confirmed_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.code_failed", "auth.two_factor_enabled", "auth.login"} <= actions


@pytest.mark.django_db
def test_later_sign_ins_ask_for_a_code_and_a_code_works_once(investigator):
    device = TwoFactorDevice.objects.create(user=investigator, secret=totp.new_secret())
    TwoFactorDevice.objects.filter(pk=device.pk).update(confirmed_at="2026-01-01T00:00:00Z")
    first, second = browser(), browser()

    assert sign_in(first, "rgaxiola")["Location"] == "/accounts/login/code/"
    code = code_now(investigator)
    assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
    sign_in(second, "rgaxiola")
    replayed = second.post("/accounts/login/code/", {"code": code})

    assert first.get("/").status_code == 200
    assert "verificación en dos pasos está configurada" in first.get("/accounts/two-factor/").content.decode()  # es: MX
    assert replayed.status_code == 200 and second.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.code_failed").count() == 1


@pytest.mark.django_db
def test_the_code_steps_speak_the_users_language_whatever_the_browser_asks(investigator):
    client = browser()  # asks for English
    sign_in(client, "rgaxiola")

    page = client.get("/accounts/two-factor/").content.decode()

    assert "<h1>Configurar la verificación en dos pasos</h1>" in page


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once_without_the_phone_and_is_audited(investigator):
    two_factor_begin(user=investigator)
    codes = two_factor_confirm(user=investigator, code=code_now(investigator))
    first, second = browser(), browser()

    sign_in(first, "rgaxiola")
    used = first.post("/accounts/login/code/", {"code": codes[3].lower().replace("-", " ")}, follow=True)
    sign_in(second, "rgaxiola")
    replayed = second.post("/accounts/login/code/", {"code": codes[3]})

    assert used.redirect_chain == [("/", 302)]
    assert "código de recuperación: quedan 9." in used.content.decode()  # es: a Mexican agency
    assert replayed.status_code == 200 and second.get("/").status_code == 302
    event = AuditEvent.objects.get(action="auth.recovery_code_used")
    assert (event.object_id, event.details) == (str(investigator.pk), {"left": 9})
    assert codes[3] not in str(TwoFactorDevice.objects.get(user=investigator).recovery_codes)


@pytest.mark.django_db
def test_an_officer_made_investigator_signs_in_again_with_a_code(officer, supervisor_a):
    client = browser()
    sign_in(client, "mlopez")

    user_change_role(actor=supervisor_a, user=officer, role="investigator")

    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_an_idle_session_ends_and_so_does_an_old_one(officer):
    idle, old = browser(), browser()
    sign_in(idle, "mlopez")
    sign_in(old, "mlopez")

    for client, key, minutes in ((idle, SEEN, 31), (old, STARTED, 13 * 60)):
        session = client.session
        session[key] = int(time.time()) - minutes * 60
        session.save()
        assert client.get("/").status_code == 302

    assert AuditEvent.objects.filter(action="auth.session_expired").count() == 2


@pytest.mark.django_db
def test_there_is_no_admin_site_to_sign_in_through(sysadmin):
    assert browser().get("/admin/login/").status_code == 404
    signed_in = browser()
    signed_in.force_login(sysadmin)
    assert signed_in.get("/admin/").status_code == 404
