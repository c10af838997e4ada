"""Reading a file into chunks of checked rows, in a thread one chunk ahead of the database work."""

import itertools
import queue
import sys
import threading
from collections.abc import Hashable, Iterator

from django.utils.translation import gettext_noop as _

from traza.core.bulk import copy_lines
from traza.imports.errors import Message, RowError
from traza.imports.pipeline.kinds import Block, Chunk, Kind
from traza.imports.reading import Table
from traza.imports.rules import keep

CHUNK_ROWS = 50_000
# Rows read together, column by column (CHUNK_ROWS is a multiple): 2,000 keeps a block in the processor's cache; a
# block of 5,000 read 10 % slower, 10,000 slower still.
BLOCK_ROWS = 2_000
# How long the parsing thread may hold the interpreter before the database thread gets it back (Python's default is
# 5 ms). The database thread wakes up hundreds of times a chunk (each time its COPY can send more, each time a
# statement's answer arrives), and at 5 ms a wake-up it waited on the parser for more than half of a re-load.
HANDOFF_SECONDS = 0.0001


def read_chunks(kind: Kind, table: Table, dayfirst: bool, *, copy_prefix: str | None) -> Iterator[Chunk]:
    """Chunks of CHUNK_ROWS checked rows, read in the parsing thread a block of BLOCK_ROWS rows at a time.

    On PostgreSQL (`copy_prefix` given: the run's id) a chunk holds its rows as COPY text, written here too.
    """
    rows = table.rows()
    while True:
        chunk, texts = Chunk(), []
        seen: dict[Hashable, int] = {}  # a kept row's key: its line
        while chunk.read < CHUNK_ROWS and (
            block_rows := list(itertools.islice(rows, min(BLOCK_ROWS, CHUNK_ROWS - chunk.read)))
        ):
            block = kind.read_block(block_rows, dayfirst)
            chunk.read += len(block_rows)
            chunk.errors += block.errors
            _drop_repeated(kind, block, block_rows, seen, chunk.errors)
            chunk.lines += block.lines
            if copy_prefix is None:
                chunk.rows += block.records
            else:
                texts.append(copy_lines(copy_prefix, block.lines, block.columns))
        if not chunk.read:
            return
        chunk.payload = "".join(texts)
        chunk.extra = kind.end_chunk()
        yield chunk


def _drop_repeated(
    kind: Kind, block: Block, rows: list[tuple[int, list[str]]], seen: dict[Hashable, int], errors: list[RowError]
) -> None:
    """A key the chunk holds twice (`seen`: each key kept so far, with its line): the later row is refused as a
    repeat of the first."""
    keys = list(zip(*(block.columns[index] for index in kind.key_at), strict=True)) if block.lines else []
    if len(set(keys)) == len(keys) and seen.keys().isdisjoint(keys):
        seen.update(zip(keys, block.lines, strict=True))
        return
    cells = dict(rows)
    repeated: dict[int, None] = {}
    for index, (key, line) in enumerate(zip(keys, block.lines, strict=True)):
        first = seen.setdefault(key, line)
        if first != line:
            errors.append(duplicate_error(line, first, kind.reference_of(cells[line])))
            repeated[index] = None
    block.lines = keep(block.lines, repeated)
    block.columns = [keep(column, repeated) for column in block.columns]


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
