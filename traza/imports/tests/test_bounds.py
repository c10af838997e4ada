"""Every import runs bounded: a statement that runs past its limit stops the run cleanly (a translated reason, none
of the stopped transaction's rows), and the worker's import task runs under a memory cap that is lifted after."""

import resource
import threading

import psycopg
import pytest
from django.db import connection
from django.utils import translation

from traza.imports.models import ImportRun
from traza.imports.pipeline.bounds import memory_bounded, statements_bounded
from traza.imports.services import import_file
from traza.industry.models import Disposition

HEADER = "record_id,record_keeper_license,serial_number,manufacturer,model,acquisition_date\n"
ROWS = "".join(
    f"r-{n},1-56-157-07-6K-15352,rx{n:05d}-b,Sturm Ruger,Security-9 ,2021-01-{n % 28 + 1:02d}\n" for n in range(50)
)


@pytest.fixture
def locked_dispositions():
    """Another session holds the A&D table locked, as a killed import's query once did, until the test calls
    the function it is given."""
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k not in ("cursor_factory", "context")})
    other.execute("BEGIN")
    other.execute("LOCK TABLE industry_disposition IN ACCESS EXCLUSIVE MODE")

    def release() -> None:
        if not other.closed:
            other.rollback()
            other.close()

    yield release
    release()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_past_its_limit_stops_the_run_with_nothing_of_it_written(
    catalog, tmp_path, settings, locked_dispositions
):
    settings.TRAZA_IMPORT_STATEMENT_TIMEOUT = 1
    path = tmp_path / "libro A&D.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")

    run = import_file(kind="dispositions", path=path)
    locked_dispositions()

    assert run.status == ImportRun.Status.REFUSED
    assert (run.rows_created, run.rows_updated) == (0, 0)
    assert not Disposition.objects.exists()
    assert "took longer than the 1 seconds allowed" in run.message_text
    with translation.override("es"):
        assert "1 segundos" in run.message_text
    with connection.cursor() as cursor:  # the session's own settings are back once the import has ended
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_import_sets_its_bounds_for_its_own_length_only(settings):
    settings.TRAZA_IMPORT_STATEMENT_TIMEOUT = 90
    with statements_bounded(), connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        inside = cursor.fetchone()[0]
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        idle = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        after = cursor.fetchone()[0]
    assert (inside, idle, after) == ("90s", "5min", "0")


def test_an_import_task_that_asks_for_too_much_memory_gets_a_memory_error_and_the_cap_is_lifted(settings):
    settings.TRAZA_IMPORT_MEMORY_MB = 64
    before = resource.getrlimit(resource.RLIMIT_AS)

    with pytest.raises(MemoryError), memory_bounded():
        bytearray(1024 * 1024 * 1024)

    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert bytearray(128 * 1024 * 1024)  # allowed again


def test_a_second_import_at_once_leaves_the_cap_of_the_first_alone(settings):
    settings.TRAZA_IMPORT_MEMORY_MB = 1024
    seen = []
    with memory_bounded():
        capped = resource.getrlimit(resource.RLIMIT_AS)
        thread = threading.Thread(target=lambda: seen.append(_cap_inside()))
        thread.start()
        thread.join()
    assert seen == [capped]


def _cap_inside():
    with memory_bounded():
        return resource.getrlimit(resource.RLIMIT_AS)
