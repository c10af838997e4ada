"""Every URL of the project, asked by every persona, answers as the access table below says.

The table names every URL pattern (by name) with its rule: public, for anyone signed in, or for
a set of personas (a role, narrowed by scope for a record of agency A). A URL that is not in the
table fails `test_every_url_has_an_access_rule`: add it here, with the rule it should follow.

The world: agency A's trace waits on a paper dealer (so it questions a licensee: the analyst
reads it), agencies A and C share an agreement (officer_c reads A's trace, never changes it),
agency B shares nothing (officer_b must learn nothing of A's records: 404, never 403). The analyst works
at Mexico's tracing centre, which serves agency A; analyst_us at the United States' one, which does not:
it opens its own lists (empty of A's records) and gets 404 for every record of A's, in the API too.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from traza.agencies.models import User
from traza.agencies.services.agencies import agency_apply
from traza.imports.models import ImportRun
from traza.tracing.tests.api_support import submit
from traza.tracing.tests.world import LICENSEE_NAMES, PAPER_DEALER, RUGER, WHOLESALER, chain, licensee_rows

PERSONAS = (
    "anonymous",
    "officer_a",
    "investigator_a",
    "supervisor_a",
    "auditor_a",
    "officer_b",
    "officer_c",
    "analyst",
    "analyst_us",
    "coordinator_mx",
    "industry",
    "sysadmin",
)
PUBLIC, SIGNED_IN = "public", "signed-in"
AGENCY_A = frozenset({"officer_a", "investigator_a", "supervisor_a"})
TRACE_READERS = AGENCY_A | {"officer_c", "analyst"}  # the partner by agreement, the analyst by the query
SUBMITTERS = AGENCY_A | {"officer_b", "officer_c", "analyst", "analyst_us"}
UPLOAD_READERS = AGENCY_A | {"auditor_a"}  # the agency's own people
REVEALERS = frozenset({"investigator_a", "analyst"})
LEAD_LISTERS = REVEALERS | {"analyst_us"}  # a list of the leads on traces they read: none of A's
NON_SUBMITTERS = {name: 403 for name in ("auditor_a", "coordinator_mx", "industry", "sysadmin")}
QUERY_ANSWERERS = frozenset({"analyst", "industry"})  # the world's query is to another licence than industry's
QUERY_LISTERS = QUERY_ANSWERERS | {"analyst_us"}  # the US centre's queue, without agency A's query
OTHER_CENTRE = {"analyst_us": 404}  # an analyst passes the API's role check, then finds nothing of A's
OTHER_LICENCE = {"industry": 404}
MARKING_REVIEWERS = frozenset({"analyst", "analyst_us", "coordinator_mx"})  # spellings of makes nobody resolved
INTERNATIONAL_WORKERS = frozenset({"analyst", "coordinator_mx"})  # of the trace's country (Mexico)
INTERNATIONAL_LISTERS = INTERNATIONAL_WORKERS | {"analyst_us"}  # the US requests, none of them Mexico's
STATS_READERS = AGENCY_A | {"officer_b", "officer_c", "analyst", "analyst_us", "auditor_a", "coordinator_mx"}
CUSTODY_READERS = frozenset({"supervisor_a", "coordinator_mx"})  # both agencies' administrators, the coordinator


@dataclass(frozen=True)
class Rule:
    """Who may use a URL, and what the others get. `kwargs` and `data` come from the world."""

    who: str | frozenset
    method: str = "get"
    kwargs: str = ""
    data: str = ""
    ok: frozenset = frozenset({200})
    denied: int = 404
    anonymous: int | None = None  # default: 302 to sign in for pages, 401 for the API
    also: dict = field(default_factory=dict)  # persona → status, where the general rule does not say


def rule(who, **options) -> Rule:
    if "ok" in options:
        options["ok"] = frozenset(options["ok"])
    return Rule(who=who if isinstance(who, str) else frozenset(who), **options)


RULES = {
    # Pages about traces
    # Roles that read no traces start at their own first page.
    "home": rule(SIGNED_IN, also={"auditor_a": 302, "coordinator_mx": 302, "industry": 302, "sysadmin": 302}),
    "trace-list": rule(SIGNED_IN),
    "favicon": rule(PUBLIC, ok={301}),
    "trace-list-csv": rule(SIGNED_IN),
    "trace-list-case-file": rule(SIGNED_IN, kwargs="case_file"),
    "trace-submit": rule(SUBMITTERS, denied=403),
    "trace-suggest-makes": rule(SIGNED_IN),
    "trace-suggest-models": rule(SIGNED_IN),
    "trace-suggest-calibers": rule(SIGNED_IN),
    "trace-suggest-importer": rule(SIGNED_IN),
    "trace-suggest-states": rule(SIGNED_IN),
    "trace-suggest-municipalities": rule(SIGNED_IN),
    "trace-detail": rule(TRACE_READERS, kwargs="trace"),
    "trace-print": rule(TRACE_READERS, kwargs="trace"),
    "trace-print-pdf": rule(TRACE_READERS, kwargs="trace"),
    "trace-sheet-check": rule(SIGNED_IN),
    "trace-status": rule(TRACE_READERS, kwargs="trace", ok={200, 286}),
    "trace-cancel": rule(AGENCY_A, kwargs="trace"),  # readers by agreement or by query never withdraw
    # Signing in, one's account
    "login": rule(PUBLIC, ok={200, 302}),
    "login-code": rule(PUBLIC, ok={302}),
    "logout": rule(PUBLIC, method="post", ok={302}),
    "two-factor-setup": rule(SIGNED_IN),
    "set-password": rule(PUBLIC, kwargs="set_password"),
    "set-language": rule(PUBLIC, method="post", ok={302}),
    "personal-data-reveal": rule(REVEALERS, method="post", data="reveal", ok={302}),
    # Agency administration, coordination, audit
    "agency-admin": rule({"supervisor_a"}),
    "agency-invite": rule({"supervisor_a"}, method="post", ok={400}),
    "agency-user-role": rule({"supervisor_a"}, method="post", kwargs="member", data="role", ok={302}),
    "agency-user-action": rule({"supervisor_a"}, method="post", kwargs="suspend", data="confirm", ok={302}),
    "agency-sharing": rule({"supervisor_a"}, method="post", kwargs="leave", ok={302}),
    "coordination": rule({"coordinator_mx"}),
    "coordination-application": rule({"coordinator_mx"}, method="post", ok={400}),
    "coordination-policy": rule({"coordinator_mx"}, method="post", ok={400}),
    "coordination-agreement": rule({"coordinator_mx"}, method="post", ok={400}),
    "coordination-designate": rule({"coordinator_mx"}, method="post", kwargs="agency_a", ok={302}),
    "coordination-tracing-centre": rule({"coordinator_mx"}, method="post", kwargs="agency_a", ok={302}),
    "coordination-invite": rule({"coordinator_mx"}, method="post", kwargs="agency_a", ok={400}),
    "coordination-decide": rule({"coordinator_mx"}, method="post", kwargs="refuse", data="refuse", ok={302}),
    "audit-log": rule({"auditor_a"}),
    "audit-export": rule({"auditor_a"}, kwargs="case_file"),
    # Uploads and catalog pages
    "upload-list": rule(SIGNED_IN),
    "upload-create": rule(SUBMITTERS, denied=403),
    "upload-blank-sheet": rule(SUBMITTERS, kwargs="blank_sheet", denied=403),
    "upload-detail": rule(UPLOAD_READERS, kwargs="upload"),
    "upload-progress": rule(UPLOAD_READERS, kwargs="upload", ok={200, 204, 286}),
    "upload-errors": rule(UPLOAD_READERS, kwargs="upload"),
    "upload-errors-xlsx": rule(UPLOAD_READERS, kwargs="upload"),
    "catalog": rule(SIGNED_IN),
    "catalog-calibers": rule(SIGNED_IN),
    "catalog-crime-codes": rule(SIGNED_IN),
    "catalog-markings": rule(MARKING_REVIEWERS),
    "catalog-marking-map": rule(MARKING_REVIEWERS, method="post", ok={400}),
    # Licensee queries: analysts work them all, a licensee's responder only those to its licence (others: 404)
    "query-list": rule(QUERY_LISTERS),
    "query-detail": rule({"analyst"}, kwargs="query"),
    "query-answer": rule({"analyst"}, method="post", kwargs="query", ok={400}),
    "query-no-record": rule({"analyst"}, method="post", kwargs="query", ok={302}),
    "query-records": rule({"industry"}),
    "query-records-detail": rule({"industry"}, kwargs="records"),
    "query-records-errors": rule({"industry"}, kwargs="records"),
    # International trace requests: Mexico's coordinator and the tracing centre's analysts, for Mexican agencies
    "international-list": rule(INTERNATIONAL_LISTERS),
    "international-list-csv": rule(INTERNATIONAL_LISTERS),
    "international-detail": rule(INTERNATIONAL_WORKERS, kwargs="international"),
    "international-print": rule(INTERNATIONAL_WORKERS, kwargs="international"),
    "international-send": rule(INTERNATIONAL_WORKERS, method="post", kwargs="international", ok={302}),
    "international-answer": rule(INTERNATIONAL_WORKERS, method="post", kwargs="international", ok={400}),
    # Statistics: every role that reads traces or oversees them; custody alerts for administrators and coordinators
    "stats-dashboard": rule(STATS_READERS),
    "stats-chart": rule(STATS_READERS, kwargs="chart"),
    "stats-chart-download": rule(STATS_READERS, kwargs="chart_csv"),
    "stats-coverage": rule(STATS_READERS),
    "stats-policy": rule({"coordinator_mx", "auditor_a"}),
    # The public statistics are off unless TRAZA_PUBLIC_STATS is set (test_public.py walks them switched on)
    "stats-public": rule(PUBLIC, ok={404}),
    "stats-public-csv": rule(PUBLIC, kwargs="public_csv", ok={404}),
    "stats-coverage-file": rule(SUBMITTERS),
    "stats-coverage-trace": rule(SUBMITTERS, method="post", ok={302}),
    "stats-custody": rule(CUSTODY_READERS),
    "stats-custody-close": rule(CUSTODY_READERS, method="post", kwargs="custody", data="close", ok={302}),
    # Leads: investigators and analysts, for the leads resting on a trace they read
    "intel-leads": rule(LEAD_LISTERS),
    "intel-leads-csv": rule(LEAD_LISTERS),
    "intel-lead": rule(REVEALERS, kwargs="lead"),
    "intel-lead-assign": rule(REVEALERS, method="post", kwargs="lead", ok={400}),
    "intel-lead-status": rule(REVEALERS, method="post", kwargs="lead", ok={302}),
    "intel-lead-refer": rule(REVEALERS, method="post", kwargs="lead", ok={400}),
    "intel-lead-close": rule(REVEALERS, method="post", kwargs="lead", ok={400}),
    "intel-lead-note": rule(REVEALERS, method="post", kwargs="lead", ok={400}),
    # People, dealers and the network: trace readers, for a person named in a trace they read (names once revealers
    # state a purpose); a dealer's page for every role that reads traces
    "intel-person": rule(TRACE_READERS, kwargs="person"),
    "intel-person-reveal": rule(REVEALERS, method="post", kwargs="person", data="purpose", ok={302}),
    "intel-dealer": rule(TRACE_READERS | {"officer_b", "analyst_us"}, kwargs="dealer"),
    "intel-network": rule(TRACE_READERS, data="network"),
    "intel-trace-related": rule(TRACE_READERS, kwargs="trace"),
    # Suspect guns: their agency's investigators. Notifications: everyone signed in, their own
    "intel-suspects": rule({"investigator_a"}),
    "intel-suspect-withdraw": rule({"investigator_a"}, method="post", kwargs="suspect", ok={302}),
    "notification-list": rule(SIGNED_IN),
    "notification-read": rule(SIGNED_IN, method="post", ok={302}),
    "notification-preferences": rule(SIGNED_IN),
    # The API
    "api-trace-list": rule(SIGNED_IN),
    "api-trace-detail": rule(TRACE_READERS, kwargs="trace"),
    "api-trace-cancel": rule(AGENCY_A, method="post", kwargs="trace", also=NON_SUBMITTERS),
    "api-upload-list": rule(SIGNED_IN),
    "api-upload-detail": rule(UPLOAD_READERS, kwargs="upload"),
    "api-upload-errors": rule(UPLOAD_READERS, kwargs="upload"),
    "api-catalog-makes": rule(SIGNED_IN),
    "api-catalog-calibers": rule(SIGNED_IN),
    "api-catalog-crime-codes": rule(SIGNED_IN),
    "api-catalog-regions": rule(SIGNED_IN),
    "api-catalog-municipalities": rule(SIGNED_IN),
    "api-catalog-markings": rule(MARKING_REVIEWERS, denied=403),
    "api-catalog-marking-aliases": rule(MARKING_REVIEWERS, method="post", ok={400}, denied=403),
    "api-personal-data-reveal": rule(REVEALERS, method="post", data="reveal", denied=403, also=OTHER_CENTRE),
    "api-query-list": rule(QUERY_LISTERS, denied=403),
    "api-query-detail": rule({"analyst"}, kwargs="query", denied=403, also=OTHER_LICENCE | OTHER_CENTRE),
    "api-query-answer": rule(
        {"analyst"}, method="post", kwargs="query", ok={400}, denied=403, also=OTHER_LICENCE | OTHER_CENTRE
    ),
    "api-query-no-record": rule(
        {"analyst"}, method="post", kwargs="query", denied=403, also=OTHER_LICENCE | OTHER_CENTRE
    ),
    "api-international-list": rule(INTERNATIONAL_LISTERS, denied=403),
    "api-international-detail": rule(INTERNATIONAL_WORKERS, kwargs="international", denied=403, also=OTHER_CENTRE),
    "api-international-send": rule(
        INTERNATIONAL_WORKERS, method="post", kwargs="international", denied=403, also=OTHER_CENTRE
    ),
    "api-international-answer": rule(
        INTERNATIONAL_WORKERS, method="post", kwargs="international", ok={400}, denied=403, also=OTHER_CENTRE
    ),
    "api-stats": rule(STATS_READERS, kwargs="stats"),
    "api-lead-list": rule(LEAD_LISTERS, denied=403),
    "api-lead-detail": rule(REVEALERS, kwargs="lead", denied=403, also=OTHER_CENTRE),
    "api-lead-assign": rule(REVEALERS, method="post", kwargs="lead", ok={400}, denied=403, also=OTHER_CENTRE),
    "api-lead-status": rule(REVEALERS, method="post", kwargs="lead", ok={400}, denied=403, also=OTHER_CENTRE),
    "api-lead-refer": rule(REVEALERS, method="post", kwargs="lead", ok={400}, denied=403, also=OTHER_CENTRE),
    "api-lead-close": rule(REVEALERS, method="post", kwargs="lead", ok={400}, denied=403, also=OTHER_CENTRE),
    "api-lead-notes": rule(REVEALERS, kwargs="lead", denied=403, also=OTHER_CENTRE),
    "api-suspects": rule({"investigator_a"}, denied=403),
    "api-suspect-withdraw": rule({"investigator_a"}, method="post", kwargs="suspect", denied=403),
    "api-schema": rule(PUBLIC),
    "api-docs": rule(PUBLIC),
    "api-redoc": rule(PUBLIC),
}


def url_names(patterns=None, namespace: str = "") -> list[tuple[str | None, str]]:
    """(name, route) of every URL pattern, recursively; the name is None for an unnamed pattern."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            found += [(name, str(pattern.pattern) + route) for name, route in url_names(pattern.url_patterns, inner)]
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append((name, str(pattern.pattern)))
    return found


