"""Background work on the catalogs (run by `traza worker`)."""

from django_tasks import task

from traza.catalog import review
from traza.catalog.models import MakeAlias


@task()
def resolve_spelling(*, alias_id: int, previous_make_id: int | None = None) -> dict[str, int]:
    """Point the records written as an analyst's new (or corrected) alias at its make, and trace them again."""
    alias = MakeAlias.objects.get(pk=alias_id)
    return review.spelling_resolve(alias=alias, previous_make_id=previous_make_id)
