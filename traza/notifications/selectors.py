"""Reads of a user's notifications: always the user's own."""

from django.db.models import QuerySet

from traza.agencies.models import User
from traza.notifications.models import Kind, Notification, Preference


def notifications_of(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one count on the (user, read_at) index)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def email_kinds(user: User) -> set[str]:
    """The kinds the user receives by e-mail too."""
    return set(Preference.objects.filter(user=user, email=True, kind__in=Kind.values).values_list("kind", flat=True))
