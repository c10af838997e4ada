"""Telling users what happened: in the app always, by e-mail when they chose it for that kind."""

import logging
from collections.abc import Iterable
from typing import NamedTuple, cast

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from traza.agencies.models import User
from traza.agencies.selectors import preferred_language
from traza.notifications.messages import notification_subject, notification_text
from traza.notifications.models import Kind, Notification, Preference

logger = logging.getLogger(__name__)


class Item(NamedTuple):
    """One notification to write: to whom (a user or their id), the sentence's parameters, the page, what about."""

    user: User | int | None
    params: dict
    url: str = ""
    subject: str = ""


def notify(*, users: Iterable[User | int | None], kind: str, params: dict, url: str = "", subject: str = "") -> int:
    """Tell each of `users` (users or their ids; repeats and None are skipped) one thing; return how many were told.

    `params` fill the kind's sentence (messages.py): trace numbers, counts, codes, never personal data.
    `url` is the page it is about. With `subject` ("query:12"), a user already told of this kind about it is
    not told again. E-mail goes out after the commit, in the worker, to those who chose it for this kind.
    """
    user_ids = dict.fromkeys(getattr(user, "pk", user) for user in users)
    return notify_many(kind=kind, items=[Item(user_id, params, url, subject) for user_id in user_ids])


def notify_many(*, kind: str, items: Iterable[Item]) -> int:
    """`notify` with its own parameters, page and subject for each notification, in one insert. Of items with the
    same user and subject, only the first is kept, and none whose user was already told of this kind about it."""
    given = [(cast(int | None, getattr(item.user, "pk", item.user)), item) for item in items]
    rows = [(user_id, item) for user_id, item in given if user_id is not None]
    subjects = {item.subject for _user, item in rows if item.subject}
    told = set()
    if subjects:
        told = set(Notification.objects.filter(kind=kind, subject__in=subjects).values_list("user_id", "subject"))
    kept = []
    for user_id, item in rows:
        if item.subject and (user_id, item.subject) in told:
            continue
        told.add((user_id, item.subject))
        kept.append(Notification(user_id=user_id, kind=kind, params=item.params, url=item.url, subject=item.subject))
    created = Notification.objects.bulk_create(kept)
    _email_later(kind, created)
    return len(created)


def _email_later(kind: str, created: list[Notification]) -> None:
    """Queue the e-mail of the notifications whose users want this kind by e-mail, once they are committed."""
    users = {notification.user_id for notification in created}
    wanting = set(Preference.objects.filter(user_id__in=users, kind=kind, email=True).values_list("user_id", flat=True))
    ids = [notification.pk for notification in created if notification.user_id in wanting]
    if ids:
        from traza.notifications.tasks import send_emails

        transaction.on_commit(lambda: send_emails.enqueue(ids))


def notifications_email(*, notification_ids: list[int]) -> int:
    """Send these notifications by e-mail, each in its user's language, unless already sent.

    Users without an address, suspended, or who no longer want that kind by e-mail are skipped. Returns how many
    were sent.
    """
    wanted = Preference.objects.filter(user_id=OuterRef("user_id"), kind=OuterRef("kind"), email=True)
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .filter(Exists(wanted))
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user__agency")
        .order_by("id")
    )
    messages, sent = [], []
    for notification in pending:
        with translation.override(preferred_language(notification.user)):
            messages.append(_message(notification))
        sent.append(notification.pk)
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
        logger.info("Sent %d notification e-mail(s)", len(messages))
    return len(messages)


def _message(notification: Notification) -> EmailMessage:
    body = notification_text(notification)
    if notification.url:
        body += "\n\n" + settings.TRAZA_SITE_URL.rstrip("/") + notification.url
    return EmailMessage(
        subject=notification_subject(notification),
        body=body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.user.email],
    )


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read: these (`ids`), or all of them. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: User, email_kinds: Iterable[str]) -> None:
    """Which kinds the user receives by e-mail too (the others only in the app)."""
    chosen = set(email_kinds)
    unknown = chosen - set(Kind.values)
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    Preference.objects.filter(user=user).delete()
    Preference.objects.bulk_create(Preference(user=user, kind=kind, email=kind in chosen) for kind in Kind.values)
