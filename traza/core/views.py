"""Traza's answers for requests that belong to no app: a failed CSRF check, the browser's favicon request."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static


def csrf_failure(request, reason: str = ""):
    """A form sent without a valid CSRF token (expired page, changed session): Traza's page, in the user's language.

    The reason is not shown: it is for developers, and says nothing a user can act on.
    """
    return render(request, "403_csrf.html", status=403)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to Traza's icon."""
    return HttpResponsePermanentRedirect(static("traza/favicon.svg"))
