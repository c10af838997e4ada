"""The statistics pages in Chromium, on the small demo world: every chart of a dashboard draws, a filter
changes the figures, the table and the CSV are a click away, a phone needs no sideways scrolling, the
coverage page leads to an upload, the policy page compares its periods; and the README's screenshots.

The demo world (about 400 traces of Mexican and US agencies over 2023–2026, a change of Mexico's access
policy, seizure inventories, coordinates) is imported once for the module through the ordinary importer,
which also brings the statistics up to date; the module empties the database when it ends.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import conftest as browser
from tests.browser.support import DESKTOP, PHONE, PageProblems, horizontal_overflow, screenshot, scroll_to

# The browser tests' fixtures (tests/browser/conftest.py), which pytest offers only below tests/browser/.
chromium, server = browser.chromium, browser.server

pytestmark = [pytest.mark.browser]

PASSWORD = "Rastreo-de-armas-2026"
OFFICER = "oficial.culiacan"  # an officer of Culiacán's municipal police: the agency dashboard
COORDINATOR = "coordinacion.mx"  # Mexico's coordinator: the country dashboard and the policy page
# The same people, reading English (the account's language wins over the browser's).
ENGLISH = {
    OFFICER: ("officer.culiacan", "officer", "MXSIN006PM"),
    COORDINATOR: ("coordination.mx", "coordinator", "MXFGR0000"),
}


@pytest.fixture
def transactional_db(django_db_blocker):
    """The database, open to the test and the server, kept as the module built it.

    Its name tells pytest-django to set up the test database; unlike pytest-django's own, it does not
    empty the tables after each test (the module's world is built once and emptied at the module's end).
    """
    with django_db_blocker.unblock():
        yield


# A coordinator signs in with a second step: each sign-in here spends one of their recovery codes.
RECOVERY_CODES: dict[str, list[str]] = {}


def recovery_codes_set(username: str) -> list[str]:
    """Two-factor set up for `username`, with recovery codes enough for the module's sign-ins."""
    from django.utils import timezone

    from traza.agencies import totp
    from traza.agencies.models import TwoFactorDevice, User

    codes = totp.new_recovery_codes() + totp.new_recovery_codes()
    TwoFactorDevice.objects.create(
        user=User.objects.get(username=username),
        secret=totp.new_secret(),
        confirmed_at=timezone.now(),
        recovery_codes=[totp.recovery_hash(totp.recovery_key(code)) for code in codes],
    )
    return codes


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory, django_db_setup, django_db_blocker, server):
    """The small demo world, imported once for the module, its demo users signing in with PASSWORD."""
    from traza.agencies.services.accounts import user_create
    from traza.demo.services import demo_load, demo_users_ensure
    from traza.demo.world import generate

    directory = tmp_path_factory.mktemp("demo")
    generate(size="small", seed=1968, directory=directory)
    with django_db_blocker.unblock(), server.paused():
        demo_load(directory=directory)
        demo_users_ensure(password=PASSWORD)
        for username, role, agency in ENGLISH.values():
            user_create(username=username, role=role, agency_code=agency, password=PASSWORD, language="en")
        for username in (COORDINATOR, ENGLISH[COORDINATOR][0]):
            RECOVERY_CODES[username] = recovery_codes_set(username)
    yield
    with django_db_blocker.unblock(), server.paused():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def open_page(chromium, server, demo_world, transactional_db):
    """A fresh browser window (its own cookies); the module's data stays, the page's problems are checked.

    Besides PageProblems (script errors, CSP, server errors), any error on the console fails the test.
    """
    contexts, problems, console = [], PageProblems(), []

    def on_console(message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            console.append(f"console: {message.text} ({message.location.get('url')})")

    def open_page(*, viewport: dict = DESKTOP, locale: str = "es-MX"):
        context = chromium.new_context(
            base_url=server.url, locale=locale, timezone_id="America/Mexico_City", viewport=viewport
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        page.on("console", on_console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    with server.paused():
        problems.check()
    assert not console, "\n".join(console)


def signed_in(open_page, username: str, language: str, **options):
    """A window where `username` (or the same person reading English) signed in."""
    username = username if language == "es" else ENGLISH[username][0]
    page = open_page(locale="es-MX" if language == "es" else "en-US", **options)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    if username in RECOVERY_CODES:
        page.wait_for_url("/accounts/login/code/")
        page.locator("input[name=code]").fill(RECOVERY_CODES[username].pop())
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def loaded_charts(page) -> list[str]:
    """Wait until htmx has swapped every chart in and each with figures drew; the keys of those that drew.

    A chart without figures for its filters shows its empty table and no canvas.
    """
    slots = page.locator(".chart-slot")
    expect(slots.first).to_be_attached()
    count = slots.count()
    expect(page.locator(".chart-slot > section.stat-chart")).to_have_count(count, timeout=30_000)
    drawable = page.locator(".chart-slot:has(.chart-canvas)")
    expect(page.locator(".chart-slot section.stat-chart[data-chart-state=drawn]")).to_have_count(
        drawable.count(), timeout=30_000
    )
    return [key.removeprefix("slot-") for key in drawable.evaluate_all("slots => slots.map(s => s.id)")]


# The number of shapes ECharts drew for a map chart (its series' regions, or its geo component's).
REGIONS = """(container) => {
    const chart = echarts.getInstanceByDom(container);
    const series = chart.getModel().getSeriesByIndex(0);
    const geo = series.coordinateSystem || (chart.getModel().getComponent("geo", 0) || {}).coordinateSystem;
    return geo && geo.regions ? geo.regions.length : 0;
}"""


def regions(page, key: str) -> int:
    return page.evaluate(REGIONS, page.locator(f"#slot-{key} .chart-canvas").element_handle())


def table_rows(page, key: str) -> list[str]:
    return page.locator(f"#slot-{key} .stat-table tbody tr").all_text_contents()


AGENCY_CHARTS = {
    "traces-month",
    "completion-month",
    "ttc",
    "origins",
    "source-map",
    "flows",
    "makes",
    "types",
    "recovery-states",
    "recovery-municipalities",
    "recovery-points",
    "lag-distribution",
    "coverage-month",
}


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_agency_dashboard_draws_every_chart_and_its_maps(open_page, language):
    page = signed_in(open_page, OFFICER, language)

    page.goto("/stats/?scope=agency")
    keys = loaded_charts(page)

    assert AGENCY_CHARTS <= set(keys), sorted(AGENCY_CHARTS - set(keys))
    for key in keys:
        expect(page.locator(f"#slot-{key} .chart-canvas canvas").first).to_be_attached()
        expect(page.locator(f"#slot-{key} .stat-table")).to_be_hidden()
    assert regions(page, "recovery-states") == 32
    assert regions(page, "recovery-municipalities") > 2000
    assert regions(page, "source-map") > 50
    assert regions(page, "recovery-points") == 32
    assert page.evaluate("document.documentElement.lang") == language
    heading = {"es": "Estadísticas", "en": "Statistics"}[language]
    expect(page.locator("h1")).to_contain_text(heading)
    if language == "es":
        scroll_to(page, "p.caveat")
        screenshot(page, "stats-dashboard")


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_country_dashboard_draws_every_chart_for_the_coordinator(open_page, language):
    page = signed_in(open_page, COORDINATOR, language)

    page.goto("/stats/?scope=country")
    keys = loaded_charts(page)

    assert "recovery-points" not in keys  # coordinates are an agency's own
    assert {"flows", "coverage-state", "coverage-agency", "lag-submitter", "source-states"} <= set(keys)
    for key in keys:
        expect(page.locator(f"#slot-{key} .chart-canvas canvas").first).to_be_attached()
    assert regions(page, "coverage-state") == 32
    # Mexico's agencies, municipal, state and federal, recovered guns in several states, sold in several US states.
    assert len(table_rows(page, "recovery-states")) >= 3
    assert len(table_rows(page, "source-map")) >= 3
    assert len(table_rows(page, "lag-level")) == 3
    if language == "es":
        scroll_to(page, "#slot-flows")
        screenshot(page, "stats-flows")
        scroll_to(page, "#slot-recovery-states")
        screenshot(page, "stats-map")


def test_a_period_filter_changes_the_figures_and_keeps_itself(open_page):
    page = signed_in(open_page, COORDINATOR, "es")
    page.goto("/stats/?scope=country")
    loaded_charts(page)
    everything = page.locator("#slot-traces-month .reading").text_content()
    total = int(re.sub(r"\D", "", everything.split(" ")[0]))

    page.locator("#id_start").fill("2025-01-15")
    page.get_by_role("button", name="Mostrar las cifras").click()
    page.wait_for_url(re.compile(r"start=2025-01-15"))
    loaded_charts(page)

    since = page.locator("#slot-traces-month .reading").text_content()
    assert 0 < int(re.sub(r"\D", "", since.split(" ")[0])) < total, (everything, since)
    expect(page.locator("#id_start")).to_have_value("2025-01-15")
    months = page.locator("#slot-traces-month .stat-table tbody th").all_text_contents()
    assert months and all(int(month.split()[-1]) >= 2025 for month in months), months
    # The chart's own request carried the filter.
    assert "start=2025-01-15" in page.locator("#slot-traces-month").get_attribute("hx-get")


def test_see_the_table_shows_it_and_the_csv_holds_the_charts_rows(open_page):
    page = signed_in(open_page, OFFICER, "es")
    page.goto("/stats/?scope=agency")
    loaded_charts(page)
    chart = page.locator("#slot-makes")

    toggle = chart.locator(".table-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(chart.locator(".stat-table table")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    shown = [name.strip() for name in chart.locator(".stat-table tbody th").all_text_contents()]
    assert shown

    href = chart.get_by_role("link", name="Descargar CSV").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text().lstrip("\ufeff").splitlines()
    for name in shown:
        assert any(f",{name}," in line for line in lines[1:]), (name, lines[:5])


def test_a_phone_shows_the_dashboard_without_sideways_scrolling(open_page):
    page = signed_in(open_page, OFFICER, "es", viewport=PHONE)
    page.goto("/stats/?scope=agency")
    keys = loaded_charts(page)

    assert horizontal_overflow(page) <= 0
    for key in keys:
        box = page.locator(f"#slot-{key} .chart-canvas").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (key, box)
        assert box["height"] > 100, (key, box)


def test_the_policy_page_compares_the_periods_for_the_coordinator(open_page):
    page = signed_in(open_page, COORDINATOR, "es")
    page.goto("/stats/policy/")

    expect(page.locator("#reading-title")).to_be_visible()
    charts = page.locator("section.stat-chart:has(.chart-canvas)")
    expect(charts.first).to_be_attached()
    expect(page.locator("section.stat-chart[data-chart-state=drawn]")).to_have_count(charts.count())
    assert charts.count() >= 2  # the periods, and who submitted in each
    expect(page.locator("#chart-policy-periods .chart-canvas canvas").first).to_be_attached()
    # Both periods, central then distributed, each with its figures.
    expect(page.locator("#chart-policy-periods .stat-table tbody tr")).to_have_count(2)
    history = page.locator("section[aria-labelledby=history-title] tbody tr")
    expect(history).to_have_count(2)  # central, then distributed from 15 January 2025
    screenshot(page, "stats-policy")


def test_the_coverage_page_lists_untraced_guns_and_trace_these_leads_to_the_upload(open_page):
    """Last of the module: pressing "trace these" submits the agency's untraced guns."""
    page = signed_in(open_page, OFFICER, "es")
    page.goto("/stats/coverage/?scope=agency")
    loaded_charts(page)

    untraced = page.locator("section[aria-labelledby=untraced-title] tbody tr")
    expect(untraced.first).to_be_visible()
    assert untraced.count() >= 3
    scroll_to(page, "#untraced-title")
    screenshot(page, "stats-coverage")

    page.get_by_role("button", name=re.compile(r"Rastrear (estas|esta)")).click()
    page.wait_for_url(re.compile(r"/uploads/\d+/"))
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
