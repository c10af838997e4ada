"""Bearer tokens for machine clients: `Authorization: Bearer <token>`, stored hashed."""

import hashlib
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# When a token was last used is kept to the minute: writing it on every request would cost a busy agency's
# system one more commit per call.
LAST_USED_STEP = timedelta(minutes=1)


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` for machine clients.

    A token works while it is neither expired nor revoked, its user may sign in (active, of an
    agency that holds accounts), and that user still has the role and agency the token was issued for.
    """

    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be 'Bearer <token>'."))
        from traza.agencies.models import ApiToken
        from traza.agencies.selectors.accounts import account_may_sign_in, country_policy

        try:
            raw = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        tokens = ApiToken.objects.select_related("user__agency").annotate(
            policy=country_policy("user__agency__country_id")
        )
        token = next(iter(tokens.filter(key_hash=hash_token(raw)).order_by()), None)  # unique: no LIMIT to plan
        now = timezone.now()
        if token is None or token.revoked_at is not None or token.expires_at <= now or not _still_fits(token):
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        token.user.country_policy = token.policy
        if not account_may_sign_in(token.user):
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return "Bearer"


def _still_fits(token) -> bool:
    """The token's user keeps the role and agency the token was issued for."""
    return token.role == token.user.role and token.agency_id == token.user.agency_id
