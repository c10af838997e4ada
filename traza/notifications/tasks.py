"""Background work of notifications (run by `traza worker`)."""

from django_tasks import task

from traza.notifications.services import notifications_email


@task()
def send_emails(kind: str, user_ids: list[int]) -> int:
    return notifications_email(kind=kind, user_ids=user_ids)
