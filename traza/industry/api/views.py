"""The licensee queries API: the queue, one query, a licensee's answer, "no record".

For the tracing centre's analysts and the licensees' responders only (403 for every other role).
Every read starts from the viewer's scope (`queries_workable_by`), so another licensee's query
answers 404. Views only parse input and call services.
"""

from functools import partial
from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from traza.agencies.models import User
from traza.agencies.permissions import HasRole
from traza.core.api import RequestLanguageMixin, error_response, error_responses
from traza.industry.api.serializers import (
    ANSWER_EXAMPLE,
    AnalystQuerySerializer,
    AnswerRequestSerializer,
    ResponderQuerySerializer,
    read_answer,
)
from traza.industry.filters import QueueListFilter
from traza.industry.models import LicenseeQuery
from traza.industry.selectors import QUERY_ANSWERERS, query_detail, query_queue, user_is_responder
from traza.industry.services import query_answer, query_no_record
from traza.tracing.selectors import licensees_by_rds

QUERY_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("The query's id"))
ERRORS = {
    403: _("The account works no licensee queries (analysts and industry responders do)."),
    404: _("No such query among those the account works."),
    409: _("The query is closed: it was answered, or the trace no longer needs it."),
}


errors = partial(error_responses, meanings=ERRORS)


def query_schema(*, many: bool = False) -> PolymorphicProxySerializer:
    """An analyst's view of a query, or a responder's (the firearm and the due time only)."""
    return PolymorphicProxySerializer(
        component_name="LicenseeQuery",
        serializers=[AnalystQuerySerializer, ResponderQuerySerializer],
        resource_type_field_name=None,
        many=many,
    )


class QueryView(RequestLanguageMixin, GenericAPIView):
    """What the queries endpoints share: who may use them, and which view of a query each reader gets."""

    permission_classes = [permissions.IsAuthenticated, HasRole(QUERY_ANSWERERS)]

    def get_serializer_class(self):
        return ResponderQuerySerializer if user_is_responder(self.request.user) else AnalystQuerySerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "licensees": getattr(self, "licensees", {})}

    def serialize(self, queries, *, many: bool = False):
        self.licensees = licensees_by_rds(query.licensee_rds for query in (queries if many else [queries]))
        return self.get_serializer(queries, many=many).data

    def query_response(self, pk: int) -> Response:
        return Response(self.serialize(query_detail(user=cast(User, self.request.user), pk=pk)))


class QueryListView(QueryView):
    @extend_schema(
        operation_id="queries_list",
        summary=_("List open licensee queries"),
        description=_(
            "Overdue first, then urgent traces before routine, then by due time. An analyst reads every "
            "agency's queries; an industry responder those addressed to its licence, and of each only the "
            "firearm and the due time."
        ),
        parameters=QueueListFilter.parameters(),
        responses={200: query_schema(many=True), **errors(400, 401, 403)},
        tags=["queries"],
    )
    def get(self, request):
        form = QueueListFilter(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors_by_parameter())
        page = self.paginate_queryset(form.apply(query_queue(user=request.user)))
        return self.get_paginated_response(self.serialize(page, many=True))


class QueryDetailView(QueryView):
    @extend_schema(
        operation_id="queries_retrieve",
        summary=_("Read a licensee query"),
        parameters=[QUERY_ID],
        responses={200: query_schema(), **errors(401, 403, 404)},
        tags=["queries"],
    )
    def get(self, request, pk: int):
        return self.query_response(pk)


class QueryAnswerView(QueryView):
    @extend_schema(
        operation_id="queries_answer",
        summary=_("Answer a licensee query with the licensee's record"),
        description=_(
            "The licensee's A&D record of the firearm (dispositions.csv columns) and, for a retail sale, the "
            "purchase record (purchases.csv columns in `purchase`), checked as a file row is. The record is kept "
            "with the caller as the person who entered it; every trace waiting on the licensee goes on at once."
        ),
        parameters=[QUERY_ID],
        request={"application/json": AnswerRequestSerializer},
        responses={200: query_schema(), **errors(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("A retail sale", value=ANSWER_EXAMPLE, request_only=True)],
        tags=["queries"],
    )
    def post(self, request, pk: int):
        query = query_detail(user=request.user, pk=pk)
        record, purchase = read_answer(request.data)
        try:
            query_answer(actor=request.user, query=query, record=record, purchase=purchase, via=LicenseeQuery.Via.API)
        except DjangoValidationError as error:
            return _refused(error)
        return self.query_response(pk)


class QueryNoRecordView(QueryView):
    @extend_schema(
        operation_id="queries_no_record",
        summary=_("Close a licensee query: the licensee has no record"),
        description=_("The trace ends not traced, for want of a record (no_record)."),
        parameters=[QUERY_ID],
        request=None,
        responses={200: query_schema(), **errors(401, 403, 404, 409)},
        tags=["queries"],
    )
    def post(self, request, pk: int):
        query = query_detail(user=request.user, pk=pk)
        try:
            query_no_record(actor=request.user, query=query, via=LicenseeQuery.Via.API)
        except DjangoValidationError as error:
            return _refused(error)
        return self.query_response(pk)


def _refused(error: DjangoValidationError) -> Response:
    """A closed query is a conflict (409); wrong fields are a bad request (400)."""
    if getattr(error, "code", None) == "closed":
        return error_response(status=status.HTTP_409_CONFLICT, code="closed", message=error.messages[0])
    raise ValidationError(as_serializer_error(error))