def test_every_url_has_an_access_rule():
    names = url_names()
    unnamed = sorted(route for name, route in names if name is None)
    known = {name for name, _route in names if name}
    missing = sorted(known - set(RULES))
    stale = sorted(set(RULES) - known)
    assert not missing, (
        "These URL names have no access rule in traza/agencies/tests/test_url_access.py RULES; "
        f"add each with who may use it (public, signed-in, a set of personas): {missing}"
    )
    assert not unnamed, f"Give these URL patterns a name (and an access rule): {unnamed}"
    assert not stale, f"RULES names URLs that no longer exist; remove them: {stale}"


@pytest.fixture
def world(load, agency_a, agency_b, officer_a, supervisor_a, sysadmin, sharing_ac, request):
    """Agency A's trace waiting on a paper dealer's answer, A's upload, an application to decide, the personas."""
    User.objects.filter(pk=sysadmin.pk).update(is_staff=True, is_superuser=True)  # as `traza user create` makes one
    load("licensees", licensee_rows())
    hops = [(number, LICENSEE_NAMES[number][0]) for number in (RUGER, WHOLESALER, PAPER_DEALER)]
    load("dispositions", chain("RG-555", "RUGER", hops)[:2])
    trace = submit(agency_a, actor=officer_a, serial_number="RG-555")
    assert trace.queries.exists()
    upload = ImportRun.objects.create(
        kind="trace-requests", file_name="a.csv", user=officer_a, agency=agency_a, status=ImportRun.Status.ACCEPTED
    )
    applicant = agency_apply(
        actor=None,
        data={
            "code": "MXSIN0120",
            "name": "Policía de Navolato",
            "country_id": "MX",
            "level": "municipal",
            "kind": "police",
        },
    )
    users = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    responder = users["industry"]
    records = ImportRun.objects.create(
        kind="dispositions", file_name="book.csv", user=responder, licensee_rds=responder.licensee_rds
    )
    kwargs = {
        "trace": {"number": trace.number},
        "upload": {"pk": upload.pk},
        "query": {"pk": trace.queries.get().pk},
        "international": {"pk": international_request(trace).pk},
        "records": {"pk": records.pk},
        "member": {"pk": officer_a.pk},
        "suspend": {"pk": officer_a.pk, "action": "suspend"},
        "leave": {"pk": sharing_ac.pk, "action": "leave"},
        "agency_a": {"pk": agency_a.pk},
        "refuse": {"pk": applicant.pk, "decision": "refuse"},
        "set_password": {"uidb64": "MQ", "token": "not-a-token"},
        "chart": {"key": "traces-month"},
        "case_file": {"file_format": "xlsx"},
        "blank_sheet": {"kind": "trace-requests"},
        "chart_csv": {"key": "traces-month", "file_format": "csv"},
        "stats": {"measure_name": "traces"},
        "public_csv": {"key": "traces"},
        "custody": {"pk": custody_alert(trace, agency_a, agency_b).pk},
        "lead": {"number": lead_on(trace).number},
        "person": {"key": person_on(trace).key},
        "dealer": {"rds": trace.stopped_at_rds},
        "suspect": {"pk": suspect_of(users["investigator_a"]).pk},
    }
    data = {
        "reveal": {"trace": trace.number, "purpose": "CASE-1", "query": trace.queries.get().pk},
        "purpose": {"purpose": "CASE-1"},
        "network": {"trace": trace.number},
        "role": {"role": "investigator"},
        "refuse": {"note": "No agreement signed."},
        "confirm": {"confirmed": "yes"},
        "close": {"note": "Checked: the gun was handed to the army for destruction."},
    }
    return {"users": users, "kwargs": kwargs, "data": data}


