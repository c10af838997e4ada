"""The bell in every page's header: how many notifications the signed-in user has not read."""

import functools

from traza.notifications.selectors import unread_count


def unread(request) -> dict:
    """`notifications_unread`, counted (one query) only when a template shows it, as the page layout does."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": functools.cache(lambda: unread_count(user))}
