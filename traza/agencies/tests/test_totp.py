"""TOTP codes (django-otp's) match RFC 6238's test vectors (SHA-1), a little clock drift is allowed, a code works
once, and an authenticator set up before the codes came from django-otp keeps working."""

import base64

import pytest
from django.utils import timezone

from traza.agencies import totp
from traza.agencies.models import TwoFactorDevice
from traza.agencies.services.two_factor import two_factor_check
from traza.audit.models import AuditEvent

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("moment", "code"),
    [(59, "287082"), (1111111109, "081804"), (1111111111, "050471"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_codes_are_those_of_rfc_6238(moment, code):
    assert totp.code_at(RFC_SECRET, totp.current_step(moment)) == code


def test_the_previous_and_next_step_are_accepted_but_not_further():
    now = 1234567890.0
    step = totp.current_step(now)
    for drift, accepted in ((-2, False), (-1, True), (0, True), (1, True), (2, False)):
        code = totp.code_at(RFC_SECRET, step + drift)
        assert (totp.matching_step(RFC_SECRET, code, now=now) == step + drift) is accepted


def test_a_step_already_used_is_refused():
    now = 1234567890.0
    code = totp.code_at(RFC_SECRET, totp.current_step(now))
    assert totp.matching_step(RFC_SECRET, code, after=totp.current_step(now), now=now) is None


def test_codes_are_read_with_spaces_and_refused_when_not_six_digits():
    now = 1234567890.0
    assert totp.matching_step(RFC_SECRET, "005 924", now=now) is not None
    assert totp.matching_step(RFC_SECRET, "05924", now=now) is None
    assert totp.matching_step(RFC_SECRET, "abcdef", now=now) is None


def test_a_new_secret_is_160_bits_of_base32():
    assert len(base64.b32decode(totp.new_secret())) == 20


def test_a_code_older_than_the_last_one_accepted_is_refused_too():
    now = 1234567890.0
    step = totp.current_step(now)
    earlier = totp.code_at(RFC_SECRET, step - 1)
    assert totp.matching_step(RFC_SECRET, earlier, after=step, now=now) is None
    assert totp.matching_step(RFC_SECRET, earlier, after=step - 2, now=now) == step - 1


@pytest.mark.django_db
def test_a_code_signs_in_once_and_its_replay_is_refused_and_audited(officer_a):
    """Replay protection where it matters: the service that checks sign-in codes, with the device in the database."""
    device = TwoFactorDevice.objects.create(user=officer_a, secret=RFC_SECRET, confirmed_at=timezone.now())
    code = totp.code_at(RFC_SECRET, totp.current_step())

    first = two_factor_check(user=officer_a, code=code)
    replayed = two_factor_check(user=officer_a, code=code)

    assert (first, replayed) == (True, False)
    device.refresh_from_db()
    assert totp.code_at(RFC_SECRET, device.last_step) == code
    assert AuditEvent.objects.filter(action="auth.code_failed", object_id=str(officer_a.pk)).count() == 1


@pytest.mark.django_db
def test_an_authenticator_set_up_before_keeps_its_secret_and_signs_in(officer_a):
    """Secrets are stored as they always were (base32, as the app was given them): no migration, no new set-up."""
    secret = "gezdgnbvgy3tqojqgezdgnbvgy3tqojq"  # RFC 6238's key, in base32 and lower case as some apps show it
    TwoFactorDevice.objects.create(user=officer_a, secret=secret.upper(), confirmed_at=timezone.now())
    code = totp.code_at(secret, totp.current_step())

    assert two_factor_check(user=officer_a, code=f"{code[:3]} {code[3:]}")
