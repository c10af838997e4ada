"""Every role walks its pages in Spanish (issue 11): no English word outside proper names and codes, no error
on the console, no sideways scrolling at 1366 px nor at 390 px.

The small demo world is imported once for the module (traces resolved with their chains, licensee queries, leads,
suspect guns, notifications, audit entries), with an upload whose rows were rejected, and every demo user (one of
each role) reading Spanish; two-factor users sign in with a recovery code. Each role starts from its menu and
the header's links, and follows the same-origin links of each page, one address of each shape (a trace, an upload,
a lead, a person, a dealer, a print sheet, a tab…), at most MAX_PAGES pages; no form is sent, no file downloaded.
The error pages (403, 404) and the sign-in pages are walked too.

The windows ask for Mexican Spanish (locale es-MX). A native date input is drawn in the language of the browser
itself, not the page's nor the window's: a Chromium without its Spanish language pack (as here) shows mm/dd/yyyy
on a Spanish page. The pages keep native date inputs all the same: the value sent is always ISO (the server never
guesses an order), a phone opens its own calendar, and a Spanish user's browser shows dd/mm/aaaa.
"""

import csv
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command

from tests.browser import conftest as browser
from tests.browser.support import PHONE, horizontal_overflow, two_factor_codes

# The browser tests' fixtures (tests/browser/conftest.py), which pytest offers only below tests/browser/.
chromium, server = browser.chromium, browser.server

pytestmark = [pytest.mark.browser]

PASSWORD = "Rastreo-de-armas-2026"
WIDE = {"width": 1366, "height": 768}
MAX_PAGES = 30

# One Spanish-reading user of each role: the demo users.
ROLES = {
    "officer": "oficial.culiacan",
    "investigator": "investigador.sinaloa",
    "analyst": "analista",
    "agency_admin": "admin.culiacan",
    "coordinator": "coordinacion.mx",
    "auditor": "auditoria.mx",
    "industry": "responder.ffl",
    "sysadmin": "admin",
}

# Pages of everyone's account that no menu lists (two-factor setup is offered at sign-in).
ACCOUNT_PAGES = ["/notifications/", "/notifications/preferences/", "/accounts/two-factor/"]

# Addresses never followed: signing out, files, the API and its documents, Django's own admin, the language switch.
NOT_FOLLOWED = re.compile(
    r"^/(accounts/logout/|language/|api/|admin/|static/|favicon\.ico)|\.(csv|xlsx|pdf|json|zip|png|svg)$"
)

# Common English words of a user interface that are not also Spanish words ("no", "a", "total", "error",
# "local", "general", "final", "real", "sin", "son", "me", "once", "van", "solo", "radio", "club"… are left out).
ENGLISH = frozenset(
    """
    the and of or to in on at by for from with without into onto about above after before below between
    is are was were be been being have had do does did done will would should could can cannot might must
    this that these those there their they them then than when where which who whom whose what why how
    it its it's you your yours we our us she his her him my mine not yes all any some each every both
    either neither other others more most less least many much few only also just very too again still yet
    here now today yesterday tomorrow new old first last next previous back forward up down out over under
    trace traces traced tracing request requests requested submit submitted submission send sent save saved
    cancel cancelled canceled close closed open opened search searched find found filter filters filtered
    sort sorted export exported download downloads upload uploads uploaded import imported importing file files
    page pages of show showing shown hide hidden view views edit edited delete deleted remove removed add added
    create created update updated change changed changes select selected choose chosen clear reset apply
    status state states date dates time times day days week weeks month months year years hour hours minute
    minutes second seconds name names first last full number numbers code codes type types kind kinds
    details detail summary overview history log logs entry entries record records row rows column columns
    result results answer answers answered question questions query queries reply note notes comment comments
    user users account accounts role roles agency agencies password sign signed login logout settings
    preferences profile language home help about contact menu dashboard statistics stats chart charts table
    tables map network graph people person persons dealer dealers licensee licensees buyer buyers seller
    purchaser purchasers purchase purchases sales sold bought gun guns firearm firearms weapon weapons
    serial model models make makes caliber calibers manufacturer manufacturers importer importers
    recovery recovered recover location locations place places address addresses city country countries
    officer officers investigator investigators analyst analysts auditors coordinator coordinators
    admin administrator administrators responders industry lead leads suspect suspects case cases
    alert alerts custody notification notifications message messages unread read mark marked
    pending waiting running accepted refused rejected completed complete incomplete failed failure success
    successful none empty unknown missing required optional invalid valid yes true false enabled disabled
    active inactive approved denied forbidden allowed access permission permissions errors warning
    warnings loading please try again later sorry something went wrong not found nothing yet available
    print printed sheet sheets copy copied link links report reports reported theft thefts stolen lost
    policy policies sharing shared agreement agreements coverage untraced traceable obliterated
    urgent priority reason reasons purpose evidence chain step steps source sources
    catalog markings marking review reviewed unresolved spelling spellings crime crimes
    international outgoing incoming received pending overdue due
    per count counts average median percent share rate
    my our by since until while during within across among against toward towards
    everything anything something nobody anybody somebody everyone anyone someone
    click press enter continue confirm confirmed verify verified code recovery authenticator device
    two factor setup set
    """.split()
)