def custody_alert(trace, holding, recovering):
    """A custody alert between agency A (which held the gun) and agency B (which recovered it again)."""
    from traza.stats.models import CustodyAlert

    return CustodyAlert.objects.create(
        kind=CustodyAlert.Kind.TRACED_TWICE,
        serial_key=trace.serial_key,
        earlier_trace=trace,
        trace=trace,
        holding_agency=holding,
        recovering_agency=recovering,
        held_on=trace.recovery_date,
        recovered_on=trace.recovery_date,
    )


def lead_on(trace):
    """A straw-purchaser lead resting on agency A's trace, as the worker's recompute writes one."""
    from traza.intel.models import Lead

    lead = Lead.objects.create(
        kind=Lead.Kind.STRAW_PURCHASER,
        subject_key="person-1",
        score=70,
        first_seen=trace.recovery_date,
        last_seen=trace.recovery_date,
        computed_at=timezone.now(),
    )
    lead.lead_traces.create(trace=trace)
    return lead


def person_on(trace):
    """The possessor of agency A's trace as people resolution records them: one person, one mention."""
    from traza.intel.models import Person, PersonRecord

    person = Person.objects.create(key="0" * 31 + "1", record_count=1)
    PersonRecord.objects.create(source="possessor", source_id=trace.pk, person=person, last_name="RAMIREZ")
    return person


