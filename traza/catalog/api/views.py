"""The catalog API: read-only look-ups of the reference catalogs, for machine clients and form suggestions.

Any signed-in user or token may read them; every list is paged and built on the selectors the
catalog pages use.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView

from traza.catalog.api.serializers import (
    CaliberSerializer,
    CrimeCodeSerializer,
    MakeSerializer,
    MunicipalitySerializer,
    RegionSerializer,
)
from traza.catalog.selectors import (
    calibers_matching,
    crime_codes_matching,
    makes_matching,
    municipalities_matching,
    regions_of,
)
from traza.core.api import RequestLanguageMixin, error_responses

UNAUTHORISED = error_responses(401)


def text(name: str, description) -> OpenApiParameter:
    return OpenApiParameter(name, str, OpenApiParameter.QUERY, description=description)


class CatalogListView(RequestLanguageMixin, GenericAPIView):
    """A paged, read-only list of one catalog."""

    def rows(self, params) -> QuerySet:
        raise NotImplementedError

    def get(self, request):
        page = self.paginate_queryset(self.rows(request.query_params))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def documented(operation: str, summary, description, serializer, parameters: list[OpenApiParameter]):
    """The OpenAPI description of a catalog list."""
    return extend_schema_view(
        get=extend_schema(
            operation_id=operation,
            summary=summary,
            description=description,
            parameters=parameters,
            responses={200: serializer(many=True), **UNAUTHORISED},
            tags=["catalog"],
        )
    )


@documented(
    "catalog_makes",
    _("Look up makes"),
    _("Makes by name or any way of writing it, with country, kind, licences and importers."),
    MakeSerializer,
    [text("q", _("Part of a name or alias; case and accents ignored"))],
)
class MakeListView(CatalogListView):
    serializer_class = MakeSerializer

    def rows(self, params) -> QuerySet:
        return makes_matching(params.get("q", ""))


@documented(
    "catalog_calibers",
    _("Look up calibres"),
    _("Calibres by name, group or any way of writing them (9mm, 9x19, 9 mm Luger)."),
    CaliberSerializer,
    [text("q", _("A calibre as written"))],
)
class CaliberListView(CatalogListView):
    serializer_class = CaliberSerializer

    def rows(self, params) -> QuerySet:
        return calibers_matching(params.get("q", ""))


@documented(
    "catalog_crime_codes",
    _("Look up offence codes"),
    _("NCIC offence codes by code, English or Spanish name, or a Mexican offence name mapped to them."),
    CrimeCodeSerializer,
    [text("q", _("A code (0911 or 911) or part of an offence name"))],
)
class CrimeCodeListView(CatalogListView):
    serializer_class = CrimeCodeSerializer

    def rows(self, params) -> QuerySet:
        return crime_codes_matching(params.get("q", ""))


@documented(
    "catalog_regions",
    _("List states"),
    _("The states (first-level subdivisions) of a country, by ISO 3166-2 code."),
    RegionSerializer,
    [text("country", _("ISO 3166-1 alpha-2 code, e.g. MX; every country when left out"))],
)
class RegionListView(CatalogListView):
    serializer_class = RegionSerializer

    def rows(self, params) -> QuerySet:
        return regions_of(params.get("country", ""))


@documented(
    "catalog_municipalities",
    _("Look up municipalities"),
    _("Mexican municipalities (INEGI) and US counties (FIPS) of a state, by name or code."),
    MunicipalitySerializer,
    [
        text("region", _("ISO 3166-2 code of the state, e.g. MX-SIN")),
        text("q", _("Part of the name (accents ignored) or the start of the code")),
    ],
)
class MunicipalityListView(CatalogListView):
    serializer_class = MunicipalitySerializer

    def rows(self, params) -> QuerySet:
        return municipalities_matching(region=params.get("region", ""), q=params.get("q", ""))
