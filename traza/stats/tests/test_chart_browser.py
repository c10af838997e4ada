"""The charts in Chromium: every kind draws on a canvas, the maps load offline, the table is a click away,
nothing breaks the Content-Security-Policy, and a phone needs no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.browser import conftest as browser
from tests.browser.support import PHONE, horizontal_overflow

# The browser tests' fixtures (tests/browser/conftest.py), which pytest offers only below tests/browser/.
chromium, open_page, server = browser.chromium, browser.open_page, browser.server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("traza.stats.tests.chart_urls"),
]

KINDS = ["stacked", "line", "bar", "histogram", "hbar", "pie", "states", "municipalities", "us", "flows", "points"]
CHARTS = len(KINDS) + 1  # and the one htmx swaps in

# What ECharts drew: the number of shapes in a map series' regions, and how much of the canvas is not blank.
DRAWN = """(container) => {
    const chart = echarts.getInstanceByDom(container);
    const series = chart.getModel().getSeriesByIndex(0);
    const geo = series.coordinateSystem || (chart.getModel().getComponent("geo", 0) || {}).coordinateSystem;
    const canvas = container.querySelector("canvas");
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] > 0 && (pixels[i] < 245 || pixels[i + 1] < 245 || pixels[i + 2] < 245)) inked++;
    }
    return {regions: geo && geo.regions ? geo.regions.length : 0, inked: inked / (pixels.length / 4)};
}"""

# Show the tooltip of the first item, and count the elements beside ECharts' own box (which holds the canvas):
# an HTML tooltip would be one, styled inline.
TOOLTIP = """(container) => {
    echarts.getInstanceByDom(container).dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: 0});
    return container.children.length - 1;
}"""


def console_errors(page) -> list[str]:
    """Every error the page's console shows or its scripts throw (CSP violations included)."""
    errors: list[str] = []

    def seen(message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", seen)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def wait_for_charts(page) -> None:
    expect(page.locator("section.stat-chart[data-chart-state=drawn]")).to_have_count(CHARTS, timeout=20_000)


def test_every_kind_of_chart_draws_on_a_canvas_and_its_table_is_a_click_away(open_page):
    page = open_page()
    errors = console_errors(page)

    page.goto("/test-charts/")
    wait_for_charts(page)

    for key in [*KINDS, "swapped"]:
        section = page.locator(f"#chart-{key}")
        expect(section.locator(".chart-canvas canvas").first).to_be_attached()
        drawn = page.evaluate(DRAWN, section.locator(".chart-canvas").element_handle())
        assert drawn["inked"] > 0.01, f"{key} drew almost nothing: {drawn}"
        expect(section.locator(".stat-table")).to_be_hidden()
    regions = {
        key: page.evaluate(DRAWN, page.locator(f"#chart-{key} .chart-canvas").element_handle())["regions"]
        for key in ("states", "municipalities", "us", "points")
    }
    assert regions["states"] == 32 and regions["points"] == 32
    assert regions["municipalities"] == 2450
    assert regions["us"] == 53  # 50 states, DC, Puerto Rico and the Virgin Islands; the Pacific territories left off
    # Each map file was fetched once, though two charts use the states.
    maps = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => /maps|us-atlas/.test(n))"
    )
    assert len(maps) == 3, maps

    toggle = page.locator("#chart-municipalities .table-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()

    table = page.locator("#chart-municipalities .stat-table table")
    expect(table).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(table.locator("tbody th", has_text="San Quintín")).to_be_visible()
    expect(page.locator("#chart-municipalities .unmapped")).to_contain_text("San Quintín")

    # Tooltips are drawn on the canvas: showing one adds no HTML (whose inline styles the CSP would block).
    for key in KINDS:
        page.locator(f"#chart-{key} .chart-canvas").hover()
        added = page.evaluate(TOOLTIP, page.locator(f"#chart-{key} .chart-canvas").element_handle())
        assert added == 0, f"{key}: the tooltip is HTML"
    assert errors == []


def test_charts_speak_spanish_and_show_suppressed_cells_as_under_five(open_page):
    page = open_page()
    page.goto("/test-charts/")
    wait_for_charts(page)

    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.evaluate("Boolean(echarts.getInstanceByDom(document.querySelector('#chart-bar .chart-canvas')))")
    page.locator("#chart-stacked .table-toggle").click()
    expect(page.locator("#chart-stacked .table-toggle")).to_have_text("Ocultar la tabla")
    expect(page.locator("#chart-stacked tbody th").first).to_have_text("nov 2024")
    expect(page.locator("#chart-stacked tbody abbr").first).to_have_text("<5")


def test_a_chart_htmx_swaps_out_is_disposed_and_the_new_one_drawn(open_page):
    page = open_page()
    errors = console_errors(page)
    page.goto("/test-charts/")
    wait_for_charts(page)
    page.evaluate("window.oldChart = document.querySelector('#slot-swapped .chart-canvas')")

    page.evaluate("htmx.ajax('GET', '/test-charts/swapped/', {target: '#slot-swapped', swap: 'innerHTML'})")

    page.wait_for_function("!document.contains(window.oldChart)")
    expect(page.locator("#slot-swapped section.stat-chart[data-chart-state=drawn]")).to_have_count(1)
    assert page.evaluate("echarts.getInstanceByDom(window.oldChart) === undefined")
    assert errors == []


def test_without_javascript_the_tables_show_and_no_empty_chart_box(open_page):
    page = open_page(java_script_enabled=False)
    page.goto("/test-charts/")

    expect(page.locator(".stat-table table")).to_have_count(len(KINDS))
    for key in KINDS:
        expect(page.locator(f"#chart-{key} .stat-table table")).to_be_visible()
        expect(page.locator(f"#chart-{key} .chart-canvas")).to_be_hidden()
        expect(page.locator(f"#chart-{key} .table-toggle")).to_be_hidden()


def test_a_phone_shows_every_chart_full_width_without_sideways_scrolling(open_page):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    errors = console_errors(page)
    page.goto("/test-charts/")
    wait_for_charts(page)

    widths = page.evaluate(
        "[...document.querySelectorAll('.chart-canvas')].map(c => Math.round(c.getBoundingClientRect().right))"
    )
    assert max(widths) <= PHONE["width"]
    assert min(widths) > PHONE["width"] - 60  # full width, less the page's and the box's padding
    for key in ("us", "municipalities"):
        page.locator(f"#chart-{key} .table-toggle").click()
    assert horizontal_overflow(page) <= 0
    assert errors == []


def test_printing_shows_every_table(open_page):
    page = open_page()
    page.goto("/test-charts/")
    wait_for_charts(page)

    page.emulate_media(media="print")

    for key in KINDS:
        expect(page.locator(f"#chart-{key} .stat-table table")).to_be_visible()
        expect(page.locator(f"#chart-{key} .table-toggle")).to_be_hidden()


def test_a_map_that_cannot_load_leaves_its_table_in_view(open_page):
    page = open_page()
    errors = console_errors(page)
    page.route("**/stats/maps/mx-municipalities-2010.topo.json", lambda route: route.abort())

    page.goto("/test-charts/")

    expect(page.locator("#chart-municipalities[data-chart-state=failed]")).to_have_count(1)
    expect(page.locator("#chart-municipalities .stat-table table")).to_be_visible()
    expect(page.locator("#chart-municipalities .chart-canvas")).to_be_hidden()
    expect(page.locator("#chart-municipalities .table-toggle")).to_be_hidden()
    expect(page.locator("#chart-municipalities .chart-failed")).to_have_text(
        "No se pudo cargar el mapa; la tabla de abajo tiene todas las cifras."
    )
    # The other maps drew; the failure is reported once, to the console, for whoever looks after the server.
    expect(page.locator("#chart-states[data-chart-state=drawn]")).to_have_count(1)
    assert [e for e in errors if "mx-municipalities" not in e and "Failed to fetch" not in e] == [], errors


def test_before_printing_the_charts_are_redrawn_at_the_page_width(open_page):
    page = open_page(viewport={"width": 960, "height": 800})  # one chart a row, wider than A4 paper
    page.goto("/test-charts/")
    wait_for_charts(page)
    width = "echarts.getInstanceByDom(document.querySelector('#chart-states .chart-canvas')).getWidth()"
    assert page.evaluate(width) > 800

    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(width) <= 660
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(width) > 800