# Brands as people write them, which the help texts quote.
BRANDS = {"Smith and Wesson", "Google Authenticator", "Microsoft Authenticator"}

# Words that read the same in Spanish pages (codes, brands, units, shared words), beside the data's proper names.
ALLOWED = frozenset(
    """
    traza csv xlsx pdf api atf ffl ncic rfc curp rds url email e-mail id ok pin totp qr
    us usa mx km kg mm cm
    """.split()
)

# What a person reads: the page's text as written (no CSS capitals), without passages marked as another language
# (lang="en": an offence's official English name), and the words that show outside the text.
VISIBLE_TEXT = """() => {
    const changed = [];
    for (const element of document.body.querySelectorAll("*")) {
        const other = element.matches("[lang]:not([lang|='es']), code, kbd, samp");
        if (other || getComputedStyle(element).textTransform !== "none") {
            changed.push([element, element.style.display, element.style.textTransform]);
            if (other) element.style.display = "none";
            element.style.textTransform = "none";
        }
    }
    const texts = [document.title, document.body.innerText];
    for (const [element, display, transform] of changed) {
        element.style.display = display;
        element.style.textTransform = transform;
    }
    for (const element of document.querySelectorAll("[placeholder], [aria-label], [title], option, [alt]")) {
        if (element.closest("[lang]:not([lang|='es']):not(html), code, kbd, samp")) continue;
        for (const name of ["placeholder", "aria-label", "title", "alt"]) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
        if (element.tagName === "OPTION") texts.push(element.textContent);
    }
    return texts.join("\\n");
}"""

# The innermost elements that reach past the window's right edge, to name in a failure.
WIDE_ELEMENTS = """() => {
    const width = window.innerWidth, past = element => element.getBoundingClientRect().right > width + 1;
    const names = [...document.querySelectorAll("body *")]
        .filter(element => past(element) && ![...element.children].some(past))
        .map(element => element.tagName.toLowerCase() + (element.className ? "." + String(element.className).trim()
            .split(/\\s+/).join(".") : ""));
    return [...new Set(names)].slice(0, 4).join(", ");
}"""

SEND_EMPTY_FORM = """address => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = address;
    document.body.append(form);
    form.submit();
}"""

TABS = {"tab", "scope", "view"}

LINKS = """() => [...document.querySelectorAll("a[href]")]
    .filter(link => !link.hasAttribute("download") && link.origin === location.origin)
    .map(link => link.pathname + link.search)"""


@pytest.fixture
def transactional_db(django_db_blocker):
    """The database, open to the test and the server, kept as the module built it (emptied at the module's end)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def world(tmp_path_factory, django_db_setup, django_db_blocker, server):
    """The small demo world in Spanish; each two-factor user's recovery codes, the proper names to set aside."""
    from traza.agencies.models import User
    from traza.agencies.roles import needs_two_factor
    from traza.demo.services import demo_intel_apply, demo_load, demo_users_ensure
    from traza.demo.world import generate

    directory = tmp_path_factory.mktemp("demo")
    generate(size="small", seed=1968, directory=directory)
    with django_db_blocker.unblock(), server.paused():
        demo_load(directory=directory)
        demo_users_ensure(password=PASSWORD)
        demo_intel_apply(directory=directory)
        upload_with_errors(directory, tmp_path_factory.mktemp("upload"))
        User.objects.filter(username__in=ROLES.values()).update(language="es")
        users = User.objects.filter(username__in=ROLES.values())
        codes = {user.username: two_factor_codes(user) for user in users if needs_two_factor(user)}
        names = proper_names()
    yield {"codes": codes, "names": names}
    with django_db_blocker.unblock(), server.paused():
        call_command("flush", interactive=False, verbosity=0)


