"""Reads on agencies and accounts, by sub-domain: accounts, agencies, personal_data."""

from traza.agencies.selectors.accounts import preferred_language, user_by_username

__all__ = ["preferred_language", "user_by_username"]
