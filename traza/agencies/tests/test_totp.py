"""TOTP codes match RFC 6238's test vectors (SHA-1), a little clock drift is allowed, a code works once."""

import base64

import pytest

from traza.agencies import totp

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
