"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps), as authenticator apps make them."""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

import segno
from django.utils.crypto import salted_hmac

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


def code_at(secret: str, step: int) -> str:
    """The code for one 30-second step (RFC 4226 HOTP over the step counter)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, *, after: int = 0, now: float | None = None) -> int | None:
    """The step whose code is `code`, within the allowed drift and later than `after`; None if none is."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    step = current_step(now)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if candidate > after and hmac.compare_digest(code_at(secret, candidate), code):
            return candidate
    return None


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
    return code.svg_data_uri(scale=QR_SCALE, border=2), code.symbol_size(scale=QR_SCALE, border=2)[0]


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
