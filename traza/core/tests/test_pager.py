"""The one pager of every list page: links that keep the reader's filters, and no page that spells its own."""

from pathlib import Path

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory, override_settings

import traza

PAGER = Template("{% load pages %}{% pager page anchor=anchor %}")


def _render(query: str, number: int, *, items: int = 95, anchor: str = "") -> str:
    request = RequestFactory().get(f"/traces/?{query}", HTTP_HOST="127.0.0.1")
    page = Paginator(range(items), 10).get_page(number)
    return PAGER.render(Context({"request": request, "page": page, "anchor": anchor}))


@override_settings(LANGUAGE_CODE="en")
def test_the_links_keep_the_filters_and_ordering_and_change_only_the_page():
    html = _render("status=in_progress&status=completed_dealer&serial=&ordering=-recovery_date&page=3", 3)

    kept = "status=in_progress&amp;status=completed_dealer&amp;ordering=-recovery_date"
    assert f'href="?{kept}&amp;page=1"' in html
    assert f'href="?{kept}&amp;page=2" rel="prev"' in html
    assert f'href="?{kept}&amp;page=4" rel="next"' in html
    assert f'href="?{kept}&amp;page=10"' in html
    assert "serial=" not in html  # a filter left blank is not carried along
    assert "Page 3 of 10" in html


@override_settings(LANGUAGE_CODE="es")
def test_the_first_page_links_forward_only_the_last_back_only_in_the_readers_language():
    first, last = _render("q=ZY177", 1), _render("q=ZY177", 10, anchor="#traces-title")

    assert "Página 1 de 10" in first and 'rel="prev"' not in first and 'href="?q=ZY177&amp;page=2"' in first
    assert 'rel="next"' not in last and 'href="?q=ZY177&amp;page=9#traces-title" rel="prev"' in last


def test_nothing_is_shown_when_everything_fits_on_one_page():
    assert _render("", 1, items=10).strip() == ""


def test_no_page_spells_a_pager_of_its_own():
    root = Path(traza.__file__).parent
    own = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if "next_page_number" in path.read_text(encoding="utf-8") and path.name != "_pager.html"
    ]
    assert own == []
