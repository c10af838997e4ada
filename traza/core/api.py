"""What every API endpoint shares: paging, the JSON it reads, and the one error shape."""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, pagination, parsers, serializers, status
from rest_framework.response import Response

from traza.agencies.selectors import preferred_language
from traza.core.typing import Text


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


#: At most this many values in one request body, and this many fields in one error answer.
MAX_JSON_VALUES = 10_000
MAX_ERROR_FIELDS = 50


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is larger than Traza accepts.")
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing what would otherwise fail far from the request: bodies over the upload limit,
    nesting too deep to read (a RecursionError), a body that is not an object (every request of ours is one),
    more values than any request of ours has, and the NUL character (PostgreSQL cannot store it in text)."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply to read."))
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("The body must be a JSON object, with the request's fields as its keys."))
        _check_values(data)
        return data


def _check_values(data) -> None:
    """Walk the parsed JSON without recursion: refuse NUL characters and bodies with too many values."""
    pending, seen = [data], 0
    while pending:
        value = pending.pop()
        seen += 1
        if seen > MAX_JSON_VALUES:
            raise exceptions.ParseError(_("The JSON holds more values than any Traza request has."))
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and "\x00" in value:
            raise exceptions.ParseError(_("Text may not contain the NUL character (\\u0000)."))


def _error_code(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    return codes if isinstance(codes, str) else "error"


def exception_handler(exc, context):
    """Answer every error as {"error": {"code", "message", "fields"}}."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {
            name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])][:MAX_ERROR_FIELDS]
            for name, msgs in list(detail.items())[:MAX_ERROR_FIELDS]
        }
        message = _("The request has errors; see the fields.")
    else:
        message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
    response.data = {"error": {"code": _error_code(exc), "message": message, "fields": fields}}
    return response


def error_response(*, status: int, code: str, message: str, fields: dict | None = None) -> Response:
    return Response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    # The serializer's metaclass takes declared fields off the class; the DRF stubs read this as replacing `fields`.
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]


class ErrorSerializer(serializers.Serializer):
    """Every error: {"error": {"code", "message", "fields"}}; `fields` names each wrong field."""

    error = ErrorBodySerializer()


#: What an error status means wherever it is answered; an app names its own 403, 404 and 409 (`meanings`).
ERROR_MEANINGS = {
    400: gettext_lazy("The request has errors: `fields` names each wrong field."),
    401: gettext_lazy("No valid credentials: a missing, expired or revoked token."),
    403: gettext_lazy("The account may not do this."),
}


def error_responses(*codes: int, meanings: Mapping[int, Text] | None = None) -> dict[int, OpenApiResponse]:
    """The OpenAPI answers of an operation's errors: the one error shape, with what each status means there."""
    described: dict[int, Text] = {**ERROR_MEANINGS, **(meanings or {})}
    return {code: OpenApiResponse(ErrorSerializer, description=described[code]) for code in codes}


class RequestLanguageMixin:
    """An API view that answers in the language the request's Accept-Language header asks for, else the user's own.

    The user's own language applies whether the client signed in with a token or a session.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "HTTP_ACCEPT_LANGUAGE" in request.META:
            language = translation.get_language_from_request(request)
        else:
            language = preferred_language(request.user)
        translation.activate(language)
        request.LANGUAGE_CODE = language
