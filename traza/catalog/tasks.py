"""Background work on the catalogs (run by `traza worker`)."""

from django_tasks import task

from traza.catalog import review
from traza.catalog.models import MakeAlias


@task()
def resolve_spelling(*, alias_id: int) -> dict[str, int]:
    """Point the records written as an analyst's new alias at its make, and resolve their traces again."""
    return review.spelling_resolve(alias=MakeAlias.objects.select_related("make").get(pk=alias_id))
