"""What a signed-in session remembers about its sign-in, and the middleware that ends it in time.

A session ends after TRAZA_SESSION_IDLE_MINUTES without a request, or TRAZA_SESSION_MAX_HOURS
after sign-in, whichever comes first. A session signed in without a one-time code also ends if
its user's role comes to require one (say an officer made investigator).
"""

import time

from django.conf import settings
from django.contrib.auth import logout

from traza.agencies.roles import TWO_FACTOR_ROLES
from traza.agencies.services.accounts import session_expired_record

STARTED = "traza_started"
SEEN = "traza_seen"
SECOND_FACTOR = "traza_second_factor"
PENDING = "traza_pending_signin"
SEEN_RESOLUTION = 60  # seconds: the last-seen time is written at most once a minute


def session_start(request, *, second_factor: bool) -> None:
    """Stamp a session just signed in: when, and whether a one-time code was given."""
    now = int(time.time())
    request.session[STARTED] = request.session[SEEN] = now
    request.session[SECOND_FACTOR] = second_factor


def session_expired(session, now: int) -> bool:
    started, seen = session.get(STARTED, now), session.get(SEEN, now)
    idle, lifetime = settings.TRAZA_SESSION_IDLE_MINUTES * 60, settings.TRAZA_SESSION_MAX_HOURS * 3600
    return now - seen > idle or now - started > lifetime


class SessionSecurityMiddleware:
    """Ends sessions that idled or lived too long, or that lack the second factor their role now needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request, user) -> None:
        session, now = request.session, int(time.time())
        if session_expired(session, now):
            session_expired_record(user=user)
            logout(request)
            return
        if user.role in TWO_FACTOR_ROLES and session.get(SECOND_FACTOR) is False:
            logout(request)
            return
        session.setdefault(STARTED, now)
        if now - session.get(SEEN, 0) >= SEEN_RESOLUTION:
            session[SEEN] = now
