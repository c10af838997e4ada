"""Background work of notifications (run by `traza worker`)."""

from django_tasks import task

from traza.notifications.services import notifications_email


@task()
def send_emails(notification_ids: list[int]) -> int:
    return notifications_email(notification_ids=notification_ids)
