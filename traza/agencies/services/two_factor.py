"""Writes on two-factor authentication: setting up an authenticator app, checking its codes, resetting it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies import totp
from traza.agencies.models import TwoFactorDevice, User
from traza.agencies.selectors.accounts import user_manageable_by
from traza.audit.services import audit_record


@transaction.atomic
def two_factor_begin(*, user: User) -> TwoFactorDevice:
    """The secret `user` is to add to their authenticator app: the one waiting for confirmation, or a new one.

    A confirmed secret is not replaced here: an administrator resets it (`two_factor_reset`).
    """
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise ValidationError(_("Two-factor authentication is already set up for this account."))
    return device or TwoFactorDevice.objects.create(user=user, secret=totp.new_secret())


def two_factor_confirm(*, user: User, code: str) -> list[str]:
    """Confirm the set-up with a first code from the app; from then on every sign-in asks for a code.

    Returns the recovery codes, to show the user this once: each signs in once without the phone.
    """
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
        step = totp.matching_step(device.secret, code) if device is not None else None
        if device is not None and step is not None:
            codes = totp.new_recovery_codes()
            device.confirmed_at, device.last_step = timezone.now(), step
            device.recovery_codes = [totp.recovery_hash(totp.recovery_key(c)) for c in codes]
            device.save(update_fields=["confirmed_at", "last_step", "recovery_codes"])
            audit_record(actor=user, action="auth.two_factor_enabled", target=user)
            return codes
    audit_record(actor=user, action="auth.code_failed", target=user, details={"stage": "set-up"})
    raise ValidationError({"code": [_("This code does not match. Check the app's clock and try the next one.")]})


def two_factor_check(*, user: User, code: str) -> bool:
    """Whether `code` is `user`'s current code, or one of their recovery codes (each code works once). A wrong
    code is audited, and counts towards the sign-in lock-out; a recovery code used is audited too.
    """
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
        step = totp.matching_step(device.secret, code, after=device.last_step) if device is not None else None
        if device is not None and step is not None:
            device.last_step = step
            device.save(update_fields=["last_step"])
            return True
        key = totp.recovery_key(code)
        recovery = totp.recovery_hash(key) if key else ""
        if device is not None and recovery in device.recovery_codes:
            device.recovery_codes = [kept for kept in device.recovery_codes if kept != recovery]
            device.save(update_fields=["recovery_codes"])
            left = len(device.recovery_codes)
            audit_record(actor=user, action="auth.recovery_code_used", target=user, details={"left": left})
            return True
    audit_record(actor=user, action="auth.code_failed", target=user, details={"stage": "sign-in"})
    return False


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User) -> None:
    """Forget `user`'s authenticator (a lost phone): they set up a new one at their next sign-in.

    `actor` None is an operator at the console.
    """
    if actor is not None and not user_manageable_by(actor, user):
        raise PermissionDenied(_("You may not manage this account."))
    deleted, _rows = TwoFactorDevice.objects.filter(user=user).delete()
    if deleted:
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)  # whoever holds the phone
        audit_record(actor=actor, action="auth.two_factor_reset", target=user)
