"""Writes on API tokens: issuing one to a machine client, revoking them. Only a token's hash is kept."""

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import ApiToken, User
from traza.audit.services import audit_record
from traza.core.auth import hash_token

logger = logging.getLogger(__name__)

TOKEN_DAYS = 90
TOKEN_MAX_DAYS = 3650


@transaction.atomic
def token_create(
    *, user: User, days: int = TOKEN_DAYS, name: str = "", actor: User | None = None
) -> tuple[ApiToken, str]:
    """Issue an API token for a machine client acting as `user`; return it with the raw secret.

    The raw secret is shown once: only its SHA-256 is kept. The token expires after `days`, and
    works only while `user` keeps the role and agency they have now.
    """
    if not user.is_active:
        raise ValidationError({"username": [_("This user is not active.")]})
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationError({"days": [_("A token lasts from 1 to %(max)s days.") % {"max": TOKEN_MAX_DAYS}]})
    raw = _new_secret()
    token = ApiToken.objects.create(
        user=user,
        key_hash=hash_token(raw),
        prefix=raw[:8],
        name=name.strip()[:100],
        role=user.role,
        agency_id=user.agency_id,
        expires_at=timezone.now() + timedelta(days=days),
    )
    details = {"user": user.username, "prefix": token.prefix, "days": days}
    audit_record(actor=actor, action="token.create", target=token, agency=user.agency, details=details)
    logger.info("API token %s… created for user %s", token.prefix, user.pk)
    return token, raw


def _new_secret() -> str:
    """A random token that does not start with "-", so its prefix reads as a value on a command line."""
    while (raw := secrets.token_urlsafe(32)).startswith("-"):
        continue
    return raw


@transaction.atomic
def token_revoke(*, user: User, prefix: str = "", actor: User | None = None) -> int:
    """Revoke `user`'s live tokens, or only the one(s) starting with `prefix`; return how many were revoked."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if prefix.strip():
        tokens = tokens.filter(prefix__startswith=prefix.strip()[:8])
    revoked = tokens.update(revoked_at=timezone.now())
    if revoked:
        details = {"user": user.username, "prefix": prefix.strip()[:8], "count": revoked}
        audit_record(actor=actor, action="token.revoke", target=user, agency=user.agency, details=details)
    logger.info("%d API token(s) of user %s revoked", revoked, user.pk)
    return revoked
