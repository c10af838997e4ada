"""A live Traza server, headless Chromium and the people who use them, for the browser tests.

The server is Django's live-server thread serving the test database (and the static files, htmx
included, from the apps' folders and traza/static/vendor). It answers one request at a time, and
none while the test itself reads or writes the database (`server.paused()`): on SQLite the test
database lives in memory and the server shares the test's one connection, so a request must never
run beside the test's own queries or the background worker the test runs.

Playwright's synchronous API keeps an event loop running in the test's thread while Chromium is
open, which Django takes for an async context; the tests are synchronous code that waits on the
browser, so DJANGO_ALLOW_ASYNC_UNSAFE is set for as long as Chromium runs, one test module at a time.
"""

import threading
from contextlib import contextmanager

import pytest

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PASSWORD, PageProblems
from traza import conftest as domain
from traza.agencies.tests.personas import persona

# The domain tests' fixtures (traza/conftest.py), which pytest offers only below traza/: used here by name.
agency_a, agency_b, catalog, load, write_csv = (
    domain.agency_a,
    domain.agency_b,
    domain.catalog,
    domain.load,
    domain.write_csv,
)


class SerialApplication:
    """A WSGI application that serves one request at a time, holding `lock` until the response is closed."""

    def __init__(self, application, lock: threading.Lock):
        self.application = application
        self.lock = lock

    def __call__(self, environ, start_response):
        self.lock.acquire()
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return ReleasingResponse(response, self.lock)


class ReleasingResponse:
    """The response's chunks; closing it (the server always does) releases the lock."""

    def __init__(self, response, lock: threading.Lock):
        self.response = response
        self.lock = lock

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.lock.release()


class LiveServer:
    """Django's live-server thread on a free port of 127.0.0.1, behind a lock the test can hold."""

    def __init__(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.db import connections
        from django.test.testcases import LiveServerThread

        self.lock = threading.Lock()
        shared = {conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()}
        self.thread = LiveServerThread(
            "127.0.0.1",
            static_handler=lambda application: StaticFilesHandler(SerialApplication(application, self.lock)),
            connections_override=shared,
            port=0,
        )
        self.thread.daemon = True

    def start(self) -> None:
        for conn in self.thread.connections_override.values():
            conn.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error

    def stop(self) -> None:
        self.thread.terminate()
        for conn in self.thread.connections_override.values():
            conn.dec_thread_sharing()

    @property
    def url(self) -> str:
        return f"http://{self.thread.host}:{self.thread.port}"

    @contextmanager
    def paused(self):
        """No request is served inside this block: the test reads and writes the database alone."""
        with self.lock:
            yield


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker):
    """The live server, for the whole session; each test's database access opens it to the database."""
    live = LiveServer()
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, for one test module (never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def open_page(chromium, server, transactional_db):
    """Open a fresh browser window (its own cookies) asking for Mexican Spanish; the test's problems are checked.

    The windows close, and the last request ends, before the test's database is emptied.
    """
    contexts, problems = [], PageProblems()

    def open_page(*, viewport: dict = DESKTOP, locale: str = "es-MX", **options):
        context = chromium.new_context(
            base_url=server.url,
            locale=locale,
            timezone_id="America/Mexico_City",
            viewport=viewport,
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    with server.paused():
        problems.check()


@pytest.fixture
def page(open_page):
    """A desktop window (1280×800) asking for Spanish, like an officer's browser in Culiacán."""
    return open_page()


@pytest.fixture
def officer(agency_a):
    """Officer Ana López of agency A (Culiacán police), with a password and no language chosen yet."""
    user = persona("officer_a", agency_a, "officer")
    user.first_name, user.last_name, user.language = "Ana", "López", ""
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def gun_on_record(load):
    """Ruger RG-12345 in the records: maker → wholesaler → Texas dealer → a buyer on file (GARCIA JUAN)."""
    from traza.tracing.tests.api_support import SERIAL, load_records

    load_records(load)
    return SERIAL


@pytest.fixture
def earlier_traces(load, agency_a, officer):
    """Agency A's earlier traces: one waiting on a dealer with paper records, an urgent one, an obliterated serial."""
    from traza.tracing.tests.api_support import submit, waiting_trace

    return [
        waiting_trace(load, agency_a, actor=officer),
        submit(
            agency_a,
            actor=officer,
            request_ref="A-2",
            priority="urgent",
            urgent_reason="Homicidio",
            serial_number="SW-1",
            manufacturer="Smith & Wesson",
            caliber=".38 SPL",
            recovery_date="2023-03-01",
        ),
        submit(agency_a, actor=officer, request_ref="A-3", serial_obliterated="Y", serial_number=""),
    ]
