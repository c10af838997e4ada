"""Per-request settings that depend on who is signed in, and requests refused before any view reads them."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

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


class RefuseNulMiddleware:
    """Refuse a request whose query or form carries the NUL character: no text of Traza may hold it (PostgreSQL
    cannot store it), so it is refused here with a clear 400, in the API's error shape under /api/, instead
    of failing deep in a query. JSON bodies are checked by the API's parser, file uploads by the importers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (
            request.method == "POST"
            and not request.path.startswith("/api/")
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_nul(request.POST)
        ):
            return bad_request_answer(request, gettext("Text may not contain the NUL character (\\u0000)."))
        return self.get_response(request)


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in value for value in found) for key, found in values.lists())


def bad_request_answer(request, message: str):
    """A 400: the API's error shape under /api/, Traza's error page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": "invalid", "message": message, "fields": {}}}
        return JsonResponse(body, status=400)
    return render(request, "400.html", {"message": message}, status=400)
