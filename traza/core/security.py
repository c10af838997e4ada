"""Security headers every answer carries, beyond those Django's SecurityMiddleware sets.

Content-Security-Policy allows scripts, styles and images from Traza itself only: no inline
script, no inline style, no framing. A view that needs another policy (the API docs pages) sets
its own header, which is kept.
"""

from functools import wraps

from django.conf import settings


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy where the view set none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.TRAZA_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.TRAZA_PERMISSIONS_POLICY)
        return response


def content_security_policy(policy: str):
    """Give one view its own Content-Security-Policy (e.g. a third-party page that injects styles)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.headers["Content-Security-Policy"] = policy
            return response

        return wrapper

    return decorator