def upload_with_errors(directory, folder):
    """The Culiacán officer uploads two trace requests, one with a recovery date nobody can read."""
    from traza.agencies.models import User
    from traza.imports.models import ImportKind
    from traza.imports.services import import_file

    officer = User.objects.get(username=ROLES["officer"])
    with (directory / "later_requests.csv").open(newline="", encoding="utf-8-sig") as source:
        rows = list(csv.DictReader(source))
    good, bad = dict(rows[0]), dict(rows[0])
    good["request_ref"], bad["request_ref"] = "CLN/2026/0001", "CLN/2026/0002"
    bad["recovery_date"] = "31 de febrero"
    path = folder / "solicitudes culiacán.csv"
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([good, bad])
    run = import_file(kind=ImportKind.TRACE_REQUESTS, path=path, user=officer, agency=officer.agency)
    assert run.rows_rejected, "the upload has a rejected row"


def proper_names() -> re.Pattern:
    """The names the world's records hold (agencies, licensees, makes, places, people, users): data, not wording."""
    from traza.agencies.models import Agency, User
    from traza.catalog.models import Make, MakeAlias
    from traza.industry.models import Licensee
    from traza.tracing.models import Trace

    names = set(Agency.objects.values_list("name", flat=True))
    names |= set(Licensee.objects.values_list("license_name", flat=True))
    for field in ("business_name", "premise_street", "premise_city", "mail_street", "mail_city"):
        names |= set(Licensee.objects.values_list(field, flat=True))
    names |= set(Make.objects.values_list("name", flat=True)) | set(MakeAlias.objects.values_list("name", flat=True))
    names |= set(Trace.objects.values_list("model", flat=True))
    for first, last, username in User.objects.values_list("first_name", "last_name", "username"):
        names |= {f"{first} {last}", username}
    names |= BRANDS
    names = sorted((name for name in names if name and name.strip()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.IGNORECASE)


# File names (traces.csv) and addresses (https://…/traces/verify?number=…) are codes.
CODES = re.compile(r"[\w.-]+\.(?:csv|xlsx|pdf)\b|https?://\S+", re.IGNORECASE)


def english_words(text: str, names: re.Pattern) -> list[str]:
    """The English words of `text`, each with the words around it, once the data's proper names are set aside.

    Words in capitals are a record's text or a code (MARK II, IT), words with underscores a file's column names.
    """
    text = names.sub(" ", CODES.sub(" ", text))
    found = []
    for line in text.splitlines():
        words = re.findall(r"[\w'’]+", line)
        for index, word in enumerate(words):
            key = word.lower().strip("'’")
            if key in ENGLISH and key not in ALLOWED and not word.isupper() and "_" not in word:
                context = " ".join(words[max(0, index - 4) : index + 5])
                found.append(f"{word!r} in “{context}”")
    return found


def shape(address: str) -> str:
    """An address with its identifiers replaced (/traces/T-2024-0001/ → /traces/*/), and the names of its query
    (the values too of those that choose a tab: a statistics page's scope)."""
    parts = urlsplit(address)
    path = "/".join("*" if re.search(r"\d", part) else part for part in parts.path.split("/"))
    query = sorted({f"{key}={value}" if key in TABS else key for key, value in parse_qsl(parts.query)})
    return path + ("?" + "&".join(query) if query else "")


class Walk:
    """One person's walk: the pages seen, what is wrong on them."""

    def __init__(self, page, names: re.Pattern):
        self.page, self.names = page, names
        self.problems: list[str] = []
        self.console: list[str] = []
        self.seen_shapes: set[str] = set()
        self.words_seen: set[str] = set()
        self.visited: list[str] = []
        self.error_page = False
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"script error: {error}"))

    def _console(self, message) -> None:
        if message.type != "error" or message.location.get("url", "").endswith("/favicon.ico"):
            return
        if self.error_page and message.location.get("url") == self.page.url and "Failed to load" in message.text:
            return  # an error page's own status, which Chromium reports on the console
        self.console.append(f"console: {message.text} ({message.location.get('url')})")

    def check(self, address: str, *, reload: bool = True) -> list[str]:
        """Check the page now shown, wide and then (loaded again) on a phone's width; return its same-origin links."""
        page = self.page
        settled(page)
        for word in english_words(page.evaluate(VISIBLE_TEXT), self.names):
            if word not in self.words_seen:  # each English passage once, on the first page it shows on
                self.words_seen.add(word)
                self.problems.append(f"{address}: English {word}")
        links = page.evaluate(LINKS)
        self.overflow(address, WIDE)
        page.set_viewport_size(PHONE)
        if reload:
            page.reload()
            settled(page)
        self.overflow(address, PHONE)
        page.set_viewport_size(WIDE)
        self.problems.extend(f"{address}: {line}" for line in self.console)
        self.console.clear()
        self.visited.append(address)
        return links

    def overflow(self, address: str, viewport: dict) -> None:
        if (overflow := horizontal_overflow(self.page)) > 0:
            self.problems.append(
                f"{address}: {overflow} px of sideways scrolling at {viewport['width']} px "
                f"({self.page.evaluate(WIDE_ELEMENTS)})"
            )

    def visit(self, address: str, *, status: int = 200) -> list[str]:
        self.error_page = status != 200
        response = self.page.goto(address)
        if response is not None and response.status != status:
            self.problems.append(f"{address}: answered {response.status}, not {status}")
        links = self.check(address)
        self.error_page = False
        return links

    def refused(self, address: str) -> None:
        """The page of a form sent without its security token: 403, and nothing done."""
        self.error_page = True
        with self.page.expect_navigation() as navigation:
            self.page.evaluate(SEND_EMPTY_FORM, address)
        if navigation.value.status != 403:
            self.problems.append(f"{address}: an empty form answered {navigation.value.status}, not 403")
        self.check(f"{address} (403)", reload=False)
        self.error_page = False

    def crawl(self, start: list[str]) -> None:
        """Visit `start` and what it links to, pages before variants of a page (?page=2, ?q=…, ?ordering=…)."""
        pages, variants = [], []
        for address in start:
            (variants if urlsplit(address).query else pages).append(address)
        while (pages or variants) and len(self.visited) < MAX_PAGES:
            address = pages.pop(0) if pages else variants.pop(0)
            key = shape(address)
            if key in self.seen_shapes or NOT_FOLLOWED.search(urlsplit(address).path):
                continue
            self.seen_shapes.add(key)
            for link in self.visit(address):
                (variants if urlsplit(link).query else pages).append(link)


