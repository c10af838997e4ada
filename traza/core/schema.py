"""The API's published OpenAPI schema (a module of its own: DRF's settings import core/api.py, which
drf-spectacular's views would import back)."""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView

from traza.core.api import ERROR_MEANINGS


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, always in English: the API's own language, as its codes and field names are.

    Descriptions written in the code are translatable but docstrings are not, so a schema generated in the
    reader's language would mix the two; one language throughout, whatever the reader's language or `?lang=`.
    """

    def _get_schema_response(self, request):
        with translation.override("en"):
            return super()._get_schema_response(request)


def document_shared_errors(result, generator, request, public):
    """Answers an operation may give whatever its view says, documented where drf-spectacular cannot see them
    (a post-processing hook): 400 for the NUL character anywhere in the query string (RefuseNulMiddleware), and
    for a paged list 404 for a page that does not exist (DRF's pager)."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    nul = {"description": str(ERROR_MEANINGS[400]), "content": error}
    page_missing = {"description": "No such page: past the last one, or not a page number.", "content": error}
    for operations in result["paths"].values():
        for operation in operations.values():
            operation["responses"].setdefault("400", nul)
            if any(parameter["name"] == "page" for parameter in operation.get("parameters", [])):
                operation["responses"].setdefault("404", page_missing)
    return result


def any_of_without_discriminator(result, generator, request, public):
    """An answer that is one of several views with no field naming which (a query as an analyst sees it, or as
    its licensee's responder does) may fit more than one, the fuller view holding every field of the other:
    `anyOf`, where drf-spectacular writes `oneOf`, which refuses an answer fitting both. A post-processing hook."""
    for component in result["components"]["schemas"].values():
        if "oneOf" in component and "discriminator" not in component:
            component["anyOf"] = component.pop("oneOf")
    return result
