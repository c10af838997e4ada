"""Loading the small demo world: clean imports, every path of the engine, nothing changed by a second load."""

from collections import Counter

import pytest

from traza.agencies.models import User
from traza.demo.services import DEMO_USERS, demo_load, demo_users_ensure
from traza.demo.world import generate
from traza.demo.world.files import LOAD_ORDER
from traza.industry.models import LicenseeQuery
from traza.tracing.models import Indicator, Trace, TraceIndicator

S = Trace.Status
R = Trace.Reason
#: Where each story's traced guns (legible serial, first submission) must end.
EXPECTED = {
    "ring": (S.COMPLETED_PURCHASER, ""),
    "straw": (S.COMPLETED_PURCHASER, ""),
    "family": (S.COMPLETED_PURCHASER, ""),
    "mx_old": (S.COMPLETED_PURCHASER, ""),
    "us_crime": (S.COMPLETED_PURCHASER, ""),
    "us_own": (S.COMPLETED_PURCHASER, ""),
    "foreign_imported": (S.COMPLETED_PURCHASER, ""),
    "bridge": (S.COMPLETED_PURCHASER, ""),
    "obr_found": (S.COMPLETED_PURCHASER, ""),
    "owner_theft": (S.COMPLETED_PURCHASER, ""),
    "paper_dealer": (S.IN_PROGRESS, ""),
    "paper_wholesaler": (S.IN_PROGRESS, ""),
    "obr_missing": (S.IN_PROGRESS, ""),
    "paper_maker": (S.IN_PROGRESS, ""),
    "ambiguous": (S.IN_PROGRESS, ""),
    "obr_not_found": (S.NOT_TRACED, R.OBR_NOT_FOUND),
    "dealer_no_record": (S.NOT_TRACED, R.NO_RECORD),
    "maker_no_record": (S.NOT_TRACED, R.NO_RECORD),
    "no_licence_make": (S.NOT_TRACED, R.NO_RECORD),
    "pre1968_make": (S.NOT_TRACED, R.PRE_1968),
    "pre1968_chain": (S.NOT_TRACED, R.PRE_1968),
    "foreign_incomplete": (S.TRACED_FOREIGN, R.FOREIGN_NOT_IMPORTED),
    "homemade": (S.NOT_TRACED, R.INVALID_MARKINGS),
    "obliterated_full": (S.NOT_TRACED, R.OBLITERATED),
    "partial_none": (S.NOT_TRACED, R.OBLITERATED),
    "partial_ambiguous": (S.NOT_TRACED, R.OBLITERATED),
    "foreign_never_imported": (S.TRACED_FOREIGN, R.FOREIGN_NOT_IMPORTED),
    "exported": (S.TRACED_FOREIGN, R.EXPORTED),
    "dealer_theft": (S.COMPLETED_DEALER, R.STOLEN_REPORTED),
    "dealer_loss": (S.COMPLETED_DEALER, R.STOLEN_REPORTED),
    "dealer_theft_paper": (S.COMPLETED_DEALER, R.STOLEN_REPORTED),
    "in_inventory": (S.COMPLETED_DEALER, R.IN_INVENTORY),
    "destroyed": (S.COMPLETED_DEALER, R.DESTROYED),
    "purchase_missing": (S.COMPLETED_DEALER, R.PURCHASE_RECORD_MISSING),
    "retail_no_ref": (S.COMPLETED_DEALER, ""),
    "seized_again": (S.COMPLETED_PURCHASER, ""),
    "traced_twice": (S.COMPLETED_PURCHASER, ""),
}


#: Written once people are resolved and leads computed (demo_intel_apply, test_leads.py), not by the import.
INTEL_INDICATORS = {Indicator.REPEAT_PURCHASER, Indicator.REPEAT_DEALER, Indicator.SUSPECT_GUN}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    directory = tmp_path_factory.mktemp("small")
    return directory, generate(size="small", seed=11, directory=directory)


# A foreign gun without an import mark, in no electronic importer's book: traced abroad, or waiting on
# the importers of its make that keep paper books.
PAPER_IMPORTERS_ASKED = {"foreign_incomplete": (S.IN_PROGRESS, "")}


def expected(request) -> set[tuple[str, str]]:
    if request.duplicate:
        return {(S.DUPLICATE, "")}
    if request.obliterated == "Y":
        return {(S.NOT_TRACED, R.OBLITERATED)}
    return {EXPECTED[request.story], PAPER_IMPORTERS_ASKED.get(request.story, EXPECTED[request.story])}


@pytest.mark.django_db
def test_the_small_world_imports_cleanly_and_walks_every_path(catalog, small):
    directory, world = small
    runs = demo_load(directory=directory)
    assert [run.rows_rejected for run in runs] == [0] * 8
    assert sum(run.rows_created for run in runs) == sum(world.counts[name] for name, _kind in LOAD_ORDER)

    traces = {(t.agency.code, t.request_ref): t for t in Trace.objects.select_related("agency")}
    assert len(traces) == world.counts["trace_requests"]
    wrong = Counter()
    for request in world.requests:
        trace = traces[(request.agency, request.request_ref)]
        if (trace.status, trace.status_reason) not in expected(request):
            wrong[(request.story, trace.status, trace.status_reason)] += 1
    assert not wrong, wrong

    statuses = Counter(Trace.objects.values_list("status", flat=True))
    final = {S.COMPLETED_PURCHASER, S.COMPLETED_DEALER, S.TRACED_FOREIGN, S.NOT_TRACED, S.DUPLICATE, S.IN_PROGRESS}
    assert final <= set(statuses)
    reasons = set(Trace.objects.filter(status=S.NOT_TRACED).values_list("status_reason", flat=True))
    assert reasons == {
        R.PRE_1968,
        R.OBLITERATED,
        R.INVALID_MARKINGS,
        R.NO_RECORD,
        R.OBR_NOT_FOUND,
    }
    waiting = Trace.objects.filter(status=S.IN_PROGRESS)
    assert LicenseeQuery.objects.filter(trace__in=waiting, status=LicenseeQuery.Status.OPEN).count() >= waiting.count()
    assert set(TraceIndicator.objects.values_list("code", flat=True)) == set(Indicator.values) - INTEL_INDICATORS


@pytest.mark.django_db
def test_loading_the_world_again_changes_nothing(catalog, small):
    directory, _world = small
    demo_load(directory=directory)
    before = Counter(Trace.objects.values_list("status", "status_reason"))
    again = demo_load(directory=directory)
    assert [(run.rows_created, run.rows_updated, run.rows_rejected) for run in again] == [(0, 0, 0)] * 8
    assert Counter(Trace.objects.values_list("status", "status_reason")) == before


@pytest.mark.django_db
def test_demo_users_are_created_once_and_their_password_reset_on_a_second_run(catalog, small):
    directory, _world = small
    demo_load(directory=directory)
    password, users = demo_users_ensure()
    assert {u.username for u in users} == {spec.username for spec in DEMO_USERS}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="investigador.sinaloa").language == "es"
    again, _users = demo_users_ensure(password="otra-clave-de-demostracion")
    assert again != password
    assert User.objects.get(username="oficial.sinaloa").check_password(again)
    assert User.objects.filter(username__in=[spec.username for spec in DEMO_USERS]).count() == len(DEMO_USERS)
