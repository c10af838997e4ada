"""The one pager every list page shows under its table: `{% load pages %}{% pager page %}`."""

from django import template
from django.core.paginator import Page
from django.http import QueryDict

register = template.Library()


@register.inclusion_tag("core/_pager.html", takes_context=True)
def pager(context, page: Page, anchor: str = "") -> dict:
    """Links to the first, previous, next and last pages of `page`, keeping the request's filters and ordering.

    `anchor` (`#traces-title`) brings the reader back to the list when it sits low on a long page. Nothing is
    shown when everything fits on one page.
    """
    params = context["request"].GET
    links = {}
    if page.has_previous():
        links["first"] = _with_page(params, 1)
        links["previous"] = _with_page(params, page.previous_page_number())
    if page.has_next():
        links["next"] = _with_page(params, page.next_page_number())
        links["last"] = _with_page(params, page.paginator.num_pages)
    return {"page": page, "links": links, "anchor": anchor}


def _with_page(params: QueryDict, number: int) -> str:
    """The request's parameters with this page number; filters left blank are dropped."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        kept = [value for value in values if value]
        if name != "page" and kept:
            query.setlist(name, kept)
    query["page"] = str(number)
    return query.urlencode()
