"""Leases: a claim a process holds for exactly as long as it lives, which others can test.

A worker holds one for the tasks it runs, an import for its run. When the process dies, however it
dies (kill -9, a power cut), the lease goes with it, and the next worker or import takes the work
again. Nothing is renewed and no clock is trusted: whether a lease is held is a fact asked of the
database server (PostgreSQL) or of the kernel (SQLite, one machine), not a guess from the age of a
heartbeat.

- PostgreSQL: a session advisory lock, on a connection of the lease's own (Django may close and reopen
  its usual connections between requests and tasks). The server lets the lock go when that
  connection ends. Whether it is held is read from `pg_locks`, which takes nothing.
- SQLite: an exclusive `flock` on a file beside the database. The kernel lets it go when the process
  ends.

django-tasks-db has no lease of its own: a task stays RUNNING for good when its worker dies.
"""

import fcntl
import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

_HELD_SQL = """
SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = %s::bigint::oid AND objid = %s::bigint::oid
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
)
"""


def _key(name: str) -> int:
    """The lease's 64-bit advisory lock key (signed, as PostgreSQL's bigint)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def _lock_file(name: str) -> Path:
    database = str(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
    if database == ":memory:" or "mode=memory" in database:  # a database of this process alone
        database = f"{database} {os.getpid()}"
    folder = (
        Path(tempfile.gettempdir()) / f"traza-leases-{hashlib.blake2b(database.encode(), digest_size=6).hexdigest()}"
    )
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{hashlib.blake2b(name.encode(), digest_size=12).hexdigest()}.lock"


class Lease:
    """A named lease: `acquire()` it (False when another live process holds it), `release()` it or die.

    Also a context manager, which acquires it or raises `LeaseTaken`.
    """

    def __init__(self, name: str):
        self.name = name
        self._connection: BaseDatabaseWrapper | None = None
        self._file: TextIO | None = None
        self._lock = threading.RLock()  # a worker keeps its lease from a thread of its own

    def acquire(self) -> bool:
        with self._lock:
            return self._acquire()

    def _acquire(self) -> bool:
        if connection.vendor == "postgresql":
            session = connections.create_connection(DEFAULT_DB_ALIAS)
            session.inc_thread_sharing()
            try:
                with session.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(self.name)])
                    taken = cursor.fetchone()[0]
            except Exception:
                _close_quietly(session)
                raise
            if taken:
                self._connection = session
            else:
                _close_quietly(session)
            return taken
        self._file = _lock_file(self.name).open("a")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            self._file = None
            return False
        return True

    def keep(self) -> bool:
        """Take the lease again if the database server lost it (a restart ends every session); say whether held.

        Run now and then by its holder; on SQLite the kernel never loses it. Raises the database's error
        while the database cannot be reached.
        """
        with self._lock:
            if self._file is not None:
                return True
            if self._connection is not None:
                try:
                    with self._connection.cursor() as cursor:
                        cursor.execute("SELECT 1")
                    return True
                except Exception:  # noqa: BLE001 - any failure means the session, and the lock with it, is gone
                    self._close_connection_quietly()
            return self._acquire()

    def _close_connection_quietly(self) -> None:
        session, self._connection = self._connection, None
        _close_quietly(session)

    def release(self) -> None:
        with self._lock:
            self._release()

    def _release(self) -> None:
        if self._connection is not None:
            try:
                with self._connection.cursor() as cursor:  # at once: a closed session's locks go a moment later
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(self.name)])
            except Exception:  # noqa: BLE001, S110 - a broken session holds no lock any more
                pass
            finally:
                self._close_connection_quietly()
        if self._file is not None:
            path = Path(self._file.name)
            path.unlink(missing_ok=True)
            self._file.close()  # the kernel lets the lock go with the file
            self._file = None

    def __enter__(self) -> "Lease":
        if not self.acquire():
            raise LeaseTaken(self.name)
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def _close_quietly(session) -> None:
    try:
        session.close()
    except Exception:  # noqa: BLE001, S110 - the connection is already broken
        pass


class LeaseTaken(Exception):
    """Another live process holds this lease."""


def lease_held(name: str) -> bool:
    """Whether a live process (this one included) holds the lease `name`."""
    if connection.vendor == "postgresql":
        key = _key(name) & 0xFFFFFFFFFFFFFFFF
        with connection.cursor() as cursor:
            cursor.execute(_HELD_SQL, [key >> 32, key & 0xFFFFFFFF])
            return cursor.fetchone()[0]
    path = _lock_file(name)
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def process_name() -> str:
    """This process, as a worker names itself: host, process id, and a few random characters (≤ 64)."""
    return f"{os.uname().nodename[:40]}-{os.getpid()}-{os.urandom(4).hex()}"
