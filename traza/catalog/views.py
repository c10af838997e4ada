"""The catalog browser: the makes, calibres and offence codes Traza resolves free text against."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from traza.catalog.selectors import calibers_matching, crime_codes_matching, licensee_names, makes_matching

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
def makes_page(request: HttpRequest) -> HttpResponse:
    """Makes with their aliases, country, kind, licences (and their licensees' names) and importers."""
    q = request.GET.get("q", "").strip()
    page = _page(request, makes_matching(q))
    names = licensee_names(licence.rds_key for make in page for licence in make.licences.all())
    for make in page:
        make.licence_rows = [(licence, names.get(licence.rds_key, "")) for licence in make.licences.all()]
    return _render(request, "catalog/makes.html", "catalog", q, page)


@login_required
@require_GET
def calibers_page(request: HttpRequest) -> HttpResponse:
    """Calibres with the group an examiner treats as one, and the ways each is written."""
    q = request.GET.get("q", "").strip()
    return _render(request, "catalog/calibers.html", "catalog-calibers", q, _page(request, calibers_matching(q)))


@login_required
@require_GET
def crime_codes_page(request: HttpRequest) -> HttpResponse:
    """NCIC offence codes with their Spanish and English names and the Mexican offence names mapped to them."""
    q = request.GET.get("q", "").strip()
    return _render(
        request, "catalog/crime_codes.html", "catalog-crime-codes", q, _page(request, crime_codes_matching(q))
    )
