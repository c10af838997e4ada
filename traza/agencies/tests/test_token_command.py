"""`traza token create|revoke`: the raw token on the last line, once; revoking shuts the door."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from traza.agencies.models import ApiToken
from traza.core.auth import hash_token

URL = "/api/v1/traces/"


def token(*arguments: str) -> str:
    out = io.StringIO()
    call_command("token", *arguments, stdout=out)
    return out.getvalue()


def get(raw: str, path: str = URL):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client.get(path)


@pytest.mark.django_db
def test_the_token_is_printed_on_the_last_line_and_signs_in(officer_a):
    output = token("create", "--username", "officer_a", "--name", "records system")

    raw = output.splitlines()[-1]
    stored = ApiToken.objects.get()
    assert stored.key_hash == hash_token(raw)
    assert (stored.name, stored.prefix) == ("records system", raw[:8])
    assert 89 <= (stored.expires_at - stored.created_at).days <= 90
    assert raw not in "\n".join(output.splitlines()[:-1])
    assert get(raw).status_code == 200


@pytest.mark.django_db
def test_the_lifetime_may_be_set_within_bounds(officer_a):
    token("create", "--username", "officer_a", "--days", "7")

    assert (ApiToken.objects.get().expires_at - ApiToken.objects.get().created_at).days in (6, 7)
    with pytest.raises(CommandError, match="days"):
        token("create", "--username", "officer_a", "--days", "0")


@pytest.mark.django_db
def test_revoke_with_a_prefix_revokes_that_token_only(officer_a):
    first = token("create", "--username", "officer_a").splitlines()[-1]
    second = token("create", "--username", "officer_a").splitlines()[-1]

    token("revoke", "--username", "officer_a", "--prefix", first[:8])

    assert get(first).status_code == 401
    assert get(second).status_code == 200


@pytest.mark.django_db
def test_revoke_without_a_prefix_revokes_every_token_of_the_user(officer_a, officer_b):
    mine = [token("create", "--username", "officer_a").splitlines()[-1] for _ in range(2)]
    theirs = token("create", "--username", "officer_b").splitlines()[-1]

    output = token("revoke", "--username", "officer_a")

    assert "2" in output
    assert [get(raw).status_code for raw in mine] == [401, 401]
    assert get(theirs).status_code == 200


@pytest.mark.django_db
def test_mistakes_are_named(officer_a):
    with pytest.raises(CommandError, match="nobody"):
        token("create", "--username", "nobody")
    with pytest.raises(CommandError, match="zzzz"):
        token("revoke", "--username", "officer_a", "--prefix", "zzzz")


@pytest.mark.django_db
def test_a_deactivated_user_gets_no_token(officer_a):
    officer_a.is_active = False
    officer_a.save()

    with pytest.raises(CommandError, match="username"):
        token("create", "--username", "officer_a")
    assert not ApiToken.objects.exists()
