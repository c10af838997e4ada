"""/api/v1/catalog/markings/: the markings review queue for machine clients, and mapping a spelling to a make.

For analysts and country coordinators, as the review page is; other accounts get 403.
"""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from traza.agencies.permissions import HasRole
from traza.agencies.roles import MARKING_REVIEWERS
from traza.catalog.lookup import CatalogIndex
from traza.catalog.review import Kind, make_alias_add, make_by_name, spellings_explained, unresolved_spellings
from traza.core.api import RequestLanguageMixin, error_response, error_responses

ERRORS = {
    403: _("The account reviews no markings (analysts and country coordinators do)."),
    409: _("The spelling already stands for a make (only an analyst's mapping may be corrected)."),
}


errors = partial(error_responses, meanings=ERRORS)


class SpellingSerializer(serializers.Serializer):
    """One unresolved way of writing a make, the records that have it, and the traces waiting on it."""

    key = serializers.CharField(help_text=_("The spelling as the catalog compares it"))
    text = serializers.CharField(help_text=_("The way it is written most often"))
    texts = serializers.SerializerMethodField(help_text=_("Every way it is written, with how many records have each"))
    waiting = serializers.IntegerField(help_text=_("Traces that name it, whoever may read them"))
    counts = serializers.SerializerMethodField(help_text=_("Records that name it, by kind"))
    first_seen = serializers.DateField(allow_null=True)
    last_seen = serializers.DateField(allow_null=True)
    suggestions = serializers.ListField(child=serializers.CharField(), help_text=_("The nearest catalog makes"))
    traces = serializers.ListField(
        source="trace_numbers", child=serializers.CharField(), help_text=_("Numbers of the waiting traces you may read")
    )

    def get_texts(self, spelling) -> dict[str, int]:
        return dict(spelling.texts.most_common())

    def get_counts(self, spelling) -> dict[str, int]:
        return {kind: rows for kind, rows in spelling.counts.items() if rows}


class AliasRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=150, help_text=_("The spelling as written on the records"))
    make = serializers.CharField(max_length=120, help_text=_("The catalog make's name"))
    correct = serializers.BooleanField(
        default=False, help_text=_("Replace an earlier analyst's mapping of the spelling (audited)")
    )


class AliasSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(help_text=_("The spelling as mapped"))
    make = serializers.CharField(source="make.name")
    make_id = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # declared fields leave the class; stubs disagree

    created_at = serializers.DateTimeField()


class MarkingsView(RequestLanguageMixin, GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, HasRole(MARKING_REVIEWERS)]


class MarkingListView(MarkingsView):
    serializer_class = SpellingSerializer

    @extend_schema(
        operation_id="catalog_markings",
        summary=_("List the spellings of makes Traza could not resolve"),
        description=_("Grouped as the catalog compares them, most traces waiting first, paged."),
        parameters=[
            OpenApiParameter("kind", str, enum=Kind.values, description=_("Only spellings records of this kind have"))
        ],
        responses={200: SpellingSerializer(many=True), **errors(400, 401, 403)},
        tags=["catalog"],
    )
    def get(self, request):
        kind = request.query_params.get("kind", "")
        if kind and kind not in Kind.values:
            raise ValidationError({"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Kind.values)}]})
        catalog = CatalogIndex.load()
        page = self.paginate_queryset(unresolved_spellings(catalog=catalog, kind=kind))
        spellings_explained(viewer=request.user, spellings=page, catalog=catalog)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MarkingAliasView(MarkingsView):
    serializer_class = AliasRequestSerializer

    @extend_schema(
        operation_id="catalog_markings_map",
        summary=_("Map a spelling to a catalog make"),
        description=_(
            "Adds an analyst's alias, written to the audit log; every record and trace written that way is "
            "resolved again in the background."
        ),
        request=AliasRequestSerializer,
        responses={201: AliasSerializer, **errors(400, 401, 403, 409)},
        tags=["catalog"],
    )
    def post(self, request):
        given = AliasRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            make = make_by_name(given.validated_data["make"])
            alias = make_alias_add(actor=request.user, make=make, **_without(given.validated_data, "make"))
        except DjangoValidationError as error:
            if error.error_dict.get("text") and error.error_dict["text"][0].code == "known":
                return error_response(status=status.HTTP_409_CONFLICT, code="known", message=error.messages[0])
            raise ValidationError(as_serializer_error(error))
        return Response(AliasSerializer(alias).data, status=status.HTTP_201_CREATED)


def _without(data: dict, *names: str) -> dict:
    return {name: value for name, value in data.items() if name not in names}
