"""Small fragments the trace form asks for as the officer types: catalog suggestions and place pickers.

Each answers one GET with a few `<option>`s (or the importer question) read from the reference
catalogs, or, for models, from the agency's own traces. None reads or returns personal data.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from traza.catalog.keys import caliber_key, make_key
from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Caliber, Make
from traza.core.typing import AuthenticatedRequest
from traza.tracing.forms import ImporterForm
from traza.tracing.forms.fields import municipality_choices, region_choices
from traza.tracing.presentation import catalog_name
from traza.tracing.selectors import traces_visible_to

LIMIT = 12
MAKE_FIELDS = ("manufacturer", "importer", "make")


def _typed(request: HttpRequest, *names: str) -> tuple[str, str]:
    """(field name, text) of the first of `names` the request carries a value for."""
    for name in names:
        text = request.GET.get(name, "").strip()
        if text:
            return name, text[:120]
    return "", ""


def _datalist(request: HttpRequest, names: list[str], typed: str) -> HttpResponse:
    """`<option>`s for a <datalist>; a name that does not show what was typed is labelled with it, so it still shows."""
    folded = typed.casefold()
    options = [(name, "" if folded in name.casefold() else f"{name} ({typed})") for name in names]
    return render(request, "tracing/_datalist_options.html", {"options": options})


@require_GET
@login_required
def makes(request: AuthenticatedRequest) -> HttpResponse:
    """The make the text resolves to, then makes whose name or alias holds it: the catalog's own makes first.

    Importers only for the importer field; the nearest catalog names when nothing holds the text.
    """
    field, text = _typed(request, *MAKE_FIELDS)
    if not text:
        return _datalist(request, [], "")
    catalog = CatalogIndex.load()
    found = Make.objects.filter(Q(name__icontains=text) | Q(aliases__key__startswith=make_key(text)))
    resolved = catalog.make_id(text)
    if resolved is not None:
        found = Make.objects.filter(Q(pk=resolved) | Q(pk__in=found.values("pk")))
    if field == "importer":
        found = found.filter(kind__in=[Make.Kind.IMPORTER, Make.Kind.BOTH])
    ranked = found.order_by(
        Case(When(pk=resolved, then=0), When(source=Make.Source.CATALOG, then=1), default=2), "name"
    )
    names = list(dict.fromkeys(ranked.values_list("name", flat=True)[: LIMIT * 2]))[:LIMIT]
    if not names:
        names = catalog.suggest_makes(text, limit=5)
    return _datalist(request, names, text)


@require_GET
@login_required
def models(request: AuthenticatedRequest) -> HttpResponse:
    """Models of the make given, as written in the agency's own traces: catalogs do not list models."""
    _field, text = _typed(request, "model")
    _field, make_text = _typed(request, "manufacturer")
    make_id = CatalogIndex.load().make_id(make_text) if make_text else None
    if make_id is None:
        return _datalist(request, [], "")
    written = (
        traces_visible_to(request.user)
        .filter(make_id=make_id, model__istartswith=text)
        .exclude(model="")
        .values_list("model", flat=True)
        .order_by("model")
        .distinct()[: LIMIT * 4]
    )
    names = list({model.upper(): model for model in written}.values())[:LIMIT]
    return _datalist(request, names, text)


@require_GET
@login_required
def calibers(request: AuthenticatedRequest) -> HttpResponse:
    """Calibres whose name holds the text typed, or a way of writing them starts like it; exact spellings first."""
    _field, text = _typed(request, "caliber")
    if not text:
        return _datalist(request, [], "")
    key = caliber_key(text)
    named = set(Caliber.objects.filter(name__icontains=text).values_list("name", flat=True))
    spelled = set(Caliber.objects.filter(aliases__key__startswith=key).values_list("name", flat=True)) if key else set()
    exact = set(Caliber.objects.filter(aliases__key=key).values_list("name", flat=True)) if key else set()
    ranked = sorted(named | spelled, key=lambda name: (name not in exact, name not in spelled, name))
    names = ranked[:LIMIT]
    return _datalist(request, names, text)


@require_GET
@login_required
def importer(request: AuthenticatedRequest) -> HttpResponse:
    """The importer question, asked only when the make typed is made abroad or is not known to the catalog."""
    form = ImporterForm(request.GET)
    context = {**importer_question(request.GET.get("manufacturer", "")), "field": form["importer"], "fragment": True}
    return render(request, "tracing/_importer.html", context)


def importer_question(manufacturer: str) -> dict:
    """Why the importer is asked or not for this make: `foreign`, `unknown` (asked), `domestic`, `empty` (not)."""
    text = manufacturer.strip()
    if not text:
        return {"why": "empty"}
    catalog = CatalogIndex.load()
    make_id = catalog.make_id(text)
    if make_id is None:
        return {"why": "unknown"}
    make = Make.objects.select_related("country").get(pk=make_id)
    if not catalog.make_is_foreign(make_id) or not catalog.make_is_marked(make_id):
        return {"why": "domestic", "make": make.name}
    return {"why": "foreign", "make": make.name, "country": catalog_name(make.country)}


@require_GET
@login_required
@cache_control(private=True, max_age=3600)
def states(request: AuthenticatedRequest) -> HttpResponse:
    """The states of the country chosen; the municipality picker empties, out of band."""
    _field, country = _typed(request, "recovery_country")
    return render(request, "tracing/_states.html", {"options": region_choices(country) if country else []})


@require_GET
@login_required
@cache_control(private=True, max_age=3600)
def municipalities(request: AuthenticatedRequest) -> HttpResponse:
    """The municipalities (Mexico) or counties (US) of the state chosen."""
    _field, state = _typed(request, "recovery_state")
    return render(request, "tracing/_select_options.html", {"options": municipality_choices(state)})
