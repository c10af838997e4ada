"""Background work on traces (run by `traza worker`)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from traza.agencies.models import Agency
from traza.tracing import services
from traza.tracing.models import Trace

SWEEP_AFTER = timedelta(minutes=1)


@task()
def resolve_traces(trace_ids: list[int]) -> int:
    return services.traces_resolve(trace_ids)


@task()
def resolve_pending() -> int:
    return services.traces_resolve_pending()


def pending_sweep() -> bool:
    """Queue `resolve_pending` when a trace has waited in `submitted` longer than SWEEP_AFTER and no such task
    is queued or running; say whether one was queued. Run by each worker as it starts, and every so often.

    A trace is `submitted` only until it is resolved, which happens on submission or in the task its
    import or submission queued. One still `submitted` a minute later lost that task: its process
    stopped between committing the trace and queuing the task, or before an older Traza let go of
    its task. Resolving is safe to repeat, so a sweep racing such a task changes nothing.
    """
    waited = Q(submitted_at__lt=timezone.now() - SWEEP_AFTER) | Q(submitted_at__isnull=True)
    agencies = list(Agency.objects.values_list("pk", flat=True))  # to use the (agency, status) index
    stale = Trace.objects.filter(waited, agency_id__in=agencies, status=Trace.Status.SUBMITTED)
    if not stale.exists():
        return False
    queued = DBTaskResult.objects.filter(
        task_path=resolve_pending.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    if queued.exists():
        return False
    resolve_pending.enqueue()
    return True
