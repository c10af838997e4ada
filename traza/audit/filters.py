"""The audit page's filters, read alike by the page and its exports (a GET form: they are not personal data)."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.audit.actions import LABELS
from traza.audit.models import AuditEvent
from traza.audit.records import RECORD_TYPES
from traza.core.filters import DayField, ListFilter


def _any_of(labels: dict) -> list:
    return [("", _("any")), *sorted(labels.items(), key=lambda item: str(item[1]))]


class AuditListFilter(ListFilter):
    """What an auditor narrows the log to; every filter is optional."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("User name"), max_length=150, required=False)
    agency_code = forms.CharField(label=_("Agency code"), max_length=20, required=False)
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), max_length=64, required=False)
    since = DayField(label=_("From (date)"))
    until = DayField(label=_("Until"))

    lookups = {
        "action": "action",
        "actor": "actor_name__iexact",
        "agency_code": "agency__code__iexact",
        "object_type": "object_type",
        "object_id": "object_id",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _any_of(LABELS)
        self.fields["object_type"].choices = _any_of(RECORD_TYPES)

    def filter_since(self, queryset: QuerySet[AuditEvent], day: date) -> QuerySet[AuditEvent]:
        return queryset.filter(at__gte=_day_start(day))

    def filter_until(self, queryset: QuerySet[AuditEvent], day: date) -> QuerySet[AuditEvent]:
        return queryset.filter(at__lt=_day_start(day) + timedelta(days=1))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
