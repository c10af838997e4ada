"""The one pager every list page shows under its table: `{% load pages %}{% pager page %}`."""

from django import template
from django.core.paginator import Page

from traza.core.query_strings import query_string

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
        links["first"] = query_string(params, page="1")
        links["previous"] = query_string(params, page=str(page.previous_page_number()))
    if page.has_next():
        links["next"] = query_string(params, page=str(page.next_page_number()))
        links["last"] = query_string(params, page=str(page.paginator.num_pages))
    return {"page": page, "links": links, "anchor": anchor}
