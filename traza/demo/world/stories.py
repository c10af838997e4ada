"""Every story of a traced gun, and how many of each a world gets.

One story per path of the trace engine (sales.py, oddities.py; rings.py for straw purchases). `PLAN`
gives each story a share of the world's traces and a minimum, so the small world has them all.
"""

from collections.abc import Callable

from traza.demo.world import oddities, sales
from traza.demo.world.events import Event
from traza.demo.world.storyteller import Storyteller

STORIES: dict[str, Callable[[Storyteller], Event]] = {
    "mx_old": sales.mx_old,
    "us_crime": sales.us_crime,
    "us_own": sales.us_own,
    "foreign_imported": sales.foreign_imported,
    "paper_dealer": sales.paper_dealer,
    "paper_wholesaler": sales.paper_wholesaler,
    "bridge": sales.bridge,
    "obr_found": sales.obr_found,
    "obr_not_found": sales.obr_not_found,
    "obr_missing": sales.obr_missing,
    "dealer_no_record": sales.dealer_no_record,
    "maker_no_record": sales.maker_no_record,
    "no_licence_make": sales.no_licence_make,
    "paper_maker": sales.paper_maker,
    "pre1968_make": oddities.pre1968_make,
    "pre1968_chain": oddities.pre1968_chain,
    "foreign_incomplete": oddities.foreign_incomplete,
    "foreign_never_imported": oddities.foreign_never_imported,
    "exported": oddities.exported,
    "homemade": oddities.homemade,
    "obliterated_full": oddities.obliterated_full,
    "partial_none": oddities.partial_none,
    "partial_ambiguous": oddities.partial_ambiguous,
    "dealer_theft": oddities.dealer_theft,
    "dealer_theft_paper": oddities.dealer_theft_paper,
    "dealer_loss": oddities.dealer_loss,
    "owner_theft": oddities.owner_theft,
    "in_inventory": oddities.in_inventory,
    "destroyed": oddities.destroyed,
    "purchase_missing": oddities.purchase_missing,
    "retail_no_ref": oddities.retail_no_ref,
    "ambiguous": oddities.ambiguous,
}
#: story: (share of the world's traces, minimum count). Straw-purchase rings take the rest (RING_SHARE).
PLAN = {
    "mx_old": (0.21, 4), "us_crime": (0.12, 4), "us_own": (0.02, 2), "foreign_imported": (0.07, 3),
    "paper_dealer": (0.05, 3), "paper_wholesaler": (0.015, 2), "bridge": (0.01, 2), "obr_found": (0.015, 2),
    "obr_not_found": (0.01, 2), "obr_missing": (0.01, 2), "dealer_no_record": (0.01, 2),
    "maker_no_record": (0.02, 2), "no_licence_make": (0.015, 2), "paper_maker": (0.015, 2),
    "pre1968_make": (0.01, 2), "pre1968_chain": (0.01, 2), "foreign_incomplete": (0.01, 2),
    "foreign_never_imported": (0.03, 2), "exported": (0.015, 2), "homemade": (0.03, 2),
    "obliterated_full": (0.03, 2), "partial_none": (0.004, 1), "partial_ambiguous": (0.004, 1),
    "dealer_theft": (0.015, 2), "dealer_theft_paper": (0.008, 1), "dealer_loss": (0.005, 1),
    "owner_theft": (0.025, 2), "in_inventory": (0.008, 1), "destroyed": (0.004, 1), "purchase_missing": (0.008, 1),
    "retail_no_ref": (0.008, 1), "ambiguous": (0.004, 1),
}  # fmt: skip
RING_SHARE = 0.16


def plan(traces: int) -> dict[str, int]:
    """How many of each story a world with about `traces` traces gets."""
    return {name: max(minimum, round(share * traces)) for name, (share, minimum) in PLAN.items()}
