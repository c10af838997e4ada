"""What every API endpoint shares: paging and the one error shape."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response

from traza.agencies.selectors import preferred_language


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _error_code(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    return codes if isinstance(codes, str) else "error"


def exception_handler(exc, context):
    """Answer every error as {"error": {"code", "message", "fields"}}."""
    if isinstance(exc, Http404):
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
        fields = {name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])] for name, msgs in detail.items()}
        message = _("The request has errors; see the fields.")
    else:
        message = str(exc.detail) if hasattr(exc, "detail") else str(exc)
    response.data = {"error": {"code": _error_code(exc), "message": message, "fields": fields}}
    return response


def error_response(*, status: int, code: str, message: str, fields: dict | None = None) -> Response:
    return Response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)


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
