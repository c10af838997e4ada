"""A session cookie planted in a browser before sign-in is worth nothing after it (session fixation), and a
sign-in does not give back the lock-out budget of addresses other than its own."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, override_settings

from traza.agencies import totp
from traza.agencies.models import TwoFactorDevice
from traza.agencies.services.accounts import user_create

PASSWORD = "Contraseña de prueba 2026"


@pytest.fixture
def investigator(agency_a):
    """Rosa Gaxiola, investigator at Culiacán: her role needs a one-time code, and she has none set up yet."""
    return user_create(username="rgaxiola", role="investigator", agency_code=agency_a.code, password=PASSWORD)


@pytest.fixture
def officer(agency_a):
    return user_create(username="mlopez", role="officer", agency_code=agency_a.code, password=PASSWORD)


def planted_pair() -> tuple[Client, Client]:
    """The victim's browser, carrying a session cookie the attacker made and keeps a copy of."""
    session = SessionStore()
    session["planted"] = True
    session.save()
    victim, attacker = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="en")
    for client in (victim, attacker):
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return victim, attacker


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def code_now(user) -> str:
    return totp.code_at(TwoFactorDevice.objects.get(user=user).secret, totp.current_step())


@pytest.mark.django_db
def test_a_planted_cookie_cannot_set_up_an_authenticator_after_the_password_step(investigator):
    victim, attacker = planted_pair()
    planted = session_key(victim)

    response = victim.post("/accounts/login/", {"username": "rgaxiola", "password": PASSWORD})

    assert response["Location"] == "/accounts/two-factor/"
    assert session_key(victim) != planted
    assert attacker.get("/accounts/two-factor/")["Location"] == "/accounts/login/"
    assert attacker.post("/accounts/two-factor/", {"code": "123456"})["Location"] == "/accounts/login/"
    assert not TwoFactorDevice.objects.filter(user=investigator).exists()
    assert victim.get("/accounts/two-factor/").status_code == 200  # the victim carries on


@pytest.mark.django_db
def test_the_session_key_changes_again_when_the_code_is_accepted(investigator):
    victim = Client(HTTP_ACCEPT_LANGUAGE="en")
    victim.post("/accounts/login/", {"username": "rgaxiola", "password": PASSWORD})
    victim.get("/accounts/two-factor/")
    between = session_key(victim)
    stolen = Client(HTTP_ACCEPT_LANGUAGE="en")
    stolen.cookies[settings.SESSION_COOKIE_NAME] = between

    victim.post("/accounts/two-factor/", {"code": code_now(investigator)})

    assert session_key(victim) != between
    assert victim.get("/").status_code == 200
    assert stolen.get("/").status_code == 302


@pytest.mark.django_db
def test_a_planted_cookie_is_not_signed_in_with_the_officer(officer):
    victim, attacker = planted_pair()

    assert victim.post("/accounts/login/", {"username": "mlopez", "password": PASSWORD}).status_code == 302

    assert victim.get("/").status_code == 200
    assert attacker.get("/").status_code == 302


@pytest.mark.django_db
def test_setting_up_an_authenticator_from_ones_account_changes_the_session_key(officer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/accounts/login/", {"username": "mlopez", "password": PASSWORD})
    client.get("/accounts/two-factor/")
    before = session_key(client)

    done = client.post("/accounts/two-factor/", {"code": code_now(officer)})

    assert done.status_code == 200
    assert session_key(client) != before
    assert client.get("/").status_code == 200


def sign_in(ip: str, password: str = PASSWORD) -> int:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=ip)
    return client.post("/accounts/login/", {"username": "mlopez", "password": password}).status_code


@pytest.mark.django_db
@override_settings(TRAZA_LOCKOUT_FAILURES=3, TRAZA_LOCKOUT_ACCOUNT_FAILURES=5)
def test_the_owner_signing_in_does_not_refill_a_guessers_budget(officer):
    for _guess in range(2):
        sign_in("203.0.113.7", "password1")
    assert sign_in("10.0.0.1") == 302  # the owner, from the office
    sign_in("203.0.113.7", "Password1!")

    assert sign_in("203.0.113.7") == 200  # three from the guesser's address: locked there
    assert sign_in("10.0.0.1") == 302  # the owner's address is not
    sign_in("198.51.100.4", "contraseña")
    sign_in("198.51.100.5", "contrasena")

    assert sign_in("10.0.0.1") == 200  # five across the account, the owner's sign-ins between them: locked


@pytest.mark.django_db
@override_settings(TRAZA_LOCKOUT_FAILURES=3)
def test_a_success_forgives_the_earlier_failures_of_its_own_address(officer):
    sign_in("10.0.0.1", "corect horse")
    sign_in("10.0.0.1", "correct hores")
    assert sign_in("10.0.0.1") == 302
    sign_in("10.0.0.1", "wrong")
    sign_in("10.0.0.1", "wrong")

    assert sign_in("10.0.0.1") == 302
