"""What the OpenAPI schema says about the parts of the traces API it cannot see by itself."""

from functools import partial

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiParameter

from traza.core.api import error_responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Bearer <token>`: tokens are issued with `traza token create`."""

    target_class = "traza.core.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="AUTHORIZATION", token_prefix="Bearer")  # noqa: S106 (a scheme name, not a secret)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=_(
        "Up to 100 characters. Sending the same key again returns the trace the first request created "
        "(200 instead of 201), so a client may retry safely."
    ),
)

NUMBER = OpenApiParameter(
    "number", str, OpenApiParameter.PATH, description=_("Trace number, e.g. T202600000123"), pattern=r"^T\d{12}$"
)


ERRORS = {
    404: _("No such trace among those the account may see."),
    409: _("The request conflicts with the trace's state or an existing trace."),
    422: _("The Idempotency-Key was already used with a different request."),
}
errors = partial(error_responses, meanings=ERRORS)
