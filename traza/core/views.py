"""Traza's answers for requests that fail before a view of an app: the CSRF check."""

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """A form sent without a valid CSRF token (expired page, changed session): Traza's page, in the user's language.

    The reason is not shown: it is for developers, and says nothing a user can act on.
    """
    return render(request, "403_csrf.html", status=403)
