"""The international requests API: the list, one request, marking it sent, the foreign authority's answer.

For the country coordinator and the tracing centre's analysts only (403 for every other role); every
read starts from the viewer's scope, so another country's request answers 404. The answer is read by
the web page's own form, so both refuse the same things with the same words.
"""

from collections.abc import Iterable
from functools import partial
from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from traza.agencies.models import User
from traza.agencies.permissions import HasRole
from traza.core.api import RequestLanguageMixin, error_response, error_responses
from traza.core.tables import json_value
from traza.international.api.serializers import (
    InternationalAnswerSerializer,
    InternationalRequestSerializer,
    InternationalSentSerializer,
)
from traza.international.exports import request_rows
from traza.international.filters import RequestListFilter
from traza.international.forms import AnswerForm, SendForm
from traza.international.models import InternationalRequest
from traza.international.selectors import REQUEST_WORKERS, request_detail, request_list
from traza.international.services import international_request_answer, international_request_send

REQUEST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("The request's id"))
ERRORS = {
    403: _("The account works no international requests (coordinators and analysts do)."),
    404: _("No such request among those of the account's country."),
    409: _("The request was already sent, answered or closed."),
}


errors = partial(error_responses, meanings=ERRORS)


class RequestView(RequestLanguageMixin, GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, HasRole(REQUEST_WORKERS)]
    serializer_class = InternationalRequestSerializer

    def rows(self, requests) -> list[dict]:
        ids = [item.pk for item in requests]
        found = request_rows(InternationalRequest.objects.filter(pk__in=ids))  # in the order of their ids
        rows = dict(zip(sorted(ids), found, strict=True))
        return [{"url": reverse("api-international-detail", args=[pk]), **_plain(rows[pk])} for pk in ids]

    def one(self, pk: int) -> Response:
        return Response(self.rows([request_detail(user=cast(User, self.request.user), pk=pk)])[0])


def _plain(row: dict) -> dict:
    return {key: None if value is None else str(json_value(value)) for key, value in row.items()}


class RequestListView(RequestView):
    @extend_schema(
        operation_id="international_list",
        summary=_("List international trace requests"),
        description=_("The requests of the traces of the account's country's agencies: unanswered first, by due date."),
        parameters=RequestListFilter.parameters(),
        responses={200: InternationalRequestSerializer(many=True), **errors(400, 401, 403)},
        tags=["international"],
    )
    def get(self, request):
        form = RequestListFilter(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors_by_parameter())
        page = self.paginate_queryset(form.apply(request_list(user=request.user)))
        return self.get_paginated_response(self.rows(page))


class RequestDetailView(RequestView):
    @extend_schema(
        operation_id="international_retrieve",
        summary=_("Read an international trace request"),
        parameters=[REQUEST_ID],
        responses={200: InternationalRequestSerializer, **errors(401, 403, 404)},
        tags=["international"],
    )
    def get(self, request, pk: int):
        return self.one(pk)


class RequestSendView(RequestView):
    @extend_schema(
        operation_id="international_send",
        summary=_("Mark an international request sent, with the foreign authority's reference"),
        parameters=[REQUEST_ID],
        request={"application/json": InternationalSentSerializer},
        responses={200: InternationalRequestSerializer, **errors(400, 401, 403, 404, 409)},
        tags=["international"],
    )
    def post(self, request, pk: int):
        item = request_detail(user=request.user, pk=pk)
        form = SendForm(request.data)
        if not form.is_valid():
            raise ValidationError({name: list(cast(Iterable[str], messages)) for name, messages in form.errors.items()})
        try:
            international_request_send(actor=request.user, request=item, reference=form.cleaned_data["reference"])
        except DjangoValidationError as error:
            return _refused(error)
        return self.one(pk)


class RequestAnswerView(RequestView):
    @extend_schema(
        operation_id="international_answer",
        summary=_("Record the foreign authority's answer to an international request"),
        description=_(
            "`export` (with `party`, `party_country` and `export_date`) keeps the trace traced abroad, exported to "
            "that party; `no_record` ends it not traced (no_record). The trace takes the answer at once."
        ),
        parameters=[REQUEST_ID],
        request={"application/json": InternationalAnswerSerializer},
        responses={200: InternationalRequestSerializer, **errors(400, 401, 403, 404, 409)},
        tags=["international"],
    )
    def post(self, request, pk: int):
        item = request_detail(user=request.user, pk=pk)
        form = AnswerForm(request.data)
        if not form.is_valid():
            raise ValidationError({name: list(cast(Iterable[str], messages)) for name, messages in form.errors.items()})
        try:
            international_request_answer(actor=request.user, request=item, **form.cleaned_data)
        except DjangoValidationError as error:
            return _refused(error)
        return self.one(pk)


def _refused(error: DjangoValidationError) -> Response:
    """A request already sent or answered is a conflict (409); wrong fields are a bad request (400)."""
    if getattr(error, "code", None) in ("sent", "answered"):
        return error_response(status=status.HTTP_409_CONFLICT, code=cast(str, error.code), message=error.messages[0])
    raise ValidationError(as_serializer_error(error))
