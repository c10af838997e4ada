"""What every page's layout needs: the navigation for the signed-in user, by role."""

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import User
from traza.agencies.roles import (
    AGENCY_ADMINS,
    AUDITORS,
    COORDINATORS,
    MARKING_REVIEWERS,
    PERSONAL_DATA_READERS,
    QUERY_WORKERS,
    SUSPECT_FLAGGERS,
    TRACE_READERS,
)
from traza.core.typing import Text

Role = User.Role
EVERYONE = frozenset(Role.values)

NAV = [
    ("home", _("Home"), TRACE_READERS),
    ("trace-list", _("Traces"), TRACE_READERS),
    ("trace-submit", _("Submit a trace"), TRACE_READERS),
    ("upload-list", _("Uploads"), TRACE_READERS),
    ("query-list", _("Licensee queries"), QUERY_WORKERS | {Role.INDUSTRY}),
    ("international-list", _("International requests"), QUERY_WORKERS | COORDINATORS),
    ("stats-dashboard", _("Statistics"), TRACE_READERS | COORDINATORS | AUDITORS),
    ("stats-custody", _("Custody alerts"), AGENCY_ADMINS | COORDINATORS),
    ("intel-leads", _("Leads"), PERSONAL_DATA_READERS),
    ("intel-suspects", _("Suspect guns"), SUSPECT_FLAGGERS),
    ("query-records", _("Your records"), {Role.INDUSTRY}),
    ("catalog", _("Catalog"), EVERYONE),
    ("catalog-markings", _("Markings review"), MARKING_REVIEWERS),
    ("agency-admin", _("My agency"), AGENCY_ADMINS),
    ("coordination", _("Coordination"), COORDINATORS),
    ("audit-log", _("Audit log"), AUDITORS),
]

# Where each role arrives after signing in (and when it opens "/"): the page of its work. The roles that
# read traces (officers, investigators, analysts, agency administrators) arrive at their agency's home page.
# A system administrator has no agency, reads no traces and manages accounts from the console: the catalogs
# are the pages of the site it has a use for.
LANDING = {
    Role.COORDINATOR: "coordination",
    Role.AUDITOR: "audit-log",
    Role.INDUSTRY: "query-list",
    Role.SYSADMIN: "catalog",
}


def nav_for(user) -> list[tuple[str, Text]]:
    """(URL, label) of the pages `user`'s role works with, in menu order."""
    items: list[tuple[str, Text]] = []
    for name, label, roles in NAV:
        if user.role not in roles:
            continue
        try:
            items.append((reverse(name), label))
        except NoReverseMatch:  # an app that is not installed
            continue
    return items


def landing_for(user) -> str:
    """The address `user` starts at: the first page of their role's work (LANDING), else the home page."""
    return reverse(LANDING.get(user.role, "home"))


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items: list[dict[str, Any]] = [
        {"url": url, "label": label, "current": False} for url, label in nav_for(request.user)
    ]
    _count_open_alerts(request.user, items)
    # The current item is the one whose address is the longest start of this page's (/traces/new/ is not /traces/).
    matches = [
        item
        for item in items
        if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return {"nav_items": items}


def _count_open_alerts(user, items: list[dict]) -> None:
    """The custody alerts waiting for the user, shown beside their menu item (one small query, for the roles
    that receive them)."""
    from traza.stats.selectors import custody_alerts_visible_to

    try:
        url = reverse("stats-custody")
    except NoReverseMatch:
        return
    for item in items:
        if item["url"] == url:
            item["count"] = custody_alerts_visible_to(user).filter(status="open").count()
