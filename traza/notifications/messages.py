"""The sentence of each kind of notification, written in the reader's language when it is shown or sent.

A notification keeps only its kind and parameters (trace numbers, counts, codes: never personal
data), so a Spanish investigator and an English analyst each read it in their own language, and
a message whose wording improves reads better in old notifications too.
"""

from collections.abc import Callable

from django.utils.translation import gettext, ngettext

from traza.notifications.models import Kind, Notification
from traza.tracing.models import Trace


def notification_text(notification: Notification) -> str:
    """The one-line message of a notification, in the active language."""
    writer = _WRITERS.get(notification.kind)
    try:
        return writer(notification.params) if writer else str(Kind(notification.kind).label)
    except (KeyError, TypeError, ValueError):
        return str(Kind(notification.kind).label).capitalize()


def notification_subject(notification: Notification) -> str:
    """The subject line of its e-mail, in the active language."""
    return gettext("Traza: %(what)s") % {"what": Kind(notification.kind).label}


def _trace_finished(params: dict) -> str:
    if params.get("count", 1) > 1:
        count = params["count"]
        return ngettext(
            "%(count)s trace you submitted finished.", "%(count)s traces you submitted finished.", count
        ) % {"count": count}
    status = Trace.Status(params["status"]).label
    return gettext("Trace %(trace)s finished: %(status)s.") % {"trace": params["trace"], "status": status}


def _query_answered(params: dict) -> str:
    return gettext("A licensee answered the query on trace %(trace)s.") % {"trace": params["trace"]}


def _query_overdue(params: dict) -> str:
    return gettext("A licensee's answer on trace %(trace)s is overdue.") % {"trace": params["trace"]}


def _suspect_traced(params: dict) -> str:
    return gettext(
        "The gun with serial %(serial)s you flagged for case %(case)s was traced by %(agency)s (trace %(trace)s)."
    ) % {"serial": params["serial"], "case": params["case_ref"], "agency": params["agency"], "trace": params["trace"]}


def _lead_assigned(params: dict) -> str:
    return gettext("Lead %(lead)s was assigned to you.") % {"lead": params["lead"]}


_WRITERS: dict[str, Callable[[dict], str]] = {
    Kind.TRACE_FINISHED: _trace_finished,
    Kind.QUERY_ANSWERED: _query_answered,
    Kind.QUERY_OVERDUE: _query_overdue,
    Kind.SUSPECT_TRACED: _suspect_traced,
    Kind.LEAD_ASSIGNED: _lead_assigned,
}
