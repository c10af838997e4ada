"""The traces API: submit a trace, read its result, list and filter traces, withdraw one.

Views only parse input and call services; every read starts from the viewer's scope
(`traces_visible_to`), so another agency's trace answers 404.
"""

from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from traza.agencies.models import Agency, User
from traza.core.api import RequestLanguageMixin, error_response
from traza.tracing.api.schema import IDEMPOTENCY_KEY, NUMBER, errors
from traza.tracing.api.serializers import (
    TRACE_EXAMPLE,
    TraceDetailSerializer,
    TraceRequestSerializer,
    TraceSummarySerializer,
    read_trace_request,
)
from traza.tracing.filters import TraceListFilter
from traza.tracing.models import Trace
from traza.tracing.presentation import answers_of
from traza.tracing.selectors import (
    licensees_by_rds,
    trace_by_number,
    trace_detail,
    trace_list,
    traces_editable_by,
    user_can_submit_traces,
)
from traza.tracing.services import trace_cancel, trace_submit

IDEMPOTENCY_KEY_MAX = 100


class CanSubmitTraces(permissions.BasePermission):
    """Officers, investigators, analysts and agency administrators of an agency may submit and withdraw traces."""

    message = _("Your account may not submit or withdraw traces.")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or user_can_submit_traces(request.user)


class TraceView(RequestLanguageMixin, GenericAPIView):
    """What the traces endpoints share: the submitter permission, and answers in the request's language."""

    permission_classes = [permissions.IsAuthenticated, CanSubmitTraces]

    def detail_response(self, number: str, *, code: int = status.HTTP_200_OK) -> Response:
        trace = trace_detail(user=cast(User, self.request.user), number=number)
        rds = {step.licensee_rds for step in trace.steps.all()} | {trace.stopped_at_rds}
        steps = trace.steps.all()
        context = {"request": self.request, "licensees": licensees_by_rds(rds), "answers": answers_of(steps)}
        return Response(TraceDetailSerializer(trace, context=context).data, status=code)


class TraceListView(TraceView):
    serializer_class = TraceSummarySerializer

    @extend_schema(
        operation_id="traces_list",
        summary=_("List traces"),
        description=_("The traces of your agency, newest first unless `ordering` says otherwise."),
        parameters=TraceListFilter.parameters(),
        responses={200: TraceSummarySerializer(many=True), **errors(400, 401, 403)},
        tags=["traces"],
    )
    def get(self, request):
        filters = TraceListFilter(request.query_params)
        if not filters.is_valid():
            raise ValidationError(filters.errors_by_parameter())
        queryset = filters.apply(trace_list(user=request.user))
        page = self.paginate_queryset(queryset)
        waiting = (trace.stopped_at_rds for trace in page if trace.status == Trace.Status.IN_PROGRESS)
        context = {**self.get_serializer_context(), "licensees": licensees_by_rds(waiting)}
        return self.get_paginated_response(TraceSummarySerializer(page, many=True, context=context).data)

    @extend_schema(
        operation_id="traces_create",
        summary=_("Submit a trace"),
        description=_(
            "Checked with the same rules as a trace_requests.csv row. The chain is resolved as the trace is saved: "
            "when the records are in Traza, the answer already holds the final result."
        ),
        request=TraceRequestSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: TraceDetailSerializer,
            200: OpenApiResponse(TraceDetailSerializer, description=_("A repeated Idempotency-Key: the first trace.")),
            **errors(400, 401, 403, 409, 422),
        },
        examples=[OpenApiExample("A pistol recovered in Culiacán", value=TRACE_EXAMPLE, request_only=True)],
        tags=["traces"],
    )
    def post(self, request):
        user = request.user
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > IDEMPOTENCY_KEY_MAX:
            message = gettext("Idempotency-Key is longer than %(max)s characters.") % {"max": IDEMPOTENCY_KEY_MAX}
            raise ValidationError({"Idempotency-Key": [message]})
        data = read_trace_request(request.data, user=user)
        agency = user.agency if data["agency_id"] == user.agency_id else Agency.objects.get(pk=data["agency_id"])
        try:
            trace, created = trace_submit(actor=user, agency=agency, data=data, channel="api", idempotency_key=key)
        except IntegrityError:
            return _ref_taken()
        except DjangoValidationError as error:
            if error.code != "idempotency_key_reused":
                raise
            return error_response(
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                code="idempotency_key_reused",
                message=error.messages[0],
                fields={"Idempotency-Key": error.messages},
            )
        return self.detail_response(trace.number, code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _ref_taken() -> Response:
    return error_response(
        status=status.HTTP_409_CONFLICT,
        code="conflict",
        message=gettext("Your agency already has a trace with this request_ref."),
        fields={"request_ref": [gettext("Your agency already has a trace with this request_ref.")]},
    )


class TraceDetailView(TraceView):
    serializer_class = TraceDetailSerializer

    @extend_schema(
        operation_id="traces_retrieve",
        summary=_("Read a trace"),
        description=_(
            "Status, chain with the evidence of each step, indicators. Purchaser and possessor names are never "
            "shown: the purchaser appears as the opaque purchaser_id."
        ),
        parameters=[NUMBER],
        responses={200: TraceDetailSerializer, **errors(401, 403, 404)},
        tags=["traces"],
    )
    def get(self, request, number: str):
        return self.detail_response(number)


class TraceCancelView(TraceView):
    serializer_class = TraceDetailSerializer

    @extend_schema(
        operation_id="traces_cancel",
        summary=_("Withdraw a trace"),
        description=_(
            "The requesting agency withdraws a trace that has no final result yet. Withdrawing it again changes "
            "nothing; a trace with another final result answers 409."
        ),
        parameters=[NUMBER],
        request=None,
        responses={200: TraceDetailSerializer, **errors(401, 403, 404, 409)},
        tags=["traces"],
    )
    def post(self, request, number: str):
        trace = trace_by_number(traces_editable_by(request.user), number)  # a sharing partner's trace: 404
        try:
            trace_cancel(actor=request.user, trace=trace)
        except DjangoValidationError as error:
            return error_response(status=status.HTTP_409_CONFLICT, code="final", message=error.messages[0])
        return self.detail_response(trace.number)
