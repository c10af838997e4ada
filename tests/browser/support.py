"""What the browser tests share: Chromium's settings, signing in, screenshots, and the Spanish wording.

Assertions about the pages' structure (addresses, `lang`, roles, ids and names) hold in any language.
Assertions about the Spanish wording go through `SpanishWording`: they wait for the Spanish catalogue
(traza/locale/es), and a test whose only misses are Spanish words is marked xfail while Django has
no Spanish catalogue to show, naming the words it waits for.
"""

import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Sinaloa-rastreo-2024"
# Written under build/ so that a test run leaves the working tree clean; `make screenshots` copies them
# into docs/screenshots/, which the README shows.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
SCREENSHOT_MAX_BYTES = 300 * 1024


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page and land on the home page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("/")


def sign_in_with_code(page, username: str, code: str, password: str = PASSWORD) -> None:
    """Sign in with a one-time code (or a recovery code) as the second step, and land past the sign-in pages."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("/accounts/login/code/")
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def two_factor_codes(user) -> list[str]:
    """Two-factor set up for `user` (an investigator, an analyst…); the recovery codes that sign them in."""
    from django.utils import timezone

    from traza.agencies import totp
    from traza.agencies.models import TwoFactorDevice

    codes = totp.new_recovery_codes()
    TwoFactorDevice.objects.create(
        user=user,
        secret=totp.new_secret(),
        confirmed_at=timezone.now(),
        recovery_codes=[totp.recovery_hash(totp.recovery_key(code)) for code in codes],
    )
    return codes


def sign_out(page) -> None:
    """Press the header's sign-out button and land on the sign-in page."""
    page.locator("header form[action='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url("/accounts/login/")


def language_of(page) -> str:
    return page.evaluate("document.documentElement.lang")


def htmx_version(page) -> str | None:
    """htmx's version as the page loaded it, None when the script did not load."""
    return page.evaluate("window.htmx ? window.htmx.version : null")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it needs no sideways scrolling)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def scroll_to(page, selector: str, margin: int = 16) -> None:
    """Scroll the window so that `selector` starts `margin` pixels below its top edge."""
    page.locator(selector).evaluate(
        "(element, margin) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - margin)", margin
    )


def screenshot(page, name: str) -> Path:
    """Save what the window shows as build/screenshots/NAME.png, the same name on every run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False, animations="disabled", caret="hide")
    assert path.stat().st_size < SCREENSHOT_MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    return path


def spanish_catalogue_loaded() -> bool:
    """Whether Django has Spanish translations of Traza's own messages to show."""
    from django.utils import translation

    with translation.override("es"):
        return translation.gettext("Sign out") != "Sign out"


class SpanishWording:
    """Checks of the Spanish words on a page; `settle()` at the end of the test reports the misses."""

    def __init__(self):
        self.misses: list[str] = []

    def shows(self, where: str, text: str, pattern: str) -> None:
        """`text` (read at `where`) holds `pattern` (a regular expression, any case)."""
        if not re.search(pattern, text, re.IGNORECASE):
            self.misses.append(f"{where}: {pattern!r} not in {text.strip()[:120]!r}")

    def not_english(self, where: str, text: str, english: str) -> None:
        """`text` is no longer the English message `english`."""
        if english.casefold() in text.casefold():
            self.misses.append(f"{where}: still English {english!r}")

    def settle(self) -> None:
        if not self.misses:
            return
        listed = "; ".join(self.misses)
        if spanish_catalogue_loaded():
            pytest.fail(f"Spanish wording missing: {listed}")
        pytest.xfail(f"waits for the Spanish catalogue (traza/locale/es): {listed}")


class PageProblems:
    """What must never happen on a page: a script error, a blocked resource (CSP), a server error."""

    def __init__(self):
        self.found: list[str] = []

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.found.append(f"blocked by the Content-Security-Policy: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.found.append(f"{response.status} from {response.request.method} {response.url}")

    def check(self) -> None:
        assert not self.found, "\n".join(self.found)