def settled(page) -> None:
    """Wait until the page loaded and htmx brought in what it loads at once (charts, tables)."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def signed_in_walk(chromium, server, world, username: str) -> Walk:
    """A window asking for Mexican Spanish, where `username` signed in (the sign-in pages checked on the way)."""
    context = chromium.new_context(
        base_url=server.url, locale="es-MX", timezone_id="America/Mexico_City", viewport=WIDE
    )
    context.set_default_timeout(15_000)
    walk = Walk(context.new_page(), world["names"])
    walk.visit("/accounts/login/")
    walk.page.locator("#id_username").fill(username)
    walk.page.locator("#id_password").fill(PASSWORD)
    walk.page.locator("#id_password").press("Enter")
    if username in world["codes"]:
        walk.page.wait_for_url("/accounts/login/code/")
        walk.check("/accounts/login/code/")
        walk.page.locator("input[name=code]").fill(world["codes"][username].pop())
        walk.page.locator("input[name=code]").press("Enter")
    walk.page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return walk


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_walks_its_pages_in_spanish_without_errors_or_sideways_scrolling(
    chromium, server, world, transactional_db, role
):
    walk = signed_in_walk(chromium, server, world, ROLES[role])
    try:
        landing = walk.page.url.removeprefix(server.url)
        walk.seen_shapes.add(shape(landing))
        walk.crawl(["/", *ACCOUNT_PAGES, *walk.check(landing)])
        walk.visit("/no-such-page/", status=404)
        walk.visit("/traces/T000000000000/", status=404)
        walk.refused("/notifications/read/")
    finally:
        walk.page.context.close()
    assert len(walk.visited) >= 6, walk.visited
    walked = f"{role} walked {len(walk.visited)} pages ({', '.join(walk.visited)})"
    assert not walk.problems, f"{walked}:\n" + "\n".join(walk.problems)
