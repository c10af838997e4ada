"""Every role walks its pages in Spanish (issue 11): no English word outside proper names and codes, no error
on the console, no sideways scrolling at 1366 px nor at 390 px.

The small demo world is imported once for the module (traces resolved with their chains, licensee queries, leads,
suspect guns, notifications, audit entries), with an upload and a responder's A&D book whose rows were rejected, and
every demo user (one of each role) reading Spanish; two-factor users sign in with a recovery code. Each role starts
from its menu and the header's links, and follows the same-origin links of each page, one address of each shape (a
trace, an upload, a lead, a person, a dealer, a print sheet, a tab…), every page and at most MAX_VARIANTS variants
of one (a filter, an order, a page number); no form is sent, no file downloaded. The error pages (403, 404) and the
sign-in pages are walked too. A last test checks that the walks together opened every page Traza has: a new page is
walked unless it is named below as not a page (an action, a file, a fragment).

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
from django.urls import URLResolver, get_resolver, resolve

from tests.browser import conftest as browser
from tests.browser.support import PHONE, horizontal_overflow, two_factor_codes
from traza.agencies.roles import PERSONAL_DATA_READERS

# The browser tests' fixtures (tests/browser/conftest.py), which pytest offers only below tests/browser/.
chromium, server = browser.chromium, browser.server

pytestmark = [pytest.mark.browser]

PASSWORD = "Rastreo-de-armas-2026"
WIDE = {"width": 1366, "height": 768}
MAX_VARIANTS = 10

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

# Pages of everyone's account that no menu lists (two-factor setup is offered at sign-in), and the page a printed
# sheet's QR code opens.
ACCOUNT_PAGES = ["/notifications/", "/notifications/preferences/", "/accounts/two-factor/", "/traces/verify/"]

# The addresses of the site (URL names) that are no page to read: actions a form sends, files, the pieces htmx
# loads into a page, the set-password link of an invitation e-mail, the language switch. Every other one must be
# opened by some role's walk.
NOT_PAGES = frozenset(
    """
    favicon trace-list-csv trace-list-case-file trace-suggest-makes trace-suggest-models trace-suggest-calibers
    trace-suggest-importer trace-suggest-states trace-suggest-municipalities trace-print-pdf trace-status
    trace-cancel catalog-marking-map logout set-password set-language personal-data-reveal
    agency-invite agency-user-role agency-sharing
    coordination-application coordination-policy coordination-agreement coordination-designate coordination-invite
    coordination-tracing-centre coordination-decide
    upload-blank-sheet upload-progress upload-errors upload-errors-xlsx
    query-answer query-no-record query-records-errors
    audit-export international-list-csv international-send international-answer
    stats-chart stats-chart-download stats-coverage-trace stats-coverage-file stats-custody-close stats-public-csv
    intel-network intel-trace-related intel-person-reveal intel-leads-csv intel-lead-assign intel-lead-status
    intel-lead-refer intel-lead-close
    intel-lead-note intel-suspect-withdraw notification-read
    """.split()
)

# The pages each role's walk opened (URL names), for the last test.
WALKED: dict[str, set[str]] = {}

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
        records_send(User.objects.get(username=ROLES["industry"]))
        upload_with_errors(directory, tmp_path_factory.mktemp("upload"))
        User.objects.filter(username__in=ROLES.values()).update(language="es")
        users = User.objects.filter(username__in=ROLES.values())
        codes = {user.username: two_factor_codes(user) for user in users if needs_two_factor(user)}
        names = proper_names()
        people = {user.username: person_page(user) for user in users if user.role in PERSONAL_DATA_READERS}
    yield {"codes": codes, "names": names, "people": people}
    with django_db_blocker.unblock(), server.paused():
        call_command("flush", interactive=False, verbosity=0)


def records_send(responder) -> None:
    """The responder sends its A&D book (dates month-first, a make abbreviated), with a row of another licence."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.models import DBTaskResult

    from traza.imports.tasks import import_upload
    from traza.industry.models import Licensee
    from traza.industry.services import records_upload_create

    licence = Licensee.objects.get(rds_key=responder.licensee_rds).licence_number
    book = (
        "record_id,record_keeper_license,serial_number,manufacturer,acquisition_date,disposition_date,disposition_type\n"
        f"A-1,{licence},WLK 12345,S&W,03/11/2021,04/20/2021,sale\n"
        "A-2,9-99-999-99-9Z-99999,WLK 12346,ruger,03/11/2021,04/20/2021,sale\n"
    )
    file = SimpleUploadedFile("A&D book 2021.csv", book.encode())
    run = records_upload_create(actor=responder, kind="dispositions", file=file, dayfirst=False)
    queued = DBTaskResult.objects.get(task_path=import_upload.module_path, args_kwargs__kwargs__run_id=run.pk)
    import_upload.call(**queued.args_kwargs["kwargs"])  # as the worker would, without the rest of the queue
    queued.delete()
    run.refresh_from_db()
    assert run.rows_rejected, (run.status, run.rows_created, run.rows_rejected)


