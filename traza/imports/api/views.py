"""The uploads API: send a file of trace requests or seizures, follow its import, fetch its rejected rows.

Every read starts from the viewer's agency (`uploads_visible_to`), so another agency's upload
answers 404.
"""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import Serializer, as_serializer_error

from traza.core.api import RequestLanguageMixin, error_responses
from traza.imports.api.serializers import RowErrorSerializer, UploadCreateSerializer, UploadSerializer
from traza.imports.selectors import upload_detail, upload_list, upload_row_errors, user_can_upload
from traza.imports.services import upload_create
from traza.imports.views import error_report_response

UPLOAD_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("The upload's id"))
ERRORS = {
    403: _("The account may not send files."),
    404: _("No such upload among your agency's."),
}


errors = partial(error_responses, meanings=ERRORS)


class CanUpload(permissions.BasePermission):
    """Whoever may submit traces for an agency may send its files; every user of the agency may follow them."""

    message = _("Your account may not send files.")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or user_can_upload(request.user)


class UploadView(RequestLanguageMixin, GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, CanUpload]
    serializer_class: type[Serializer] = UploadSerializer


class UploadListView(UploadView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="uploads_list",
        summary=_("List uploads"),
        description=_("The files your agency sent, newest first."),
        responses={200: UploadSerializer(many=True), **errors(401)},
        tags=["uploads"],
    )
    def get(self, request):
        page = self.paginate_queryset(upload_list(user=request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="uploads_create",
        summary=_("Send a file"),
        description=_(
            "A file of trace requests or seizures (FORMATS.md), CSV or XLSX. It is stored and imported in the "
            "background: poll `url` until `finished`, then fetch the rejected rows from `errors_url`. Only your "
            "agency's rows are imported: a row with another agency_code is rejected. A file the import cannot "
            "read (unknown encoding, broken quote, missing column) ends `refused`, with the reason in `message`."
        ),
        request={"multipart/form-data": UploadCreateSerializer},
        responses={202: UploadSerializer, **errors(400, 401, 403)},
        tags=["uploads"],
    )
    def post(self, request):
        serializer = UploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            run = upload_create(actor=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error))
        data = self.get_serializer(run).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class UploadDetailView(UploadView):
    @extend_schema(
        operation_id="uploads_retrieve",
        summary=_("Follow an upload"),
        description=_("Its status and progress while it runs; then its counts, warnings and, if refused, why."),
        parameters=[UPLOAD_ID],
        responses={200: UploadSerializer, **errors(401, 404)},
        tags=["uploads"],
    )
    def get(self, request, pk: int):
        return Response(self.get_serializer(upload_detail(user=request.user, pk=pk)).data)


class JsonAnswers(BaseContentNegotiation):
    """Errors and JSON reports are JSON whatever the request asks; the view itself chooses to stream CSV."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class UploadErrorsView(UploadView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonAnswers
    serializer_class = RowErrorSerializer
    pagination_class = None  # the whole report, as the CSV is

    @extend_schema(
        operation_id="uploads_errors",
        summary=_("Fetch an upload's rejected rows"),
        description=_(
            "Every rejected row: line, reference, column (as the file's header names it) and reason, in the "
            "request's language. CSV by default; `?format=xlsx` answers a spreadsheet, `?format=json` a JSON list."
        ),
        parameters=[
            UPLOAD_ID,
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                enum=["csv", "xlsx", "json"],
                description=_("csv (the default), xlsx or json"),
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description=_("Columns: line, reference, column, reason")
            ),
            (200, "application/json"): RowErrorSerializer(many=True),
            **errors(401, 404),
        },
        tags=["uploads"],
    )
    def get(self, request, pk: int):
        run = upload_detail(user=request.user, pk=pk)
        if request.query_params.get("format") == "json":
            return Response(self.get_serializer(upload_row_errors(run).iterator(chunk_size=5000), many=True).data)
        return error_report_response(run, xlsx=request.query_params.get("format") == "xlsx")
