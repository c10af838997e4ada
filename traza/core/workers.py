"""What `traza worker` does besides running tasks: hold its lease, and give back the tasks of dead workers.

django-tasks-db claims a task by marking it RUNNING with the worker's id, and never looks at it again:
when that worker dies mid-task, the task stays RUNNING and nobody runs it. Here each worker holds a
lease named after its id for as long as it lives (see `traza.core.leases`); a task RUNNING under a
worker whose lease is gone is made READY again, and the next free worker takes it. Tasks are written
to be run again safely (a re-delivered import takes its run up again; resolving a trace twice ends in
the same result). A task whose workers died under it `MAX_ATTEMPTS` times is marked failed instead:
it is more likely killing them (memory) than unlucky.
"""

import logging

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from traza.core.leases import Lease, lease_held, process_name

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def worker_lease_name(worker_id: str) -> str:
    return f"worker:{worker_id}"


def worker_lease() -> tuple[str, Lease]:
    """A new worker's id, and its lease, held from now on (released when the worker stops or dies)."""
    worker_id = process_name()
    lease = Lease(worker_lease_name(worker_id))
    if not lease.acquire():  # an id is new each time: only a broken database refuses it
        raise RuntimeError("The worker could not take its lease.")
    return worker_id, lease


def tasks_recover() -> tuple[int, int]:
    """Give the tasks of dead workers to the living: (made ready again, given up as failed).

    Each abandoned task is changed under a row lock that other workers skip, so two workers
    recovering at once change it once.
    """
    ready = failed = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("id", "worker_ids")
    for task_id, worker_ids in list(running):
        if worker_ids and lease_held(worker_lease_name(worker_ids[-1])):
            continue
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(id=task_id, status=TaskResultStatus.RUNNING)
                .first()
            )
            if task is None or task.worker_ids != worker_ids:
                continue
            if len(worker_ids) >= MAX_ATTEMPTS:
                task.set_failed(WorkerDied(len(worker_ids)))
                failed += 1
            else:
                task.status, task.started_at = TaskResultStatus.READY, None
                task.save(update_fields=["status", "started_at"])
                ready += 1
    if ready or failed:
        logger.warning("Tasks of stopped workers: %d queued again, %d given up", ready, failed)
    return ready, failed


def tasks_release(worker_id: str) -> int:
    """Queue again the tasks this worker left RUNNING (the database went away while it ran them); how many."""
    released = 0
    for task_id, worker_ids in list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("id", "worker_ids")
    ):
        if worker_ids and worker_ids[-1] == worker_id:
            released += DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    return released


class WorkerDied(Exception):
    """The workers running a task died under it, too many times."""

    def __init__(self, attempts: int):
        super().__init__(f"The worker running this task stopped {attempts} times; it is not tried again.")
