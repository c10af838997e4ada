"""Reading a file into chunks of checked rows, in a thread one chunk ahead of the database work."""

import queue
import sys
import threading
from collections.abc import Hashable, Iterator

from django.utils.translation import gettext_noop as _

from traza.core.bulk import copy_row
from traza.imports.errors import Message, RowError
from traza.imports.pipeline.kinds import Chunk, Kind
from traza.imports.reading import Table

CHUNK_ROWS = 50_000
# How long the parsing thread may hold the interpreter before the database thread gets it back (Python's default is
# 5 ms). The database thread wakes up hundreds of times a chunk (each time its COPY can send more, each time a
# statement's answer arrives), and at 5 ms a wake-up it waited on the parser for more than half of a re-load.
HANDOFF_SECONDS = 0.0001


def read_chunks(kind: Kind, table: Table, dayfirst: bool, *, copy_prefix: str | None) -> Iterator[Chunk]:
    """Chunks of checked rows, read in the parsing thread.

    On PostgreSQL (`copy_prefix` given: the run's id) a chunk holds its rows as COPY text, written
    here too; a kind with millions of rows a file may write that text itself (`read_copy`).
    """
    fast = copy_prefix is not None and kind.writes_copy
    chunk, texts = Chunk(), []
    seen: dict[Hashable, int] = {}  # a kept row's key: its line
    for line, cells in table.rows():
        chunk.read += 1
        # A row is kept either as the COPY text `read_copy` wrote (`text`) or as the record `read` answered (`record`).
        record: tuple | None = None
        text: str | None = None
        quick = kind.read_copy(cells, dayfirst) if fast else None
        if quick is not None:
            key, text = quick
        else:
            row = kind.read(line, cells, dayfirst)
            if isinstance(row, list):
                chunk.errors.extend(row)
            else:
                key, record = kind.key_of(row), row
        if record is not None or text is not None:
            first = seen.get(key)
            if first is not None:
                chunk.errors.append(duplicate_error(line, first, kind.reference_of(cells)))
            else:
                seen[key] = line
                chunk.lines.append(line)
                if record is None:
                    texts.append(f"{copy_prefix}\t{line}\t{text}\n")
                elif copy_prefix is None:
                    chunk.rows.append(record)
                else:
                    texts.append(f"{copy_prefix}\t{line}\t{copy_row(record)}\n")
        if chunk.read >= CHUNK_ROWS:
            yield _close(chunk, kind, texts)
            chunk, seen, texts = Chunk(), {}, []
    yield _close(chunk, kind, texts)


def _close(chunk: Chunk, kind: Kind, texts: list[str]) -> Chunk:
    chunk.payload = "".join(texts)
    chunk.extra = kind.end_chunk()
    return chunk


def duplicate_error(line: int, first: int, reference: str = "") -> RowError:
    return RowError(
        line,
        "",
        Message(_("The same record as line %(first)s (same key); not imported."), {"first": first}),
        reference,
    )


def threaded(source: Iterator[Chunk]) -> Iterator[Chunk]:
    """Run the parsing generator in a thread, one chunk ahead of the database work, handing the interpreter back
    and forth quickly while it runs (HANDOFF_SECONDS)."""
    handoff: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in source:
                if stop.is_set():
                    return
                handoff.put(item)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            handoff.put(exc)
        handoff.put(None)

    thread = threading.Thread(target=produce, name="traza-import-parse", daemon=True)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, HANDOFF_SECONDS))
    thread.start()
    try:
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                handoff.get(timeout=0.1)
            except queue.Empty:
                pass
        sys.setswitchinterval(switch_interval)
