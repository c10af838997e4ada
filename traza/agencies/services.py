"""Writes on accounts: creating users, issuing and revoking the API tokens of machine clients."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import Agency, ApiToken, User
from traza.core.auth import hash_token

logger = logging.getLogger(__name__)

ROLES_WITHOUT_AGENCY = {User.Role.SYSADMIN, User.Role.INDUSTRY}
TOKEN_DAYS = 90
TOKEN_MAX_DAYS = 3650


def user_create(
    *,
    username: str,
    role: str,
    agency_code: str = "",
    password: str | None = None,
    language: str = "",
) -> User:
    """Open an account for a person (or a machine client) of an agency.

    Without a password the account can sign in only through API tokens. A system
    administrator may use the admin site. Raises ValidationError, by field, on any bad value.
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
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = [
            _("Unknown language. Languages: %(languages)s.") % {"languages": ", ".join(dict(settings.LANGUAGES))}
        ]
    user = User(username=username, role=role, agency=agency, language=language)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.is_staff = user.is_superuser = role == User.Role.SYSADMIN
    user.save()
    logger.info("User %s created (role %s, agency %s)", user.pk, role, agency.code if agency else "-")
    return user


def _agency(code: str, role: str, errors: dict) -> Agency | None:
    code = code.strip()
    if not code:
        if role in User.Role.values and role not in ROLES_WITHOUT_AGENCY:
            errors["agency"] = [_("This role needs an agency: give its code.")]
        return None
    agency = Agency.objects.filter(code__iexact=code).first()
    if agency is None:
        errors["agency"] = [_("No agency has this code.")]
    return agency


def token_create(*, user: User, days: int = TOKEN_DAYS, name: str = "") -> tuple[ApiToken, str]:
    """Issue an API token for a machine client acting as `user`; return it with the raw secret.

    The raw secret is shown once: only its SHA-256 is kept. The token expires after `days`.
    """
    if not user.is_active:
        raise ValidationError({"username": [_("This user is not active.")]})
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationError({"days": [_("A token lasts from 1 to %(max)s days.") % {"max": TOKEN_MAX_DAYS}]})
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=hash_token(raw),
        prefix=raw[:8],
        name=name.strip()[:100],
        expires_at=timezone.now() + timedelta(days=days),
    )
    logger.info("API token %s… created for user %s", token.prefix, user.pk)
    return token, raw


def token_revoke(*, user: User, prefix: str = "") -> int:
    """Revoke `user`'s live tokens, or only the one(s) starting with `prefix`; return how many were revoked."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if prefix.strip():
        tokens = tokens.filter(prefix__startswith=prefix.strip()[:8])
    revoked = tokens.update(revoked_at=timezone.now())
    logger.info("%d API token(s) of user %s revoked", revoked, user.pk)
    return revoked


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a user chose for the pages."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