def person_page(user) -> str:
    """The page of a person `user` may read: no list links to people, only traces and leads that name one."""
    from traza.intel.models import Person
    from traza.intel.selectors.people import person_visible

    person = next(person for person in Person.objects.order_by("pk").iterator() if person_visible(user, person))
    return f"/intel/people/{person.key}/"


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
        self.pages: set[str] = set()
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
        if not self.error_page:
            self.pages.add(resolve(urlsplit(address).path).url_name)
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
        """Visit `start` and what it links to, every page before at most MAX_VARIANTS variants of a page (?page=2,
        ?q=…, ?ordering=…)."""
        pages, variants, variants_seen = [], [], 0
        for address in start:
            (variants if urlsplit(address).query else pages).append(address)
        while pages or (variants and variants_seen < MAX_VARIANTS):
            address = pages.pop(0) if pages else variants.pop(0)
            key = shape(address)
            if key in self.seen_shapes or NOT_FOLLOWED.search(urlsplit(address).path):
                continue
            self.seen_shapes.add(key)
            variants_seen += bool(urlsplit(address).query)
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
        person = world["people"].get(ROLES[role])
        walk.crawl(["/", *ACCOUNT_PAGES, *walk.check(landing), *([person] if person else [])])
        walk.visit("/no-such-page/", status=404)
        walk.visit("/traces/T000000000000/", status=404)
        walk.refused("/notifications/read/")
    finally:
        walk.page.context.close()
    WALKED[role] = walk.pages
    walked = f"{role} walked {len(walk.visited)} pages ({', '.join(walk.visited)})"
    assert not walk.problems, f"{walked}:\n" + "\n".join(walk.problems)


def test_the_public_statistics_read_in_spanish_without_errors_or_sideways_scrolling(
    chromium, server, world, transactional_db, settings
):
    settings.TRAZA_PUBLIC_STATS = True  # off unless a deployment publishes them
    context = chromium.new_context(
        base_url=server.url, locale="es-MX", timezone_id="America/Mexico_City", viewport=WIDE
    )
    walk = Walk(context.new_page(), world["names"])
    try:
        walk.crawl(["/public/stats/"])
    finally:
        context.close()
    WALKED["public"] = walk.pages
    walked = f"a reader who is not signed in walked {len(walk.visited)} pages ({', '.join(walk.visited)})"
    assert not walk.problems, f"{walked}:\n" + "\n".join(walk.problems)


def test_the_walks_together_opened_every_page():
    """Every page of the site (its URL names, less the API, Django's admin and NOT_PAGES) was opened by a role or by
    a reader who is not signed in."""
    if set(WALKED) != {*ROLES, "public"}:
        pytest.skip("every role's walk must run first (run the whole module)")
    pages = {name for name in url_names(get_resolver()) if name not in NOT_PAGES}
    walked = set().union(*WALKED.values())
    assert not pages - walked, f"pages no walk opened: {sorted(pages - walked)}"


def url_names(resolver, prefix: str = "") -> list[str]:
    """The URL names below `resolver`, without the API's, the admin's and the static files'."""
    names = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if re.match(r"\^?(api|admin|static)/", route):
            continue
        if isinstance(entry, URLResolver):
            names += url_names(entry, route)
        elif entry.name:
            names.append(entry.name)
    return names
