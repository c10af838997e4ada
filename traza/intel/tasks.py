"""Background work of the intel app (run by `traza worker`): people linked and leads recomputed as data arrives."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from traza.core.leases import Lease
from traza.industry.models import Purchase
from traza.intel.leads.compute import leads_recompute
from traza.intel.models import Lead, PersonRecord

# Data arriving in a burst (a book loading, a busy hour of submissions) is linked and its leads recomputed once,
# this long after the first of it, and by one worker at a time: queued at once by every resolved batch, the whole
# refresh ran back to back on both workers of a 2-core server under 50 users, and the web workers waited for CPU.
REFRESH_AFTER = timedelta(seconds=30)
REFRESH_LEASE = "intel-refresh"


@task()
def intel_refresh() -> dict[str, int]:
    """Link the people of the records that arrived, then recompute every lead and the repeat indicators.

    When linking fails, the leads are still recomputed from the people known (then the task fails with the
    linking error, for the worker's log): new traces and answers should not wait for record linkage. While
    another worker is refreshing, this one is put off until after it (queued again, at most one waiting).
    """
    from traza.intel.people.services import people_link_new  # DuckDB and Splink, loaded only by the worker

    lease = Lease(REFRESH_LEASE)
    if not lease.acquire():
        _enqueue_unless_queued()
        return {"postponed": 1}
    try:
        try:
            linked = people_link_new()
        except Exception:
            leads_recompute()
            raise
        return {"people_linked": linked, **leads_recompute()}
    finally:
        lease.release()


def intel_refresh_soon() -> None:
    """Queue `intel_refresh` to run REFRESH_AFTER after the current transaction commits, unless one is already
    queued (one waiting is enough: it reads the data as it is when it starts; one already running may have read
    it too early)."""
    transaction.on_commit(_enqueue_unless_queued)


def _enqueue_unless_queued() -> None:
    queued = DBTaskResult.objects.filter(task_path=intel_refresh.module_path, status=TaskResultStatus.READY)
    if not queued.exists():
        intel_refresh.using(run_after=timezone.now() + REFRESH_AFTER).enqueue()


def intel_refresh_missing() -> bool:
    """Queue `intel_refresh` when there are records to resolve or people but no lead was ever computed (a
    database older than leads, or a worker that stopped first); say whether it was queued. Run by each worker
    as it starts."""
    if Lead.objects.exists() or not _has_people_data():
        return False
    intel_refresh_soon()
    return True


def _has_people_data() -> bool:
    return PersonRecord.objects.exists() or Purchase.objects.exists()
