"""A synthetic but realistic history of firearms commerce, straw purchases, thefts and recoveries.

`generate` writes it as the FORMATS.md files, deterministically for a seed: real manufacturers and
importers (AFMER 2023, the catalog's make licences), the real ATF FFL list sample and synthetic
dealers and distributors, straw-purchase rings in the border states, guns recovered in Mexico and
the US, the agencies that seize and trace them. Its traced guns are told to walk every path of the
trace engine; the rest of the A&D rows are ordinary commerce streamed to disk. Beside the FORMATS
files it writes the world's history (traza.demo.world.history): Mexico's access-policy change, and when
each request was submitted.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from traza.demo.world.background import Background, Catalogue
from traza.demo.world.books import Books
from traza.demo.world.custody import custody
from traza.demo.world.events import Event, Request
from traza.demo.world.families import families
from traza.demo.world.files import Output
from traza.demo.world.guns import Serials
from traza.demo.world.industry import Industry
from traza.demo.world.inventory import duplicates, fill, uninventoried
from traza.demo.world.recoveries import Recorder
from traza.demo.world.rings import rings
from traza.demo.world.stories import RING_SHARE, STORIES, plan
from traza.demo.world.storyteller import Storyteller
from traza.demo.world.truth import Truth

__all__ = ["SIZES", "Size", "World", "generate"]


@dataclass
class World:
    """What `generate` wrote: the rows of each file, every trace request with the story of its gun, and the
    truth behind the people of the records (who the straw buyers, rings and relatives are)."""

    counts: dict[str, int]
    requests: list[Request]
    truth: Truth


@dataclass(frozen=True)
class Size:
    """How big a world is: about how many traces, and at least how many A&D rows."""

    traces: int
    dispositions: int


SIZES = {
    "small": Size(traces=400, dispositions=5_000),
    "medium": Size(traces=3_000, dispositions=100_000),
    "large": Size(traces=20_000, dispositions=10_000_000),
}


def generate(*, size: str, seed: int, directory: Path, progress: Callable[[int], None] | None = None) -> World:
    """Write the world's files into `directory`; return what was written."""
    output = Output(directory)
    try:
        industry = Industry(random.Random(f"{seed}:industry"), size)
        output.write_many("licensees", industry.rows())
        recorder = Recorder(random.Random(f"{seed}:agencies"), output, random.Random(f"{seed}:habits"))
        recorder.write_agencies()
        serials = Serials(random.Random(f"{seed}:serials"))
        truth = Truth()
        books = Books(output, random.Random(f"{seed}:books"), people_rng=random.Random(f"{seed}:people"), truth=truth)
        catalogue = Catalogue(industry)
        teller = Storyteller(random.Random(f"{seed}:stories"), industry, books, serials, catalogue)
        events = tell(teller, recorder, SIZES[size].traces)
        recorder.write(events)
        output.write_many("suspects", truth.suspects)
        background = Background(random.Random(f"{seed}:commerce"), industry, books, serials, catalogue)
        background.run(SIZES[size].dispositions, progress=progress)
    finally:
        output.close()
    return World(dict(output.counts), recorder.requests, truth)


def tell(teller: Storyteller, recorder: Recorder, traces: int) -> list[Event]:
    """Every story of the world's traced guns, and the seizures around them, each with its agency."""
    events = rings(teller, round(RING_SHARE * traces))
    teller.books.truth.dealer = teller.straw_dealer.rds
    events.extend(families(teller, max(6, round(0.015 * traces))))
    for name, count in plan(traces).items():
        for _ in range(count):
            event = STORIES[name](teller)
            event.story = name
            events.append(event)
    events.extend(custody(teller, max(3, round(0.005 * traces))))
    recorder.assign(events)
    added = fill(teller, events, recorder.coverage)
    recorder.assign(added)
    events.extend(added)
    duplicates(teller, events, max(2, round(0.02 * traces)))
    uninventoried(teller, events, max(3, round(0.01 * traces)))
    return events
