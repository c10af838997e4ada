"""Links that keep what the reader asked for: the query string of a request, changed."""

from django.http import QueryDict


def query_string(params: QueryDict, *, drop: tuple[str, ...] = (), **changes: str) -> str:
    """The query string of `params` without `drop` and blank values, with `changes` applied."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        kept = [value for value in values if value.strip()]
        if name not in drop and name not in changes and kept:
            query.setlist(name, kept)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()
