import signal

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from traza.core.tests.tasks import add


@pytest.mark.django_db(transaction=True)
def test_worker_until_idle_runs_every_queued_task_then_exits():
    results = [add.enqueue(a=1, b=2), add.enqueue(a=20, b=22)]

    call_command("worker", until_idle=True, verbosity=0)

    for result in results:
        result.refresh()
    assert [result.status for result in results] == [TaskResultStatus.SUCCESSFUL] * 2
    assert [result.return_value for result in results] == [3, 42]


@pytest.mark.django_db(transaction=True)
def test_worker_until_idle_exits_at_once_on_an_empty_queue_and_gives_back_the_signal_handlers():
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)

    call_command("worker", until_idle=True, verbosity=0)

    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
