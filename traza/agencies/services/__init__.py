"""Writes on agencies and accounts, by sub-domain: accounts, tokens, agencies, sharing, two_factor, personal_data."""

from traza.agencies.services.accounts import user_create, user_set_language
from traza.agencies.services.tokens import TOKEN_DAYS, TOKEN_MAX_DAYS, token_create, token_revoke

__all__ = ["TOKEN_DAYS", "TOKEN_MAX_DAYS", "token_create", "token_revoke", "user_create", "user_set_language"]
