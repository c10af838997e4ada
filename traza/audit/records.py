"""Which record an entry is about, as a person reads it: its kind and its number or name (never personal data),
linked to its page when the reader may open that page.

Records of one page of the log are read kind by kind, one query per kind, and checked against the
reader's own selectors: an auditor sees the record's name, and a link only where the record's page
would open for them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from traza.agencies.models import AccessPolicy, Agency, ApiToken, SharingAgreement, User
from traza.catalog.models import MakeAlias
from traza.imports.models import ImportRun
from traza.imports.selectors import uploads_visible_to
from traza.industry.models import LicenseeQuery
from traza.intel.models import Lead, Person, SuspectGun
from traza.intel.selectors.leads import leads_visible_to
from traza.intel.selectors.people import visible_person_ids
from traza.intel.selectors.suspects import suspects_visible_to
from traza.international.models import InternationalRequest
from traza.international.selectors import requests_workable_by
from traza.stats.models import CustodyAlert
from traza.stats.selectors import custody_alerts_visible_to
from traza.tracing.models import Trace
from traza.tracing.selectors import licensee_queries_visible_to, traces_visible_to

RECORD_TYPES = {
    "trace": _("Trace"),
    "user": _("User account"),
    "apitoken": _("API token"),
    "agency": _("Agency"),
    "sharingagreement": _("Sharing agreement"),
    "accesspolicy": _("Access policy"),
    "licenseequery": _("Query to a licensee"),
    "importrun": _("File import"),
    "custodyalert": _("Custody alert"),
    "makealias": _("Spelling of a make"),
    "lead": _("Lead"),
    "person": pgettext_lazy("record type", "Person"),
    "suspectgun": _("Suspect gun"),
    "internationalrequest": _("International request"),
    "statistics": _("Statistics"),
    "audit": _("Audit log"),
}
OTHER_RECORD = _("Other record")


@dataclass(frozen=True)
class Record:
    """What an entry was about: its kind in words, its number or name, and its page when the reader may open it."""

    kind: str
    name: str = ""
    url: str = ""


@dataclass(frozen=True)
class _Kind:
    model: type[Model]
    name: Callable[[Any], str]
    visible: Callable[[User, list[int]], set[int]] | None = None
    url: Callable[[Any], str] | None = None


def _numbered(record: Model) -> str:
    return gettext("no. %(number)s") % {"number": record.pk}


def _within(selector: Callable[[User], QuerySet]) -> Callable[[User, list[int]], set[int]]:
    return lambda user, ids: set(selector(user).filter(pk__in=ids).values_list("pk", flat=True))


KINDS: dict[str, _Kind] = {
    "trace": _Kind(
        Trace, lambda t: t.number, _within(traces_visible_to), lambda t: reverse("trace-detail", args=[t.number])
    ),
    "user": _Kind(User, lambda u: u.get_username()),
    "apitoken": _Kind(ApiToken, lambda t: f"{t.prefix}…"),
    "agency": _Kind(Agency, lambda a: a.code),
    "sharingagreement": _Kind(SharingAgreement, lambda s: s.name),
    "accesspolicy": _Kind(AccessPolicy, lambda p: p.country_id),
    "licenseequery": _Kind(
        LicenseeQuery, _numbered, _within(licensee_queries_visible_to), lambda q: reverse("query-detail", args=[q.pk])
    ),
    "importrun": _Kind(
        ImportRun, _numbered, _within(uploads_visible_to), lambda r: reverse("upload-detail", args=[r.pk])
    ),
    "custodyalert": _Kind(
        CustodyAlert, _numbered, _within(custody_alerts_visible_to), lambda _alert: reverse("stats-custody")
    ),
    "makealias": _Kind(MakeAlias, lambda a: a.name),
    "lead": _Kind(
        Lead,
        lambda lead: lead.number,
        _within(leads_visible_to),
        lambda lead: reverse("intel-lead", args=[lead.number]),
    ),
    "person": _Kind(Person, lambda p: p.key[:8], visible_person_ids, lambda p: reverse("intel-person", args=[p.key])),
    "suspectgun": _Kind(SuspectGun, _numbered, _within(suspects_visible_to), lambda _gun: reverse("intel-suspects")),
    "internationalrequest": _Kind(
        InternationalRequest,
        lambda r: r.number,
        _within(requests_workable_by),
        lambda r: reverse("international-detail", args=[r.pk]),
    ),
}


def records_of(events: Iterable, *, user: User) -> dict[tuple[str, str], Record]:
    """The records these entries name, by (object_type, object_id), as `user` may read them."""
    wanted: dict[str, set[int]] = {}
    found: dict[tuple[str, str], Record] = {}
    for event in events:
        if event.object_type in KINDS and event.object_id.isdecimal():
            wanted.setdefault(event.object_type, set()).add(int(event.object_id))
        else:
            found[event.object_type, event.object_id] = _unread(event.object_type, event.object_id)
    for object_type, ids in wanted.items():
        found |= _read(object_type, sorted(ids), user)
    return found


def _read(object_type: str, ids: list[int], user: User) -> dict[tuple[str, str], Record]:
    kind = KINDS[object_type]
    label = str(RECORD_TYPES[object_type])
    rows = {row.pk: row for row in kind.model._default_manager.filter(pk__in=ids)}
    openable = kind.visible(user, list(rows)) if kind.visible is not None and rows else set()
    records = {}
    for pk in ids:
        row = rows.get(pk)
        if row is None:  # a record since removed: its number is all that is left
            records[object_type, str(pk)] = Record(label, gettext("no. %(number)s") % {"number": pk})
            continue
        url = kind.url(row) if kind.url is not None and pk in openable else ""
        records[object_type, str(pk)] = Record(label, kind.name(row), url)
    return records


def _unread(object_type: str, object_id: str) -> Record:
    if not object_type:
        return Record("")
    label = RECORD_TYPES.get(object_type)
    if label is None:
        return Record(str(OTHER_RECORD), object_id)
    return Record(str(label), gettext("no. %(number)s") % {"number": object_id} if object_id else "")
