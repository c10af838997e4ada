"""Writes on accounts: opening, inviting, suspending and removing them, roles, passwords.

Each service checks that its actor may act on that account, and writes its own audit entry.
A service called with no actor is an operator's command (`traza user …`, `traza token …`).
"""

import logging

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, ApiToken, TwoFactorDevice, User
from traza.agencies.roles import ROLES_WITHOUT_AGENCY, assignable_roles
from traza.agencies.selectors.accounts import agency_holds_accounts, signin_locked, user_manageable_by
from traza.audit.context import current_ip
from traza.audit.services import audit_record

logger = logging.getLogger(__name__)


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    agency_code: str = "",
    password: str | None = None,
    language: str = "",
    licensee_rds: str = "",
    actor: User | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    action: str = "user.create",
) -> User:
    """Open an account for a person (or a machine client) of an agency.

    Without a password the account can sign in only through API tokens, or once its owner has
    followed a set-password link. An industry responder belongs to a licence (RDS key), not an
    agency. The agency must hold accounts (approved; designated under a central access policy),
    and an analyst's must be a tracing centre. Raises ValidationError, by field, on any bad value;
    PermissionDenied when `actor` may not give that role at that agency.
    """
    errors: dict[str, list] = {}
    username = username.strip()
    if not username:
        errors["username"] = [_("A username is required.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("A user with this username already exists.")]
    if role not in User.Role.values:
        errors["role"] = [_("Unknown role. Roles: %(roles)s.") % {"roles": ", ".join(User.Role.values)}]
    agency = _agency(agency_code, role, errors)
    licensee_rds = _licensee(licensee_rds, role, errors)
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = [
            _("Unknown language. Languages: %(languages)s.") % {"languages": ", ".join(dict(settings.LANGUAGES))}
        ]
    user = User(
        username=username,
        role=role,
        agency=agency,
        language=language,
        licensee_rds=licensee_rds,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        email=email.strip(),
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    if actor is not None and not user_manageable_by(actor, user):
        raise PermissionDenied(_("You may not open this account."))
    if not role_fits_agency(role, agency):
        raise ValidationError({"role": [analyst_outside_centre_message(agency)]})
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.is_staff = user.is_superuser = role == User.Role.SYSADMIN
    user.save()
    audit_record(actor=actor, action=action, target=user, agency=agency, details=_account_facts(user))
    logger.info("User %s created (role %s, agency %s)", user.pk, role, agency.code if agency else "-")
    return user


def _account_facts(user: User) -> dict:
    return {
        "username": user.username,
        "role": user.role,
        "agency": user.agency.code if user.agency else "",
        "licensee_rds": user.licensee_rds,
    }


def _agency(code: str, role: str, errors: dict) -> Agency | None:
    code = code.strip()
    if not code:
        if role in User.Role.values and role not in ROLES_WITHOUT_AGENCY:
            errors["agency"] = [_("This role needs an agency: give its code.")]
        return None
    agency = Agency.objects.filter(code__iexact=code).first()
    if agency is None:
        errors["agency"] = [_("No agency has this code.")]
    elif role in User.Role.values and not agency_holds_accounts(agency, role=role):
        errors["agency"] = [
            _("This agency holds no accounts: it is not approved, or its country's access policy is central.")
        ]
    return agency


def role_fits_agency(role: str, agency: Agency | None) -> bool:
    """Whether an account of `agency` may hold `role`: analysts belong to tracing centres only."""
    return role != User.Role.ANALYST or (agency is not None and agency.tracing_centre)


def analyst_outside_centre_message(agency: Agency | None) -> str:
    return _(
        "Only people of a tracing centre may be analysts, and %(agency)s is not one: its country's coordinator "
        "designates tracing centres."
    ) % {"agency": agency.code if agency else "-"}


def _licensee(rds: str, role: str, errors: dict) -> str:
    from traza.industry.models import Licensee

    rds = rds.strip().upper()
    if role != User.Role.INDUSTRY:
        if rds:
            errors["licensee"] = [_("Only an industry responder belongs to a licence.")]
        return ""
    if not rds:
        errors["licensee"] = [_("An industry responder needs the RDS key of their licence.")]
    elif not Licensee.objects.filter(rds_key=rds).exists():
        errors["licensee"] = [_("No licensee has this RDS key.")]
    return rds


def user_invite(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> tuple[User, str]:
    """Invite a person to `agency`: an account with no password, and the one-time link to set it.

    Return the user and the link's path; the link works once, until PASSWORD_RESET_TIMEOUT.
    """
    user = user_create(
        actor=actor,
        username=username,
        role=role,
        agency_code=agency.code,
        first_name=first_name,
        last_name=last_name,
        email=email,
        action="user.invite",
    )
    return user, set_password_path(user)


def set_password_path(user: User) -> str:
    """The path of `user`'s one-time set-password page (it stops working once a password is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("set-password", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Give `user` the password they chose (from a set-password link); the link stops working."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="auth.password_set", target=user)
    return user


def _check_manages(actor: User | None, user: User) -> None:
    if actor is None:  # an operator at the console
        return
    if actor.pk == user.pk:
        raise PermissionDenied(_("Nobody changes their own account's role or status."))
    if not user_manageable_by(actor, user):
        raise PermissionDenied(_("You may not manage this account."))


@transaction.atomic
def user_change_role(*, actor: User | None, user: User, role: str) -> User:
    """Give `user` another role among those `actor` may give. Their API tokens end: they were for the old role."""
    _check_manages(actor, user)
    if role not in assignable_roles(actor):
        raise ValidationError({"role": [_("You may not give this role.")]})
    if user.role in ROLES_WITHOUT_AGENCY or role in ROLES_WITHOUT_AGENCY:
        raise ValidationError(
            {"role": [_("This role change needs a new account: one role has an agency, the other not.")]}
        )
    if role == user.role:
        return user
    if not role_fits_agency(role, user.agency):
        raise ValidationError({"role": [analyst_outside_centre_message(user.agency)]})
    before = user.role
    user.role = role
    user.is_staff = user.is_superuser = role == User.Role.SYSADMIN
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    _sign_out_everywhere(user)
    audit_record(actor=actor, action="user.role_change", target=user, details={"from": before, "to": role})
    return user


@transaction.atomic
def user_suspend(*, actor: User | None, user: User) -> User:
    """Stop `user` signing in, for now: sessions end at their next request, API tokens are revoked."""
    _check_manages(actor, user)
    if user.removed_at is not None or not user.is_active:
        return user
    user.is_active, user.suspended_at = False, timezone.now()
    user.save(update_fields=["is_active", "suspended_at"])
    _sign_out_everywhere(user)
    audit_record(actor=actor, action="user.suspend", target=user)
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    """Let a suspended user sign in again (a removed account stays removed)."""
    _check_manages(actor, user)
    if user.removed_at is not None:
        raise ValidationError(_("A removed account cannot come back: invite the person again."))
    if user.is_active:
        return user
    user.is_active, user.suspended_at = True, None
    user.save(update_fields=["is_active", "suspended_at"])
    audit_record(actor=actor, action="user.reactivate", target=user)
    return user


@transaction.atomic
def user_remove(*, actor: User | None, user: User) -> User:
    """Close `user`'s account for good. It stays, inactive, so the audit log keeps naming it."""
    _check_manages(actor, user)
    if user.removed_at is not None:
        return user
    user.is_active, user.removed_at = False, timezone.now()
    user.set_unusable_password()
    user.save(update_fields=["is_active", "removed_at", "password"])
    _sign_out_everywhere(user)
    TwoFactorDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="user.remove", target=user)
    return user


def _sign_out_everywhere(user: User) -> None:
    """End every way `user` is signed in now: API tokens revoked, browser sessions invalid."""
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


def signin_lockout_check(*, username: str) -> bool:
    """Whether sign-ins as `username` from this address are locked out; each attempt refused so is audited."""
    if not signin_locked(username=username, ip=current_ip()):
        return False
    audit_record(actor=None, actor_name=username, action="auth.locked_out")
    return True


def session_expired_record(*, user: User) -> None:
    """Record that `user`'s session ended because it idled or lived too long (the caller signs it out)."""
    audit_record(actor=user, action="auth.session_expired", target=user)


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a user chose for the pages."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
