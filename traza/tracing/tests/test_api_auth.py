"""Who gets into the traces API: bearer tokens for machines, the session for the browser, nobody else."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from traza.agencies.models import ApiToken
from traza.agencies.services import token_create, token_revoke
from traza.core.auth import LAST_USED_STEP
from traza.tracing.tests.api_support import submit

URL = "/api/v1/traces/"


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def theirs(agency_b):
    """A trace of agency B, which agency A's token must not reach."""
    return submit(agency_b, recovery_country="US", recovery_state="TX", recovery_municipality="")


@pytest.mark.django_db
def test_a_live_token_signs_in_and_is_marked_used(officer_a, theirs):
    token, raw = token_create(user=officer_a)

    response = bearer(raw).get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert bearer(raw).get(f"{URL}{theirs.number}/").status_code == 404
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_a_token_in_steady_use_is_marked_used_once_a_minute(officer_a):
    token, raw = token_create(user=officer_a)
    bearer(raw).get(URL)
    token.refresh_from_db()
    first = token.last_used_at

    bearer(raw).get(URL)
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - LAST_USED_STEP)
    bearer(raw).get(URL)
    token.refresh_from_db()
    assert token.last_used_at > first


@pytest.mark.django_db
def test_only_the_hash_of_a_token_is_stored(officer_a):
    token, raw = token_create(user=officer_a)

    assert raw not in {token.key_hash, token.prefix}
    assert raw.startswith(token.prefix)
    assert len(token.key_hash) == 64


@pytest.mark.django_db
def test_an_expired_token_is_401(officer_a):
    token, raw = token_create(user=officer_a, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = bearer(raw).get(URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.mark.django_db
def test_a_revoked_token_is_401(officer_a):
    _token, raw = token_create(user=officer_a)
    token_revoke(user=officer_a)

    assert bearer(raw).get(URL).status_code == 401


@pytest.mark.django_db
def test_the_token_of_a_deactivated_user_is_401(officer_a):
    _token, raw = token_create(user=officer_a)
    officer_a.is_active = False
    officer_a.save()

    assert bearer(raw).get(URL).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer", "Bearer not-a-token", "Bearer two parts", "Token abc"])
def test_a_wrong_authorization_header_is_refused(officer_a, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    assert client.get(URL).status_code == 401


@pytest.mark.django_db
def test_no_credentials_is_401_with_the_scheme_to_use():
    response = APIClient().get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_a_signed_in_browser_reads_the_api_and_must_send_the_csrf_token_to_write(officer_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(officer_a)

    assert client.get(URL).status_code == 200
    assert client.post(URL, {}, format="json").status_code == 403
