"""One-time codes of authenticator apps (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) and recovery codes.

The codes themselves are django-otp's (`django_otp.oath`, the RFC 4226/6238 arithmetic, the drift window and
the "only a later step" rule that stops a code from being used twice); nothing here computes an HMAC.

What stays written here, because no library does it the way Traza needs:
- the secret is kept in base32, as the authenticator app is given it, beside our own device row
  (`TwoFactorDevice`: one per user, confirmed once, with its recovery codes), rather than in django-otp's
  `TOTPDevice`, whose per-device throttling would count failures a second time beside our sign-in lock-out
  (per account and per address, from the audit log), and which would split one authenticator over two tables;
- recovery codes are stored as keyed hashes: django-otp's static tokens (`otp_static`) keep them in clear,
  so a copy of the database would be enough to sign in;
- the otpauth:// address and its QR code (segno), a few lines of formatting.
"""

import base64
import secrets
import time
from typing import cast
from urllib.parse import quote, urlencode

import segno
from django.utils.crypto import salted_hmac
from django_otp.oath import TOTP, hotp

STEP_SECONDS = 30
DIGITS = 6
QR_SCALE = 4
RECOVERY_CODES = 10
RECOVERY_LENGTH = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread
DRIFT_STEPS = 1  # accept the code of the step before and after, for clocks a little off


def new_secret() -> str:
    """A random 160-bit secret in base32, as authenticator apps take it."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))


def code_at(secret: str, step: int) -> str:
    """The code for one 30-second step, as the app shows it (leading zeros kept)."""
    return str(hotp(_key(secret), step, digits=DIGITS)).zfill(DIGITS)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, *, after: int = 0, now: float | None = None) -> int | None:
    """The step whose code is `code`, within the allowed drift and later than `after`; None if none is."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    generator = TOTP(_key(secret), step=STEP_SECONDS, digits=DIGITS)
    generator.time = time.time() if now is None else now
    if not generator.verify(int(code), tolerance=DRIFT_STEPS, min_t=after + 1):
        return None
    return generator.t()


def provisioning_uri(secret: str, *, account: str, issuer: str = "Traza") -> str:
    """The otpauth:// address an authenticator app reads (typed in, or from a QR code)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


def provisioning_qr(uri: str) -> tuple[str, int]:
    """The otpauth:// address as a QR code for the phone's camera: (an SVG data: URI, its width in pixels)."""
    code = segno.make(uri, error="m")
    return code.svg_data_uri(scale=QR_SCALE, border=2), cast(int, code.symbol_size(scale=QR_SCALE, border=2)[0])


def new_recovery_codes() -> list[str]:
    """Codes that each sign in once without the phone: RECOVERY_CODES of them, like `7KQ2M-WX4PA` (50 random bits)."""
    codes = []
    for _index in range(RECOVERY_CODES):
        text = "".join(secrets.choice(RECOVERY_ALPHABET) for _position in range(RECOVERY_LENGTH))
        codes.append(f"{text[:5]}-{text[5:]}")
    return codes


def recovery_key(code: str) -> str:
    """A recovery code as typed (any case, dashes, spaces) in the form it is hashed in, or "" if it cannot be one."""
    key = "".join(code.split()).replace("-", "").upper()
    return key if len(key) == RECOVERY_LENGTH and all(c in RECOVERY_ALPHABET for c in key) else ""


def recovery_hash(key: str) -> str:
    """A keyed hash of a recovery code: a copy of the database alone does not give the codes back."""
    return salted_hmac("traza.totp.recovery-code", key, algorithm="sha256").hexdigest()
