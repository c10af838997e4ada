"""The one make matcher: a marking, a legal name or a licensee's name → a catalog make, how, and how surely.

Every caller (intake, the industry importers, the engine, the list filters, the type-ahead, the
catalog search) goes through `CatalogIndex.match_make`, which asks a `MakeMatcher`. The bases are
tried from the surest to the least sure; the first that answers wins:

- `exact` (1.0): the text's `make_key` is the key of a make's name;
- `alias` (0.98): it is the key of one of the make's aliases (the catalog's or an analyst's);
- `licence` (0.95): it is the key of the licence name or business name of a federal licence a make
  holds (AFMER rows, imported FFL list rows of types 07, 08, 10 and 11);
- `tokens` (0.9): runs of its words are names of curated makes (a compound marking such as
  `NORINCO/JIANSHE`, `CUGIR - ROMARM`, or a legal name with extra words); the answer is their one
  make, the maker when they name a maker and its own importer, and none when they name two
  unrelated makes;
- `fuzzy` (0.85 at most): a typo of a curated name or alias (`BERRETA`, `SMITH & WESON`). Only keys of
  5 characters or more, compared with rapidfuzz's ratio (insertions and deletions); the best must
  score at least `FUZZY_MIN_SCORE`, begin and end with the same letters as the text and be as long
  within one letter (typos happen inside words; `ARMSCO` is not `ARMSCOR`, `NORICA` is not
  `NORINCO`, `ROSSINI` is not `ROSSI`), and beat the best key of any
  other make by `FUZZY_MARGIN`. Only the curated catalog is compared, never the thousands of names
  that come from licence lists.

`tokens` and `fuzzy` only ever answer a curated make with a maker's marking: the make of unmarked
guns (`SIN MARCA`) is reached by its name and aliases only (`FABRICA DESCONOCIDA` is not it).
"""

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from traza.catalog.keys import make_key

EXACT_CONFIDENCE = 1.0
ALIAS_CONFIDENCE = 0.98
LICENCE_CONFIDENCE = 0.95
TOKENS_CONFIDENCE = 0.9
FUZZY_MAX_CONFIDENCE = 0.85
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_SCORE = 83.0
FUZZY_MARGIN = 5.0
_WINDOW_WORDS = 6

# Words that name no maker on their own: a run of only these is never a `tokens` hit.
GENERIC_WORDS = frozenset(
    "ARMS FIREARMS GUNS GUN INTERNATIONAL USA AMERICA AMERICAN MANUFACTURING INDUSTRIES DEFENSE TACTICAL "
    "ARMORY SPORTING IMPORTS DISTRIBUTORS GROUP FACTORY STATE WORKS PRECISION OUTDOORS CUSTOM "
    "RIFLE RIFLES PISTOL PISTOLS ARMAS FABRICA NORTH SOUTH EAST WEST CENTER SUPPLY SALES ENTERPRISES".split()
)


class MakeMatcher:
    """Make keys of the catalog arranged for each basis; `match(text)` answers (make id, basis, confidence)."""

    def __init__(
        self,
        *,
        names: dict[int, str],
        curated: set[int],  # the catalog's own makes of marked guns: the only ones tokens and fuzzy answer
        aliases: Iterable[tuple[str, int]],
        licence_names: Iterable[tuple[str, int]],
        importers: dict[int, frozenset[int]],
    ) -> None:
        self._names = {make_key(name): make_id for make_id, name in names.items()}
        self._aliases: dict[str, int] = {}
        for name, make_id in aliases:
            self._aliases.setdefault(make_key(name), make_id)
        self._licences: dict[str, set[int]] = {}
        for name, make_id in licence_names:
            self._licences.setdefault(make_key(name), set()).add(make_id)
        self._importers = importers
        curated_keys = {key: make_id for key, make_id in self._names.items() if make_id in curated}
        curated_keys |= {key: make_id for key, make_id in self._aliases.items() if make_id in curated}
        self._curated_keys = list(curated_keys)
        self._curated_makes = list(curated_keys.values())
        self._words = {key: make_id for key, make_id in curated_keys.items() if set(key.split()) - GENERIC_WORDS}
        self._fuzzy_keys = [key for key in curated_keys if len(key) >= FUZZY_MIN_LENGTH]
        self._fuzzy_makes = [curated_keys[key] for key in self._fuzzy_keys]

    def match(self, text: str) -> tuple[int | None, str, float]:
        key = make_key(text)
        if not key:
            return None, "", 0.0
        if key in self._names:
            return self._names[key], "exact", EXACT_CONFIDENCE
        if key in self._aliases:
            return self._aliases[key], "alias", ALIAS_CONFIDENCE
        holders = self._licences.get(key, set())
        if len(holders) == 1:
            return next(iter(holders)), "licence", LICENCE_CONFIDENCE
        make_id = self.tokens(key)
        if make_id is not None:
            return make_id, "tokens", TOKENS_CONFIDENCE
        make_id, score = self.fuzzy(key)
        if make_id is not None:
            return make_id, "fuzzy", round(FUZZY_MAX_CONFIDENCE * score / 100, 2)
        return None, "", 0.0

    def tokens(self, key: str) -> int | None:
        """The one make that runs of the key's words name, longest runs first; None for none or several."""
        words = key.split()
        if len(words) < 2:
            return None
        hits: set[int] = set()
        start = 0
        while start < len(words):
            for end in range(min(len(words), start + _WINDOW_WORDS), start, -1):
                make_id = self._words.get(" ".join(words[start:end]))
                if make_id is not None:
                    hits.add(make_id)
                    start = end
                    break
            else:
                start += 1
        makers = {m for m in hits if not any(m in self._importers.get(o, ()) for o in hits if o != m)}
        return makers.pop() if len(makers) == 1 else None

    def fuzzy(self, key: str) -> tuple[int | None, float]:
        """The make one of whose curated keys `key` is a typo of, with the score (0–100); (None, 0) if unsure."""
        if len(key) < FUZZY_MIN_LENGTH:
            return None, 0.0
        found = process.extract(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE - FUZZY_MARGIN, limit=12
        )
        typos = [(score, self._fuzzy_makes[at]) for candidate, score, at in found if _same_edges(key, candidate)]
        if not typos:
            return None, 0.0
        score, make_id = max(typos)
        runner_up = max((s for _c, s, at in found if self._fuzzy_makes[at] != make_id), default=0.0)
        if score < FUZZY_MIN_SCORE or score - runner_up < FUZZY_MARGIN:
            return None, 0.0
        return make_id, score

    def nearest(self, text: str, *, limit: int) -> list[int]:
        """The curated makes whose names or aliases are nearest to `text`, nearest first (for suggestions)."""
        found = process.extract(
            make_key(text), self._curated_keys, scorer=fuzz.WRatio, score_cutoff=60, limit=limit * 4
        )
        makes = dict.fromkeys(self._curated_makes[position] for _key, _score, position in found)
        return list(makes)[:limit]


def _same_edges(key: str, candidate: str) -> bool:
    """A typo keeps a name's first and last letters and its length within one: `TAURAS` for `TAURUS`.

    Not `ARMSCO` for `ARMSCOR`, `NORICA` for `NORINCO`, nor a longer name such as `ROSSINI` for `ROSSI`.
    """
    return key[0] == candidate[0] and key[-1] == candidate[-1] and abs(len(key) - len(candidate)) <= 1
