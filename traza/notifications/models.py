"""What Traza tells a user happened: in the app (the bell) and, if they chose, by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TRACE_FINISHED = "trace_finished", _("a trace I submitted finished")
    QUERY_ANSWERED = "query_answered", _("a licensee answered a query on my trace")
    QUERY_OVERDUE = "query_overdue", _("a licensee's answer is overdue")
    SUSPECT_TRACED = "suspect_traced", _("a gun I flagged as suspect was traced")
    LEAD_ASSIGNED = "lead_assigned", _("a lead was assigned to me")


class Notification(models.Model):
    """One thing to tell one user. `params` hold what the message needs (numbers, codes, never personal data);
    the sentence is written in the reader's language when shown or sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=200, blank=True, help_text="The page it is about")
    subject = models.CharField(
        max_length=40, blank=True, help_text="What it is about (query:12), for what must be told only once"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["kind", "subject"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class Preference(models.Model):
    """Whether a user wants one kind of notification by e-mail too (in the app they always get it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    email = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
