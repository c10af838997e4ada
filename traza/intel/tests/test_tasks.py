"""intel_refresh: queued as data arrives (at most one waiting), run by the worker: people linked, leads recomputed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from traza.core.leases import Lease
from traza.intel.models import Lead, PersonRecord
from traza.intel.tasks import REFRESH_AFTER, REFRESH_LEASE, intel_refresh, intel_refresh_missing, intel_refresh_soon
from traza.intel.tests.leads_compute_support import market_fixture  # noqa: F401 - fixture
from traza.intel.tests.test_leads_compute import HOLDER, RAMIREZ, RAMIREZ_2, RAMIREZ_3

pytestmark = pytest.mark.django_db


def queued() -> int:
    return DBTaskResult.objects.filter(task_path=intel_refresh.module_path, status=TaskResultStatus.READY).count()


def test_it_is_queued_once_however_often_data_arrives(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intel_refresh_soon()
        intel_refresh_soon()
    with django_capture_on_commit_callbacks(execute=True):
        intel_refresh_soon()

    assert queued() == 1


def test_it_waits_a_while_so_a_burst_of_data_is_refreshed_once(django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        intel_refresh_soon()

    waiting = DBTaskResult.objects.get(task_path=intel_refresh.module_path, status=TaskResultStatus.READY)
    assert before + REFRESH_AFTER <= waiting.run_after <= timezone.now() + REFRESH_AFTER + timedelta(seconds=1)


def test_while_one_worker_refreshes_another_puts_it_off_instead_of_running_it_twice(market):
    market.sell("RG-7001", RAMIREZ, "2023-03-02")
    market.recover("RG-7001", "2023-06-18", **HOLDER)
    market.trace()

    with Lease(REFRESH_LEASE):  # another worker, refreshing
        assert intel_refresh.call() == {"postponed": 1}

    assert queued() == 1
    assert not PersonRecord.objects.exists() and not Lead.objects.exists()
    assert set(intel_refresh.call()) > {"people_linked"}  # once the other is done


def test_a_purchases_file_and_the_traces_it_resolves_queue_it(market, django_capture_on_commit_callbacks):
    market.sell("RG-7001", RAMIREZ, "2023-03-02")
    market.recover("RG-7001", "2023-06-18", **HOLDER)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        market.trace()

    assert queued() == 1 and len(callbacks) >= 2


def test_the_worker_links_the_people_then_recomputes_the_leads(market, run_worker):
    """Record linkage is the people tests' business (a model trained on three records links little): here, that
    the task runs it on every new record and then the recompute, whose counts it returns."""
    for serial, buyer, sold, licence in (
        ("RG-7001", RAMIREZ, "2023-03-02", "24816032"),
        ("RG-7002", RAMIREZ_2, "2023-03-09", "2481-6032"),
        ("RG-7003", RAMIREZ_3, "2023-03-20", "2481 6032"),
    ):
        market.sell(serial, {**buyer, "id_type": "TX DL", "id_number": licence}, sold)
        market.recover(serial, "2023-08-02", **HOLDER)
    market.trace()
    intel_refresh.enqueue()

    assert run_worker() == 1

    result = DBTaskResult.objects.get(task_path=intel_refresh.module_path)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
    records = PersonRecord.objects.count()
    assert records == 6 and not PersonRecord.objects.filter(person__isnull=True).exists()
    assert result.return_value["people_linked"] == records
    assert set(Lead.Kind.values) <= set(result.return_value)
    assert result.return_value["straw_purchaser"] == Lead.objects.filter(kind=Lead.Kind.STRAW_PURCHASER).count()


def test_a_worker_starting_on_data_without_leads_queues_it_once(market, django_capture_on_commit_callbacks):
    market.sell("RG-7001", RAMIREZ, "2023-03-02")
    market.trace()
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert intel_refresh_missing()
    Lead.objects.create(
        kind=Lead.Kind.DEALER,
        subject_key="57406336",
        score=60,
        first_seen="2023-01-01",
        last_seen="2023-06-01",
        computed_at="2024-01-01T00:00Z",
    )
    assert not intel_refresh_missing()
    assert queued() == 1


def test_nothing_is_queued_on_an_empty_database(db):
    assert not intel_refresh_missing()
    assert queued() == 0