def suspect_of(investigator):
    """A serial agency A's investigator flags as suspect for a case."""
    from traza.intel.models import SuspectGun

    return SuspectGun.objects.create(
        serial_number="AB-1234",
        serial_key="AB1234",
        agency=investigator.agency,
        flagged_by=investigator,
        case_ref="CI-1",
        expires_on=timezone.localdate() + timedelta(days=30),
    )


def international_request(trace):
    """An international request about agency A's trace, as the engine opens one for a gun traced abroad."""
    from traza.international.models import InternationalRequest

    now = timezone.now()
    return InternationalRequest.objects.create(
        trace=trace, country_id="BE", basis="manufacture", created_at=now, due_at=now + timedelta(days=30)
    )


def expected(name: str, persona: str) -> set[int]:
    access = RULES[name]
    if persona in access.also:
        return {access.also[persona]}
    if access.who == PUBLIC:
        return set(access.ok)
    if persona == "anonymous":
        return {access.anonymous or (401 if name.startswith("api-") else 302)}
    if access.who == SIGNED_IN or persona in access.who:
        return set(access.ok)
    return {access.denied}


def answer(world, name: str, persona: str) -> int:
    """The status `persona` gets for URL `name`; whatever the request changed is rolled back."""
    access = RULES[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse(name, kwargs=world["kwargs"][access.kwargs] if access.kwargs else None)
    with transaction.atomic():
        if persona != "anonymous":
            client.force_login(world["users"][persona])
        data = world["data"][access.data] if access.data else {}
        response = getattr(client, access.method)(url, data)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_each_persona_gets_what_the_access_table_says(world, name):
    wrong = {}
    for persona in PERSONAS:
        status, wanted = answer(world, name, persona), expected(name, persona)
        if status not in wanted:
            wrong[persona] = f"got {status}, expected {' or '.join(map(str, sorted(wanted)))}"
    assert not wrong, f"{name}: {wrong}"
