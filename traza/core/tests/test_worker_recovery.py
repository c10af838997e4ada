"""What a worker does as it starts and every so often: give back the tasks of dead workers, end the import runs
nobody will finish, queue the traces left `submitted`. Leases tell the living from the dead (both databases)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from traza.audit.models import AuditEvent
from traza.core.leases import Lease, lease_held
from traza.core.tests.tasks import add
from traza.core.workers import MAX_ATTEMPTS, tasks_recover, worker_lease, worker_lease_name
from traza.imports.models import ImportRun
from traza.imports.services import import_runs_abandoned, run_lease_name, upload_import, upload_store
from traza.tracing.models import Trace
from traza.tracing.tasks import SWEEP_AFTER, pending_sweep, resolve_pending


def running(*worker_ids: str) -> DBTaskResult:
    """A task claimed by these workers in turn, as django-tasks-db leaves it."""
    result = DBTaskResult.objects.get(id=add.enqueue(a=2, b=3).id)
    for worker_id in worker_ids:
        result.claim(worker_id)
    return result


@pytest.mark.django_db(transaction=True)
def test_a_lease_is_held_until_released_and_only_once():
    lease = Lease("prueba:uno")

    assert lease.acquire()
    assert lease_held("prueba:uno")
    assert not Lease("prueba:uno").acquire()
    assert not lease_held("prueba:dos")
    lease.release()
    assert not lease_held("prueba:uno")


@pytest.mark.django_db(transaction=True)
def test_the_task_of_a_dead_worker_is_made_ready_and_a_living_workers_is_left_alone():
    living_id, living_lease = worker_lease()
    try:
        dead = running("oficina-4242-0a1b2c3d")
        alive = running(living_id)
        given_up = running(*(f"caido-{n}" for n in range(MAX_ATTEMPTS)))

        assert tasks_recover() == (1, 1)

        dead.refresh_from_db(), alive.refresh_from_db(), given_up.refresh_from_db()
        assert (dead.status, dead.started_at, dead.worker_ids) == (
            TaskResultStatus.READY,
            None,
            ["oficina-4242-0a1b2c3d"],
        )
        assert alive.status == TaskResultStatus.RUNNING
        assert given_up.status == TaskResultStatus.FAILED
        assert given_up.exception_class_path == "traza.core.workers.WorkerDied"
        assert tasks_recover() == (0, 0)  # nothing left to give back
    finally:
        living_lease.release()
    assert not lease_held(worker_lease_name(living_id))


@pytest.fixture
def interrupted_cli_run(agency_a) -> ImportRun:
    """A `traza import` killed halfway: its run says `running`, and no process holds it."""
    return ImportRun.objects.create(
        kind="trace-requests", file_name="Solicitudes_2024 (copia).csv", status=ImportRun.Status.RUNNING, rows_read=120
    )


@pytest.mark.django_db(transaction=True)
def test_a_run_left_running_by_a_dead_import_is_ended_as_interrupted_once(interrupted_cli_run):
    assert import_runs_abandoned() == 1
    assert import_runs_abandoned() == 0

    run = ImportRun.objects.get(pk=interrupted_cli_run.pk)
    assert (run.status, run.rows_read) == (ImportRun.Status.REFUSED, 120)
    assert run.finished_at is not None
    assert "The import was interrupted" in run.message_text
    assert AuditEvent.objects.filter(action="import.finish", object_id=str(run.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_import_is_alive_is_left_running(interrupted_cli_run):
    with Lease(run_lease_name(interrupted_cli_run.pk)):
        assert import_runs_abandoned() == 0

    assert ImportRun.objects.get(pk=interrupted_cli_run.pk).status == ImportRun.Status.RUNNING


def upload(officer, text: str = "request_ref,agency_code\nCLN-1,MXSIN0060\n") -> ImportRun:
    file = SimpleUploadedFile("rastreos.csv", text.encode(), content_type="text/csv")
    return upload_store(actor=officer, kind="trace-requests", file=file, dayfirst=True, agency=officer.agency)


@pytest.mark.django_db(transaction=True)
def test_an_upload_waiting_for_its_task_to_run_again_is_not_ended(officer_a, storage):
    run = upload(officer_a)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)  # its worker died

    assert import_runs_abandoned() == 0  # its task is queued: the next worker takes it up

    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)
    assert import_runs_abandoned() == 1
    assert not [path for path in storage.rglob("*") if path.is_file()]  # the personal data goes with the run


@pytest.mark.django_db(transaction=True)
def test_an_upload_that_already_ended_deletes_its_file_when_delivered_again(officer_a, storage):
    run = upload(officer_a)
    stored = DBTaskResult.objects.get().args_kwargs["kwargs"]["stored"]
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.ACCEPTED)  # died before deleting the file
    run.refresh_from_db()

    assert upload_import(run=run, stored=stored, dayfirst=True).status == ImportRun.Status.ACCEPTED
    assert not [path for path in storage.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_traces_left_submitted_are_queued_once_and_fresh_ones_are_left_to_their_task(agency_a):
    fresh = Trace.objects.create(
        agency=agency_a,
        request_ref="CLN/0001",
        status=Trace.Status.SUBMITTED,
        submitted_at=timezone.now(),
        recovery_date="2024-03-05",
        recovery_country="MX",
        manufacturer="ruger",
    )
    assert not pending_sweep()

    Trace.objects.filter(pk=fresh.pk).update(submitted_at=timezone.now() - SWEEP_AFTER - timedelta(seconds=1))

    assert pending_sweep()
    assert not pending_sweep()  # already queued
    assert DBTaskResult.objects.filter(task_path=resolve_pending.module_path).count() == 1
