"""The limits every import runs under, so that one that goes wrong cannot hold the database or the machine.

On PostgreSQL each statement of an import is stopped after TRAZA_IMPORT_STATEMENT_TIMEOUT seconds, a
transaction left idle by a client that stopped is ended, and the server checks, during a long statement,
that the client is still there (TCP keepalives, `client_connection_check_interval`): a killed import's
query no longer runs on for minutes holding its locks and blocking the next attempt. The worker's import
task also runs under a memory limit (TRAZA_IMPORT_MEMORY_MB of address space above what the process
already uses), so that a file that needs too much memory fails its run instead of the machine.
"""

import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection

from traza.core.bulk import is_postgres

if TYPE_CHECKING:
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

IDLE_IN_TRANSACTION_SECONDS = 300  # between two statements of one transaction an import never waits this long
CLIENT_CHECK_SECONDS = 10
KEEPALIVE = {"tcp_keepalives_idle": "60", "tcp_keepalives_interval": "10", "tcp_keepalives_count": "6"}

_memory_lock = threading.Lock()


def _settings() -> dict[str, str]:
    names = {
        "statement_timeout": f"{settings.TRAZA_IMPORT_STATEMENT_TIMEOUT}s",
        "idle_in_transaction_session_timeout": f"{IDLE_IN_TRANSACTION_SECONDS}s",
        **KEEPALIVE,
    }
    # PostgreSQL 14 checks a long statement's client is still there
    if cast("PostgresWrapper", connection).pg_version >= 140000:
        names["client_connection_check_interval"] = f"{CLIENT_CHECK_SECONDS}s"
    return names


@contextmanager
def statements_bounded() -> Iterator[None]:
    """Run the block with every statement of this connection bounded (PostgreSQL; SQLite has no server).

    The settings are the session's for the block's length, so that they hold in each of the import's
    transactions, and are reset after it, whichever way it ends.
    """
    if not is_postgres():
        yield
        return
    connection.ensure_connection()
    names = _settings()
    with connection.cursor() as cursor:
        for name, value in names.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                for name in names:
                    cursor.execute(f"RESET {name}")
        except DatabaseError:  # the connection broke (e.g. the server ended it): the next use opens a new one
            connection.close()


def timed_out(error: BaseException) -> bool:
    """Whether a database error is a statement stopped by `statement_timeout` (or a session ended when idle)."""
    cause = error.__cause__
    return isinstance(cause, psycopg.errors.QueryCanceled | psycopg.errors.IdleInTransactionSessionTimeout)


@contextmanager
def memory_bounded() -> Iterator[None]:
    """Run the block with the process's address space capped TRAZA_IMPORT_MEMORY_MB above its current size
    (0: no cap); going over raises MemoryError in the block. The cap is lifted after it."""
    extra = settings.TRAZA_IMPORT_MEMORY_MB
    if not extra or not _memory_lock.acquire(blocking=False):  # no cap, or one already set by another import
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        cap = _address_space() + extra * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or cap < soft:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        _memory_lock.release()


def _address_space() -> int:
    """The process's address space now, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * resource.getpagesize()
