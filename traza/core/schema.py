"""The API's published OpenAPI schema (a module of its own: DRF's settings import core/api.py, which
drf-spectacular's views would import back)."""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, always in English: the API's own language, as its codes and field names are.

    Descriptions written in the code are translatable but docstrings are not, so a schema generated in the
    reader's language would mix the two; one language throughout, whatever the reader's language or `?lang=`.
    """

    def _get_schema_response(self, request):
        with translation.override("en"):
            return super()._get_schema_response(request)


def document_pages(result, generator, request, public):
    """Every paged list answers 404 for a page that does not exist (DRF's pager does): say so wherever the
    operation takes the pager's `page` parameter. A drf-spectacular post-processing hook."""
    page_missing = {
        "description": "No such page: past the last one, or not a page number.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in result["paths"].values():
        for operation in operations.values():
            if any(parameter["name"] == "page" for parameter in operation.get("parameters", [])):
                operation["responses"].setdefault("404", page_missing)
    return result
