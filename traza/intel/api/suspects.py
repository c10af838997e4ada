"""The suspect-guns API: an agency's flags, flagging serials for a case, withdrawing a flag.

For investigators only (403 for every other role); a flag of another agency answers 404. A list with a
bad entry is refused whole, each bad entry named by its position, so the client sends it again corrected.
"""

from functools import partial
from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from traza.agencies.permissions import HasRole
from traza.agencies.roles import SUSPECT_FLAGGERS
from traza.catalog.lookup import CatalogIndex
from traza.core.api import RequestLanguageMixin, error_responses
from traza.intel.filters import SuspectListFilter
from traza.intel.models import SuspectGun
from traza.intel.selectors.people import person_for
from traza.intel.selectors.suspects import person_guns, suspect_hits, suspects_visible_to
from traza.intel.services.suspects import suspect_flag, suspect_withdraw
from traza.intel.suspects import MAX_LINES, LineError, SerialEntry, read_serial
from traza.tracing.models import format_trace_number

ERRORS = {
    400: _("The request has errors: `fields` names each wrong field, and each wrong serial by its line."),
    403: _("The account flags no suspect guns (investigators do)."),
    404: _("No such flag among the account's agency's, or no such person."),
}
FLAG_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("The flag's id"))


errors = partial(error_responses, meanings=ERRORS)


class SerialSerializer(serializers.Serializer):
    serial_number = serializers.CharField(max_length=200, trim_whitespace=False)
    manufacturer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FlagRequestSerializer(serializers.Serializer):
    # many=True makes a ListSerializer, which takes max_length; the DRF stubs only know the Serializer
    serials = SerialSerializer(many=True, required=False, default=list, max_length=MAX_LINES)  # type: ignore[call-arg]
    person = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text=_("Flag every gun this person bought")
    )
    case_ref = serializers.CharField(
        max_length=200, help_text=_("The case the flag is for, shown to the tracing agency")
    )
    expires_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Empty: TRAZA_SUSPECT_DAYS from today")
    )


class HitSerializer(serializers.Serializer):
    trace = serializers.CharField()
    agency = serializers.CharField()
    recovery_date = serializers.DateField()
    recovery_country = serializers.CharField()
    traced_at = serializers.DateTimeField()


class SuspectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    serial_number = serializers.CharField()
    manufacturer = serializers.CharField()
    make = serializers.CharField(source="make.name", allow_null=True, default=None)
    case_ref = serializers.CharField()
    person = serializers.CharField(source="person.key", allow_null=True, default=None)
    expires_on = serializers.DateField()
    created_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    hits = serializers.SerializerMethodField()

    def get_hits(self, flag) -> list[dict]:
        rows = self.context["hits"].get(flag.pk, [])
        return cast(
            list[dict],
            HitSerializer(
                [
                    {
                        "trace": format_trace_number(row["trace__created_at"].year, row["trace_id"]),
                        "agency": row["trace__agency__name"],
                        "recovery_date": row["trace__recovery_date"],
                        "recovery_country": row["trace__recovery_country"],
                        "traced_at": row["created_at"],
                    }
                    for row in rows
                ],
                many=True,
            ).data,
        )


class SuspectView(RequestLanguageMixin, GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, HasRole(SUSPECT_FLAGGERS)]
    serializer_class = SuspectSerializer

    def flags(self):
        return suspects_visible_to(self.request.user).select_related("make", "person")

    def rows(self, flags: list[SuspectGun]) -> list[dict]:
        return cast(list[dict], SuspectSerializer(flags, many=True, context={"hits": suspect_hits(flags)}).data)


class ListOnGetSchema(AutoSchema):
    """Paged on GET; the flags a POST creates come back as one plain list."""

    def _get_paginator(self):
        return super()._get_paginator() if self.method == "GET" else None


class SuspectListView(SuspectView):
    schema = ListOnGetSchema()

    @extend_schema(
        operation_id="suspects_list",
        summary=_("List the agency's suspect-gun flags"),
        description=_("Each flag with the traces that found it (the tracing agency, the recovery), newest first."),
        parameters=SuspectListFilter.parameters(),
        responses={200: SuspectSerializer(many=True), **errors(400, 401, 403)},
        tags=["suspects"],
    )
    def get(self, request):
        filters = SuspectListFilter(request.query_params)
        if not filters.is_valid():
            raise ValidationError(filters.errors_by_parameter())
        page = self.paginate_queryset(filters.apply(self.flags()))
        return self.get_paginated_response(self.rows(page))

    @extend_schema(
        operation_id="suspects_create",
        summary=_("Flag guns as suspect for a case"),
        description=_(
            "`serials` (serial_number, manufacturer if known) and/or `person` (every gun that person bought). "
            "A gun the agency already flags for the same case is not flagged twice. Answers the new flags."
        ),
        request={"application/json": FlagRequestSerializer},
        responses={201: SuspectSerializer(many=True), **errors(400, 401, 403, 404)},
        tags=["suspects"],
    )
    def post(self, request):
        given = FlagRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        person = person_for(user=request.user, key=data["person"]) if data["person"] else None
        entries = _entries(data["serials"]) + (person_guns(person) if person else [])
        try:
            flags = suspect_flag(
                actor=request.user,
                serials=entries,
                case_ref=data["case_ref"],
                expires_on=data["expires_on"],
                person=person,
            )
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error))
        return Response(self.rows(flags), status=status.HTTP_201_CREATED)


def _entries(serials: list[dict]) -> list:
    """The serials as guns to flag; every bad one named by its line (its position from 1) in one refusal."""
    catalog = CatalogIndex.load()
    entries, bad = [], []
    for line, item in enumerate(serials, start=1):
        entry = read_serial(item["serial_number"], item["manufacturer"], catalog=catalog)
        if not isinstance(entry, SerialEntry):
            bad.append(str(LineError(line, "", entry)))
        else:
            entries.append(entry)
    if bad:
        raise ValidationError({"serials": bad})
    return entries


class SuspectWithdrawView(SuspectView):
    @extend_schema(
        operation_id="suspects_withdraw",
        summary=_("Withdraw a suspect-gun flag"),
        description=_("Ends the flag now: traces no longer find it, and those that did lose the indicator."),
        parameters=[FLAG_ID],
        request=None,
        responses={200: SuspectSerializer, **errors(401, 403, 404)},
        tags=["suspects"],
    )
    def post(self, request, pk: int):
        flag = get_object_or_404(self.flags(), pk=pk)
        flag = suspect_withdraw(actor=request.user, suspect=flag)
        return Response(self.rows([flag])[0])
