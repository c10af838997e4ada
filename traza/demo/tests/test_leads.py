"""The demo world yields leads a reviewer would act on: its planted rings and straw buyers rank at the top.

The world keeps its truth (traza.demo.world.truth): who the straw buyers are, which of them form rings,
which people look alike without being one person, the dealer that served the straw buyers. Loaded as
`make demo` loads it, people resolved and leads computed by the real code, the truth must come out.
"""

from collections import defaultdict

import pytest

from traza.agencies.models import User
from traza.demo.services import INVESTIGATOR, OFFICER, SUSPECT_CASE, demo_intel_apply, demo_load, demo_users_ensure
from traza.demo.world import generate
from traza.industry.models import Purchase
from traza.intel.models import Lead, PersonRecord, SuspectGun, SuspectGunHit
from traza.notifications.models import Kind, Notification
from traza.tracing.models import Indicator, TraceIndicator
from traza.tracing.selectors import traces_visible_to

TOP = 20
STRAW_FOUND = 0.8


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    return directory, generate(size="small", seed=1968, directory=directory)


@pytest.fixture
def applied(catalog, world):
    """The small demo world loaded as `make demo` loads it: files, users, people, suspect guns, leads."""
    directory, generated = world
    demo_load(directory=directory)
    demo_users_ensure(password="clave-de-la-demo-1968")
    summary = demo_intel_apply(directory=directory)
    return generated.truth, summary


def persons_by_uid(truth) -> dict[int, set[int]]:
    """The resolved persons holding each followed person's purchase records."""
    purchases = {
        pk: truth.purchases[(rds, ref)]
        for pk, rds, ref in Purchase.objects.values_list("id", "licensee_rds", "transaction_ref")
        if (rds, ref) in truth.purchases
    }
    found = defaultdict(set)
    records = PersonRecord.objects.filter(source=PersonRecord.Source.PURCHASE, source_id__in=list(purchases))
    for source_id, person_id in records.values_list("source_id", "person_id"):
        found[purchases[source_id]].add(person_id)
    return found


def lead_people(lead: Lead) -> set[int]:
    return set(lead.lead_people.values_list("person_id", flat=True))


@pytest.mark.django_db
def test_the_planted_rings_and_straw_buyers_lead_and_the_demo_investigator_sees_them(applied):
    truth, _summary = applied
    persons = persons_by_uid(truth)
    top = list(Lead.objects.filter(active=True).order_by("-score", "-last_seen", "-id")[:TOP])
    rings = [lead_people(lead) for lead in top if lead.kind == Lead.Kind.RING]
    straw = set().union(*(lead_people(lead) for lead in top if lead.kind == Lead.Kind.STRAW_PURCHASER))
    summary = [(lead.kind, round(lead.score, 1)) for lead in top]

    missed_rings = [
        members
        for members in truth.rings
        if not any(len([uid for uid in members if persons[uid] & ring]) >= 2 for ring in rings)
    ]
    assert not missed_rings, f"rings missing from the top {TOP}: {missed_rings}; top: {summary}"
    found = [uid for uid in truth.straw if persons[uid] & straw]
    assert len(found) >= STRAW_FOUND * len(truth.straw), (
        f"{len(found)} of {len(truth.straw)} straw buyers in the top {TOP}; top: {summary}"
    )
    dealer = Lead.objects.get(kind=Lead.Kind.DEALER, subject_key=truth.dealer)
    assert dealer.active and dealer in top, f"the straw buyers' dealer scores {dealer.score}; top: {summary}"

    visible = traces_visible_to(User.objects.get(username=INVESTIGATOR))
    for lead in top:
        if lead.kind in (Lead.Kind.RING, Lead.Kind.STRAW_PURCHASER, Lead.Kind.DEALER):
            assert visible.filter(pk__in=lead.lead_traces.values("trace_id")).exists(), lead


@pytest.mark.django_db
def test_relatives_and_namesakes_stay_apart_and_each_straw_buyer_is_one_person(applied):
    truth, _summary = applied
    persons = persons_by_uid(truth)
    for household in truth.households:
        first, second = household
        assert persons[first] and persons[second]
        assert not persons[first] & persons[second], f"household {household} merged into one person"
    holders = defaultdict(set)
    for uid, found in persons.items():
        for person in found:
            holders[person].add(uid)
    assert all(len(uids) == 1 for uids in holders.values()), "a resolved person holds two followed people"
    split = [uid for uid in truth.straw if len(persons[uid]) != 1]
    assert len(split) <= 0.1 * len(truth.straw), f"straw buyers split over several persons: {split}"


@pytest.mark.django_db
def test_a_flagged_gun_traced_later_is_a_suspect_gun_lead_and_tells_the_investigator(applied, world):
    truth, summary = applied
    investigator = User.objects.get(username=INVESTIGATOR)
    assert summary.flagged == len(truth.suspects) == SuspectGun.objects.filter(case_ref=SUSPECT_CASE).count()
    hit = SuspectGunHit.objects.select_related("trace", "suspect").get()
    assert hit.suspect.flagged_by == investigator and hit.trace.submitted_by.username == OFFICER
    assert TraceIndicator.objects.filter(trace=hit.trace, code=Indicator.SUSPECT_GUN).exists()
    lead = Lead.objects.get(kind=Lead.Kind.SUSPECT_GUN, active=True)
    assert list(lead.lead_traces.values_list("trace_id", flat=True)) == [hit.trace_id]
    assert Notification.objects.filter(user=investigator, kind=Kind.SUSPECT_TRACED).count() == 1
    officer = Notification.objects.filter(user__username=OFFICER)
    assert officer.filter(kind=Kind.TRACE_FINISHED).exists()
    assert officer.filter(kind=Kind.QUERY_OVERDUE).exists()
    assert {Indicator.REPEAT_PURCHASER, Indicator.REPEAT_DEALER} <= set(
        TraceIndicator.objects.values_list("code", flat=True)
    )

    before = (Lead.objects.count(), Notification.objects.count(), SuspectGun.objects.count())
    again = demo_intel_apply(directory=world[0])
    assert (again.flagged, again.later_traces, again.notifications) == (0, 0, 0)
    assert (Lead.objects.count(), Notification.objects.count(), SuspectGun.objects.count()) == before
