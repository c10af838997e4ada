"""Per-request settings that depend on who is signed in."""

from django.utils import translation

from traza.agencies.selectors import preferred_language


class UserLanguageMiddleware:
    """Pages speak the signed-in user's language: their choice, else their agency's country's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = preferred_language(user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
