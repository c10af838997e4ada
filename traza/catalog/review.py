"""The markings review queue: the spellings of makes Traza could not resolve, and mapping one to a make.

Reads group the unresolved records by their text in the database (one GROUP BY per kind of
record), then fold the distinct texts by the catalog's name key in Python, one key per distinct
text: the work grows with the number of spellings, never with the number of records. Mapping a
spelling adds an analyst's alias (audited) and, in the background, points every record written
that way at the make and resolves its traces again.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.audit.services import audit_record
from traza.catalog.keys import make_key
from traza.catalog.lookup import Basis, CatalogIndex
from traza.catalog.models import Make, MakeAlias
from traza.core.bulk import batches
from traza.core.typing import Text
from traza.industry.models import Disposition, MultipleSale, Theft
from traza.tracing.models import Trace, format_trace_number
from traza.tracing.selectors import traces_visible_to
from traza.tracing.services import traces_resolve

PAGE_SIZE = 25
TRACE_LINKS = 20  # trace numbers shown per spelling; the count says how many wait in all
SUGGESTIONS = 3
IDLE = (Trace.Status.CANCELLED, Trace.Status.DRAFT)


class Kind(models.TextChoices):
    TRACE_MAKE = "trace_make", _("make of a trace")
    TRACE_IMPORTER = "trace_importer", _("importer of a trace")
    DISPOSITION = "disposition", _("A&D record")
    THEFT = "theft", _("theft report")
    MULTIPLE_SALE = "multiple_sale", _("multiple-sale report")


class _Source(NamedTuple):
    """Where a make is written: the text column and the make it resolved to, and the date a row was seen."""

    kind: str
    model: type[models.Model]
    text: str
    make: str
    seen: str


SOURCES = (
    _Source(Kind.TRACE_MAKE, Trace, "manufacturer", "make", "created_at"),
    _Source(Kind.TRACE_IMPORTER, Trace, "importer", "importer_make", "created_at"),
    _Source(Kind.DISPOSITION, Disposition, "manufacturer", "make", "acquisition_date"),
    _Source(Kind.DISPOSITION, Disposition, "importer", "importer_make", "acquisition_date"),
    _Source(Kind.THEFT, Theft, "manufacturer", "make", "incident_date"),
    _Source(Kind.MULTIPLE_SALE, MultipleSale, "manufacturer", "make", "sale_date"),
)
WAITING_KINDS = (Kind.TRACE_MAKE, Kind.TRACE_IMPORTER)


@dataclass
class Spelling:
    """One unresolved way of writing a make: its texts as written, how often each kind of record has it, when."""

    key: str
    texts: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)
    first_seen: date | None = None
    last_seen: date | None = None
    suggestions: list[str] = field(default_factory=list)
    trace_numbers: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The way it is written most often."""
        return self.texts.most_common(1)[0][0]

    @property
    def other_texts(self) -> list[str]:
        """The other ways it is written, most frequent first."""
        return [text for text, _rows in self.texts.most_common()[1:]]

    @property
    def waiting(self) -> int:
        """Traces that name it (as make or importer), whoever may see them."""
        return sum(self.counts[kind] for kind in WAITING_KINDS)

    @property
    def by_kind(self) -> list[tuple[Text, int]]:
        """(label, rows) of each kind of record that has it, in the order of `Kind`."""
        return [(label, self.counts[value]) for value, label in Kind.choices if self.counts[value]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def seen(self, first: date | datetime | None, last: date | datetime | None) -> None:
        first, last = _day(first), _day(last)
        if first is not None and (self.first_seen is None or first < self.first_seen):
            self.first_seen = first
        if last is not None and (self.last_seen is None or last > self.last_seen):
            self.last_seen = last


# ----- reads


def _unresolved(source: _Source, *, also_of: int | None = None) -> models.QuerySet:
    """The rows of `source` that name a make in text but resolved to none (or, with `also_of`, to that make)."""
    unresolved = Q(**{f"{source.make}__isnull": True})
    if also_of is not None:
        unresolved |= Q(**{f"{source.make}_id": also_of})
    rows = source.model._default_manager.filter(unresolved).exclude(**{source.text: ""})
    return rows.exclude(status__in=IDLE) if source.model is Trace else rows


def _day(value: date | datetime | None) -> date | None:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def unresolved_spellings(*, catalog: CatalogIndex, kind: str = "") -> list[Spelling]:
    """Every unresolved spelling, most traces waiting first; with `kind`, those records of that kind have.

    A spelling the catalog now knows exactly (an alias just added, its records not yet resolved
    again) is left out.
    """
    groups: dict[str, Spelling] = {}
    keys: dict[str, str] = {}
    for source in SOURCES:
        rows = _unresolved(source).values(source.text).order_by()
        for row in rows.annotate(rows=Count("pk"), first=Min(source.seen), last=Max(source.seen)):
            text = row[source.text]
            key = keys.get(text)
            if key is None:
                key = keys[text] = make_key(text)
            spelling = groups.setdefault(key, Spelling(key=key))
            spelling.texts[text] += row["rows"]
            spelling.counts[source.kind] += row["rows"]
            spelling.seen(row["first"], row["last"])
    known = (Basis.EXACT, Basis.ALIAS)
    found = [s for s in groups.values() if s.key and catalog.match_make(s.text).basis not in known]
    if kind:
        found = [s for s in found if s.counts[kind]]
    return sorted(found, key=lambda s: (-s.waiting, -s.total, s.key))


def markings_queue(*, viewer: User, kind: str = "", page: str | int | None = 1) -> Page:
    """One page of the queue, each spelling with the nearest makes and the trace numbers `viewer` may read."""
    catalog = CatalogIndex.load()
    shown = Paginator(unresolved_spellings(catalog=catalog, kind=kind), PAGE_SIZE).get_page(page)
    spellings_explained(viewer=viewer, spellings=list(shown), catalog=catalog)
    return shown


def spellings_explained(*, viewer: User, spellings: list[Spelling], catalog: CatalogIndex) -> list[Spelling]:
    """`spellings` (one page of them) with the nearest makes and the numbers of the traces `viewer` may read."""
    for spelling in spellings:
        spelling.suggestions = _suggestions(catalog, spelling.text)
    _attach_trace_numbers(viewer, spellings)
    return spellings


def _suggestions(catalog: CatalogIndex, text: str) -> list[str]:
    """What the matcher guesses (if anything), then the nearest names."""
    guess = catalog.match_make(text).id
    names = [catalog.make_name(guess)] if guess is not None else []
    return list(dict.fromkeys([*names, *catalog.suggest_makes(text, limit=SUGGESTIONS)]))[:SUGGESTIONS]


def _attach_trace_numbers(viewer: User, spellings: list[Spelling]) -> None:
    """The numbers of the first waiting traces `viewer` may read, oldest first: one query of a few rows a spelling."""
    visible = traces_visible_to(viewer).exclude(status__in=IDLE).order_by("created_at", "id")
    for spelling in spellings:
        texts = list(spelling.texts)
        named = Q(make__isnull=True, manufacturer__in=texts) | Q(importer_make__isnull=True, importer__in=texts)
        rows = visible.filter(named).values_list("id", "created_at")[:TRACE_LINKS]
        spelling.trace_numbers = [format_trace_number(created.year, pk) for pk, created in rows]


# ----- writes


def make_by_name(name: str) -> Make:
    """The catalog make called `name` (in any case, or by one of its catalog spellings).

    Raises ValidationError on the field `make`, naming the nearest makes, when there is none.
    """
    text = " ".join(name.split())
    if not text:
        raise _refused("make", _("Choose the catalog make this spelling stands for."), code="required")
    make = Make.objects.filter(name__iexact=text).first()
    if make is not None:
        return make
    catalog = CatalogIndex.load()
    match = catalog.match_make(text)
    if match.id is not None and match.basis in (Basis.EXACT, Basis.ALIAS):
        return Make.objects.get(pk=match.id)
    nearest = catalog.suggest_makes(text, limit=SUGGESTIONS)
    if nearest:
        message = _("No catalog make is called %(name)s. The nearest: %(nearest)s.")
    else:
        message = _("No catalog make is called %(name)s.")
    raise _refused("make", message % {"name": text, "nearest": "; ".join(nearest)}, code="unknown_make")


def make_alias_add(
    *, actor: User | None, text: str, make: Make, correct: bool = False, actor_name: str = ""
) -> MakeAlias:
    """Record that `text` is a way of writing `make`: an analyst's alias, kept and audited.

    Every record and trace written that way is then resolved again in the background. A spelling
    that already names a make is refused; only an analyst's earlier mapping may be replaced, by a
    new one given as a correction (`correct`), which is audited too: nothing is ever removed, and
    the catalog's own names and spellings are never re-mapped. Raises ValidationError on `text`.
    """
    spelling = " ".join(text.split())
    key = make_key(spelling)
    if not key:
        raise _refused("text", _("Give the spelling to map, as it is written on the records."), code="blank")
    longest = MakeAlias._meta.get_field("name").max_length
    if longest is not None and len(spelling) > longest:
        raise _refused("text", _("This spelling is too long to be a make."), code="too_long")
    try:
        with transaction.atomic():
            earlier = _earlier_mapping(spelling, key, make, correct=correct)
            alias, action, previous = _mapped(earlier, key=key, spelling=spelling, make=make, actor=actor)
            details = {"text": spelling, "key": key, "make": make.name, "make_id": make.pk}
            if previous is not None:
                details |= {"previous_make": previous.name, "previous_make_id": previous.pk}
            audit_record(actor=actor, action=action, target=alias, details=details, actor_name=actor_name)
            transaction.on_commit(lambda: _enqueue(alias.pk, previous.pk if previous is not None else None))
    except IntegrityError:  # another analyst mapped it a moment ago
        _earlier_mapping(spelling, key, make, correct=False)
        raise
    return alias


def _mapped(earlier: MakeAlias | None, *, key: str, spelling: str, make: Make, actor) -> tuple:
    """(the alias written, the audited action, the make it named before a correction or None)."""
    fields = {"make": make, "name": spelling, "created_by": actor, "created_at": timezone.now()}
    if earlier is None:
        return MakeAlias.objects.create(key=key, source=MakeAlias.Source.ANALYST, **fields), "make_alias.create", None
    previous = earlier.make
    for name, value in fields.items():
        setattr(earlier, name, value)
    earlier.save(update_fields=list(fields))
    return earlier, "make_alias.change", previous


def _earlier_mapping(spelling: str, key: str, make: Make, *, correct: bool) -> MakeAlias | None:
    """The analyst's alias a correction replaces; None for a new spelling. Refuses every other case."""
    earlier = MakeAlias.objects.select_for_update().select_related("make").filter(key=key).first()
    owner = earlier.make.name if earlier is not None else _make_named_as(key)
    if owner is None:
        return None
    facts = {"text": spelling, "make": owner}
    if earlier is None or earlier.source != MakeAlias.Source.ANALYST or earlier.make_id == make.pk:
        message = _("%(text)s is already a way of writing %(make)s; a spelling stands for one make only.")
        raise _refused("text", message % facts, code="known")
    if not correct:
        message = _(
            "%(text)s is already a way of writing %(make)s, by an analyst's mapping. To change it, map it again "
            "as a correction."
        )
        raise _refused("text", message % facts, code="known")
    return earlier


def _make_named_as(key: str) -> str | None:
    return next((name for name in Make.objects.values_list("name", flat=True) if make_key(name) == key), None)


def _refused(field_name: str, message: Text, *, code: str) -> ValidationError:
    """An error on one field that keeps its code (a dict of plain messages would lose it)."""
    return ValidationError({field_name: ValidationError(message, code=code)})


def _enqueue(alias_id: int, previous_make_id: int | None) -> None:
    from traza.catalog.tasks import resolve_spelling

    resolve_spelling.enqueue(alias_id=alias_id, previous_make_id=previous_make_id)


def spelling_resolve(*, alias: MakeAlias, previous_make_id: int | None = None) -> dict[str, int]:
    """Point every unresolved record and trace written as `alias` at its make, then resolve those traces again.

    After a correction, the rows the earlier mapping pointed at `previous_make_id` move too; rows
    the matcher resolved another way keep their make. Returns how many rows of each kind changed
    and how many traces were resolved. Set-based: one DISTINCT per text column over the rows to
    move, then one UPDATE per thousand texts that share the alias's key.
    """
    changed: Counter = Counter()
    trace_ids: set[int] = set()
    for source in SOURCES:
        movable = _unresolved(source, also_of=previous_make_id)
        texts = movable.values_list(source.text, flat=True).distinct().order_by()
        for part in batches([text for text in texts if make_key(text) == alias.key]):
            rows = movable.filter(**{f"{source.text}__in": part})
            if source.model is Trace:
                trace_ids.update(rows.values_list("id", flat=True))
            changed[source.kind] += rows.update(**_pointed(source, alias.make_id))
    changed["traces_resolved"] = traces_resolve(trace_ids) if trace_ids else 0
    return dict(changed)


def _pointed(source: _Source, make_id: int) -> dict:
    if source.model is Trace and source.make == "make":
        return {"make_id": make_id, "make_basis": Basis.ALIAS, "make_confidence": 1.0}
    return {f"{source.make}_id": make_id}
