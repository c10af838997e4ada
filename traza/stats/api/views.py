"""/api/v1/stats/<measure>/: the statistics the pages show, as JSON, with the same filters and the same scopes."""

import io

from django.http import Http404, HttpResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from traza.agencies.models import AccessPolicy, Agency
from traza.catalog.models import FirearmType
from traza.core.api import RequestLanguageMixin, error_responses
from traza.imports.api.views import JsonAnswers
from traza.stats.exports import CONTENT_TYPES, as_json, write_result
from traza.stats.forms import StatsFilterForm
from traza.stats.measures import DIMENSIONS, MEASURES, TOTAL, measure
from traza.stats.scopes import AGENCY, COUNTRY, SHARING, scope_for, scopes_for
from traza.stats.services import stats_exported


def _parameter(name: str, description, enum=None, type_=str) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description, enum=enum)


PARAMETERS = [
    OpenApiParameter(
        "measure_name", str, OpenApiParameter.PATH, enum=sorted(MEASURES), description=_("The measure to compute")
    ),
    _parameter(
        "scope",
        _(
            "Whose figures: your agency's (the default), your sharing agreement's, or your country's (coordinators and "
            "auditors). Figures that cross agencies hide counts under the configured minimum."
        ),
        [AGENCY, SHARING, COUNTRY],
    ),
    OpenApiParameter(
        "by",
        str,
        OpenApiParameter.QUERY,
        required=False,
        many=True,
        explode=False,
        enum=[TOTAL, *DIMENSIONS],
        description=_("Comma-separated breakdown, e.g. month,status; total for one row. Each measure offers its own."),
    ),
    _parameter("start", _("First recovery date (YYYY-MM-DD or DD/MM/YYYY)"), type_=OpenApiTypes.DATE),
    _parameter("end", _("Last recovery date (YYYY-MM-DD or DD/MM/YYYY)"), type_=OpenApiTypes.DATE),
    _parameter("state", _("State, as its ISO 3166-2 code (MX-SIN, US-TX)")),
    _parameter("municipality", _("Municipality (INEGI CVEGEO) or county (FIPS) of the chosen state")),
    _parameter("level", _("Agency level"), list(Agency.Level.values)),
    _parameter("kind", _("Agency kind"), list(Agency.Kind.values)),
    _parameter("crime_code", _("NCIC offence code")),
    _parameter("firearm_type", _("Firearm type"), list(FirearmType.values)),
    _parameter("policy", _("Access policy in force at submission"), list(AccessPolicy.Policy.values)),
    _parameter("limit", _("At most this many rows, largest first (1 to 100)"), type_=int),
    _parameter(
        "format",
        _(
            "json (the default) or csv: the rows alone under the columns' keys, suppressed cells as <5, ATF's "
            "caveat in the X-Traza-Caveat header"
        ),
        ["json", "csv"],
    ),
]
COLUMN_FIELDS: dict[str, serializers.Field] = {
    "key": serializers.CharField(),
    "label": serializers.CharField(),
    "kind": serializers.CharField(),
}
STATS_RESPONSE = inline_serializer(
    "Statistics",
    {
        "measure": serializers.CharField(),
        "scope": serializers.CharField(),
        "by": serializers.ListField(child=serializers.CharField()),
        "filters": serializers.DictField(),
        "columns": inline_serializer("StatsColumn", COLUMN_FIELDS, many=True),
        "rows": serializers.ListField(
            child=serializers.DictField(),
            help_text=_(
                "One object per row, keyed by the columns' keys, with `suppressed`: the keys hidden in this row."
            ),
        ),
        "suppressed_below": serializers.IntegerField(allow_null=True),
        "caveat": serializers.CharField(),
    },
)


class StatsView(RequestLanguageMixin, APIView):
    """One measure for the caller's scope: the figures a dashboard draws, never personal data."""

    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonAnswers

    @extend_schema(
        operation_id="stats_measure",
        summary=_("Statistics: one measure"),
        description=format_lazy(
            _(
                "Measures: traces, completion, ttc (time-to-crime, in ATF's categories), lag (recovery to "
                "submission), sources, flows (source state to recovery state), coverage (seized guns traced), "
                "policy. Breakdowns: {breakdowns}."
            ),
            breakdowns=", ".join([TOTAL, *DIMENSIONS]),
        ),
        parameters=PARAMETERS,
        responses={
            (200, "application/json"): STATS_RESPONSE,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description=_("With format=csv: one line per row under the columns' keys")
            ),
            404: OpenApiResponse(description=_("No such measure, or no statistics for this account")),
            **error_responses(400, 401),
        },
        tags=["statistics"],
    )
    def get(self, request, measure_name: str):
        scope = scope_for(request.user, request.query_params.get("scope"))
        if measure_name not in MEASURES or scope is None:
            raise Http404
        form = StatsFilterForm(request.query_params, measure=measure_name)
        _validate(request, form=form, scope=scope)
        by = form.cleaned_data["by"]
        result = measure(measure_name, scope=scope, filters=form.filters(), by=by)
        ignored = ("scope", "by", "format")
        filters = {name: request.query_params[name] for name in request.query_params if name not in ignored}
        if request.query_params.get("format") == "csv":
            return _csv(request, result=result, filters=filters)
        return Response(as_json(result, scope=scope.name, by=by, filters=filters))


def _validate(request, *, form: StatsFilterForm, scope) -> None:
    """Raise a 400 naming every bad parameter: the form's fields, a scope the caller lacks, an unknown format."""
    problems = {} if form.is_valid() else {name: [str(m) for m in found] for name, found in form.errors.items()}
    asked = request.query_params.get("scope")
    if asked and asked != scope.name:
        names = ", ".join(found.name for found in scopes_for(request.user))
        problems["scope"] = [str(_("Your account can read these scopes: %(names)s.") % {"names": names})]
    if request.query_params.get("format", "json") not in ("json", "csv"):
        problems["format"] = [str(_("Choose json or csv."))]
    if problems:
        raise ValidationError(problems)


def _csv(request, *, result, filters: dict) -> HttpResponse:
    """The rows as a machine CSV (keys as headers, shares 0..1); the caveat in a header; recorded in the audit log."""
    stream = io.StringIO()
    write_result(result, stream, file_format="csv")
    stats_exported(actor=request.user, measure=result.measure, file_format="csv", criteria=filters)
    response = HttpResponse(stream.getvalue().encode("utf-8"), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{result.measure}.csv"'
    response["X-Traza-Caveat"] = str(result.caveat)
    return response
