"""Reads about agencies and users."""

from django.conf import settings

from traza.agencies.models import User

COUNTRY_LANGUAGES = {"MX": "es", "US": "en"}


def preferred_language(user: User) -> str:
    """The user's chosen language; else Spanish for Mexican agencies, English for US ones."""
    available = {code for code, _name in settings.LANGUAGES}
    if user.language in available:
        return user.language
    country = user.agency.country_id if user.agency_id else None
    return COUNTRY_LANGUAGES.get(country, settings.LANGUAGE_CODE)


def user_by_username(username: str) -> User | None:
    """The user with this username (case-insensitive), or None: what operators' commands look users up by."""
    return User.objects.select_related("agency").filter(username__iexact=username.strip()).first()
