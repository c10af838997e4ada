"""The catalog browser: the makes, calibres and offence codes Traza resolves free text against;
and, for analysts and coordinators, the markings review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from traza.agencies.permissions import role_required
from traza.agencies.roles import MARKING_REVIEWERS
from traza.catalog.forms import MarkingMapForm
from traza.catalog.lookup import CatalogIndex
from traza.catalog.review import Kind, make_alias_add, make_by_name, markings_queue
from traza.catalog.selectors import calibers_matching, crime_codes_matching, licensee_names, makes_matching
from traza.core.typing import AuthenticatedRequest

PAGE_SIZE = 25
SECTIONS = [
    ("catalog", _("Makes")),
    ("catalog-calibers", _("Calibres")),
    ("catalog-crime-codes", _("Offence codes")),
]


def _page(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _render(request: HttpRequest, template: str, section: str, q: str, page: Page) -> HttpResponse:
    labels = dict(SECTIONS)
    context = {"sections": SECTIONS, "section": section, "section_label": labels[section], "q": q, "page": page}
    return render(request, template, context)


@login_required
@require_GET
def makes_page(request: AuthenticatedRequest) -> HttpResponse:
    """Makes with their aliases, country, kind, licences (and their licensees' names) and importers."""
    q = request.GET.get("q", "").strip()
    page = _page(request, makes_matching(q))
    names = licensee_names(licence.rds_key for make in page for licence in make.licences.all())
    for make in page:
        make.licence_rows = [(licence, names.get(licence.rds_key, "")) for licence in make.licences.all()]
    return _render(request, "catalog/makes.html", "catalog", q, page)


@login_required
@require_GET
def calibers_page(request: AuthenticatedRequest) -> HttpResponse:
    """Calibres with the group an examiner treats as one, and the ways each is written."""
    q = request.GET.get("q", "").strip()
    return _render(request, "catalog/calibers.html", "catalog-calibers", q, _page(request, calibers_matching(q)))


@login_required
@require_GET
def crime_codes_page(request: AuthenticatedRequest) -> HttpResponse:
    """NCIC offence codes with their Spanish and English names and the Mexican offence names mapped to them."""
    q = request.GET.get("q", "").strip()
    return _render(
        request, "catalog/crime_codes.html", "catalog-crime-codes", q, _page(request, crime_codes_matching(q))
    )


@require_GET
@role_required(MARKING_REVIEWERS)
def markings_page(request: AuthenticatedRequest) -> HttpResponse:
    """The spellings of makes Traza could not resolve, most traces waiting first, each with a form to map it."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    page = markings_queue(viewer=request.user, kind=kind, page=request.GET.get("page"))
    return render(request, "catalog/markings.html", {"page": page, "kind": kind, "kinds": Kind.choices})


@role_required(MARKING_REVIEWERS)
def marking_map(request: AuthenticatedRequest) -> HttpResponse:
    """Map a spelling to a catalog make: an audited alias; its traces are resolved again in the background."""
    if request.method != "POST":
        form = MarkingMapForm(initial={"text": request.GET.get("text", "")})
        return _map_page(request, form)
    form = MarkingMapForm(request.POST)
    if not form.is_valid():
        return _map_page(request, form, status=400)
    try:
        make = make_by_name(form.cleaned_data["make"])
        alias = make_alias_add(
            actor=request.user, text=form.cleaned_data["text"], make=make, correct=form.cleaned_data["correct"]
        )
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return _map_page(request, form, status=400)
    message = gettext("%(text)s is now read as %(make)s; the traces that name it are being traced again.")
    messages.success(request, message % {"text": alias.name, "make": make.name})
    return redirect("catalog-markings")


def _map_page(request: HttpRequest, form: MarkingMapForm, status: int = 200) -> HttpResponse:
    text = form["text"].value() or ""
    nearest = CatalogIndex.load().suggest_makes(text) if text.strip() else []
    return render(request, "catalog/marking_map.html", {"form": form, "nearest": nearest}, status=status)
