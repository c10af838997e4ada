"""Leads: every kind recomputed at 1M traces and 1M purchase records, against reading their inputs with plain SQL.

Generates (and says so) a market written straight into the tables with COPY: 3,000 retail dealers in 15
states, 1M purchase records of people resolved beforehand (one PersonRecord per purchase, people by the
planted truth, so the figure is the leads' and not record linkage's), and 1M traces recovered in Mexico
(and a few in the US), about 45% of them traced to a purchase, the rest to a dealer only or not at all.
Planted among ordinary buyers (most guns recovered years after the sale, from someone else):

  - STRAW straw buyers: 3 to 8 guns each within weeks at one or two dealers, most traced within a year;
  - RINGS rings of 3 to 5 buyers sharing an address, buying at one dealer within two weeks, their guns
    traced soon, half of them recovered in one seizure;
  - HOT_DEALERS dealers whose guns come back soon four times as often as their peers';
  - relatives sharing an address (a junior and a senior) with nothing else in common.

Then `leads_recompute()` (best of --runs) against the baseline: the joined trace × purchase record × person
rows and the counts per dealer read with plain SQL into Python. Also reported: recall of each planted kind
(a planted ring is found when one ring lead holds most of its members) and the precision of the 100
strongest leads (planted buyers, rings and dealers).

    python bench/bench_leads.py [--traces N] [--purchases N] [--runs N]

Through bench/run it runs on PostgreSQL.
"""

import argparse
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from harness import bench, log, setup_django, size_label, stopwatch, vacuum_analyze

STATES = ["TX", "AZ", "CA", "NM", "FL", "NV", "GA", "IL", "CO", "OK", "WA", "OR", "UT", "LA", "NC"]
MX_REGIONS = ["MX-SIN", "MX-SON", "MX-CHH", "MX-BCN", "MX-TAM", "MX-JAL", "MX-MIC", "MX-GRO", "MX-CMX", "MX-NLE"]
DEALERS = 3000
STRAW = 300
RINGS = 60
HOT_DEALERS = 10
START = date(2012, 1, 2)
DAYS = 13 * 365
STREETS = ["MAIN ST", "OAK AVE", "ELM ST", "MESA RD", "ALAMEDA AVE", "PERA AVE", "FLORENCE ST", "LOMAS DR"]


@dataclass
class World:
    """What was planted, to check what the leads found."""

    straw: set[int] = field(default_factory=set)
    rings: list[set[int]] = field(default_factory=list)
    hot: set[str] = field(default_factory=set)
    purchases: list[tuple] = field(default_factory=list)  # (person, dealer, day, planted kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traces", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2, help="runs of the recompute (the best is reported)")
    args = parser.parse_args()
    setup_django()
    from traza.catalog.services import catalog_load

    catalog_load()
    rng = random.Random(1968)
    with stopwatch() as watch:
        world = plant(rng, args.purchases)
        write_world(rng, world, args.traces)
    log(f"wrote {args.purchases:,} purchases and people, {args.traces:,} traces (COPY) in {watch.seconds:.0f}s")
    measure(world, args.traces, args.runs)


# The world ---------------------------------------------------------------------------------------------------


def plant(rng: random.Random, size: int) -> World:
    """Who bought what, where and when: planted buyers first, then ordinary ones until `size` purchases."""
    world = World(hot={_rds(n) for n in rng.sample(range(DEALERS), HOT_DEALERS)})
    person = 0
    for _straw in range(STRAW):
        person += 1
        world.straw.add(person)
        dealers, first = [_rds(rng.randrange(DEALERS)) for _ in range(2)], _day(rng)
        for _gun in range(rng.randint(3, 8)):
            world.purchases.append((person, rng.choice(dealers), first + timedelta(rng.randrange(45)), "straw"))
    for _ring in range(RINGS):
        dealer, first, members = _rds(rng.randrange(DEALERS)), _day(rng), set()
        for _member in range(rng.randint(3, 5)):
            person += 1
            members.add(person)
            for _gun in range(rng.randint(1, 3)):
                world.purchases.append(
                    (person, dealer, first + timedelta(rng.randrange(14)), f"ring{len(world.rings)}")
                )
        world.rings.append(members)
    while len(world.purchases) < size:
        person += 1
        dealer, first = _rds(rng.randrange(DEALERS)), _day(rng)
        for _gun in range(1 if rng.random() < 0.8 else rng.randint(2, 4)):
            world.purchases.append((person, dealer, first + timedelta(rng.randrange(2000)), ""))
    del world.purchases[size:]
    return world


def _rds(n: int) -> str:
    return f"9{n:07d}"


def _day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange(DAYS - 2500))


def write_world(rng: random.Random, world: World, traces: int) -> None:
    from django.utils import timezone

    from traza.agencies.models import Agency
    from traza.core.bulk import insert_rows
    from traza.imports.models import ImportRun
    from traza.industry.models import Licensee, Purchase
    from traza.intel.models import Person, PersonRecord

    Agency.objects.bulk_create(
        Agency(code=f"BENCH{n:04d}", name=f"Bench {n}", country_id="MX", level="state", kind="police", region_id=region)
        for n, region in enumerate(MX_REGIONS)
    )
    Licensee.objects.bulk_create(
        Licensee(
            rds_key=_rds(n),
            region="9",
            district="99",
            sequence=f"{n:05d}",
            license_name=f"BENCH {n}",
            premise_state=STATES[n % len(STATES)],
        )
        for n in range(DEALERS)
    )
    run = ImportRun.objects.create(kind="purchases", file_name="bench.csv", status=ImportRun.Status.ACCEPTED)
    people = max(p for p, *_rest in world.purchases)
    now = timezone.now()
    insert_rows(
        Person._meta.db_table,
        ("key", "created_at", "updated_at", "record_count"),
        ((f"{rng.getrandbits(128):032x}", now, now, 0) for _ in range(people)),
    )
    first_person = Person.objects.order_by("id").values_list("id", flat=True).first() - 1
    addresses = _addresses(rng, world, people)
    columns, defaults = _columns(
        Purchase,
        {"import_run_id", "line", "licensee_rds", "transaction_ref", "transaction_date", "last_name", "person_key"},
    )
    insert_rows(
        Purchase._meta.db_table,
        columns,
        (
            [
                {
                    "import_run_id": run.pk,
                    "line": n + 2,
                    "licensee_rds": dealer,
                    "transaction_ref": f"P{n}",
                    "transaction_date": day,
                    "last_name": "X",
                    "person_key": f"{person:032d}",
                }.get(c, defaults.get(c))
                for c in columns
            ]
            for n, (person, dealer, day, _kind) in enumerate(world.purchases)
        ),
    )
    first_purchase = Purchase.objects.order_by("id").values_list("id", flat=True).first()
    record_columns = (
        "source",
        "source_id",
        "person_id",
        "last_name",
        "second_last_name",
        "first_name",
        "middle_name",
        "suffix",
        "street",
        "unit",
        "city",
        "state",
        "zip",
        "id_number",
        "phone",
        "seen_on",
        "licensee_rds",
    )
    insert_rows(
        PersonRecord._meta.db_table,
        record_columns,
        (
            (
                "purchase",
                first_purchase + n,
                first_person + person,
                "X",
                "",
                "",
                "",
                "",
                addresses[person][0],
                "",
                "",
                "",
                addresses[person][1],
                "",
                "",
                day,
                dealer,
            )
            for n, (person, dealer, day, _kind) in enumerate(world.purchases)
        ),
    )
    reports = sorted(rng.sample(sorted(world.straw), len(world.straw) // 3))
    insert_rows(
        PersonRecord._meta.db_table,
        record_columns,
        (
            ("multiple_sale", n + 1, first_person + person, "X", "", "", "", "", "", "", "", "", "", "", "", None, "")
            for n, person in enumerate(reports)
        ),
    )
    write_traces(rng, world, traces, first_purchase)
    vacuum_analyze(
        "tracing_trace",
        "tracing_traceindicator",
        "intel_personrecord",
        "intel_person",
        "industry_purchase",
        "industry_licensee",
    )


def _addresses(rng: random.Random, world: World, people: int) -> dict[int, tuple[str, str]]:
    """(street, zip) of each person: a ring's members share one; one ordinary buyer in 20 lives with a relative."""
    addresses = {
        p: (f"{rng.randrange(100, 99999)} {rng.choice(STREETS)}", f"{rng.randrange(70000, 89999)}")
        for p in range(1, people + 1)
    }
    for ring in world.rings:
        shared = addresses[min(ring)]
        for person in ring:
            addresses[person] = shared
    for person in range(len(world.straw) + sum(map(len, world.rings)) + 1, people - 1, 20):
        addresses[person + 1] = addresses[person]
    return addresses


def write_traces(rng: random.Random, world: World, size: int, first_purchase: int) -> None:
    """`size` traces: those of purchases traced (planted ones mostly), then traces to a dealer only or to none."""
    from traza.agencies.models import Agency
    from traza.core.bulk import insert_rows
    from traza.tracing.models import Trace, TraceIndicator

    agencies = dict(Agency.objects.filter(code__startswith="BENCH").values_list("region_id", "id"))
    fields = {
        "agency_id",
        "request_ref",
        "channel",
        "status",
        "recovery_date",
        "recovery_country",
        "recovery_region_id",
        "serial_number",
        "serial_key",
        "manufacturer",
        "created_at",
        "retail_licensee_rds",
        "sale_date",
        "purchase_id",
        "seizure_ref",
    }
    columns, defaults = _columns(Trace, fields)
    seizure_of_ring = {n: f"SEIZ-{n}" for n in range(len(world.rings))}
    indicators: list[tuple[int, str, bool]] = []
    rows = []
    for n, (_person, dealer, sold, kind) in enumerate(world.purchases):
        if len(rows) >= size * 45 // 100:
            break
        traced = rng.random() < (0.8 if kind else 0.42)
        if not traced:
            continue
        region = rng.choice(MX_REGIONS)
        seizure = ""
        if kind == "straw":
            ttc = rng.randint(20, 330)
        elif kind:
            ring = int(kind[4:])
            region = MX_REGIONS[ring % len(MX_REGIONS)]
            ttc = rng.randint(40, 500)
            seizure = seizure_of_ring[ring] if rng.random() < 0.5 else ""
        else:
            ttc = _ordinary_ttc(rng, dealer in world.hot)
        rows.append(_trace(len(rows), dealer, sold, ttc, region, agencies, first_purchase + n, seizure))
        indicators.append((len(rows), "purchaser_not_possessor", False) if kind or rng.random() < 0.85 else None)
    indicators = [i for i in indicators if i]
    while len(rows) < size:
        dealer = _rds(rng.randrange(DEALERS)) if rng.random() < 0.7 else ""
        sold = _day(rng) if dealer else None
        ttc = _ordinary_ttc(rng, dealer in world.hot) if dealer else 0
        rows.append(_trace(len(rows), dealer, sold, ttc, rng.choice(MX_REGIONS), agencies, None, ""))
    moment = datetime(2026, 1, 5, tzinfo=UTC)
    insert_rows(
        Trace._meta.db_table,
        columns,
        ([{**row, "created_at": moment}.get(c, defaults.get(c)) for c in columns] for row in rows),
    )
    first_trace = Trace.objects.order_by("id").values_list("id", flat=True).first() - 1
    insert_rows(
        TraceIndicator._meta.db_table,
        ("trace_id", "code", "strong"),
        ((first_trace + number, code, strong) for number, code, strong in indicators),
    )


def _ordinary_ttc(rng: random.Random, hot: bool) -> int:
    """Days from sale to recovery of an ordinary gun: years mostly (one in eight within 3 years; at a hot dealer,
    one in two)."""
    if rng.random() < (0.5 if hot else 0.12):
        return rng.randint(30, 3 * 365)
    return rng.randint(3 * 365 + 1, 12 * 365)


def _trace(n: int, dealer: str, sold, ttc: int, region: str, agencies: dict, purchase, seizure: str) -> dict:
    recovered = (sold + timedelta(days=ttc)) if sold else START + timedelta(days=(n * 7919) % DAYS)
    status = (
        "completed_purchaser" if purchase else ("completed_dealer" if dealer else ("not_traced", "in_progress")[n % 2])
    )
    return {
        "agency_id": agencies[region],
        "request_ref": f"L-{n}",
        "channel": "file",
        "status": status,
        "recovery_date": recovered,
        "recovery_country": "MX",
        "recovery_region_id": region,
        "serial_number": f"LX{n:08d}",
        "serial_key": f"LX{n:08d}",
        "manufacturer": "BENCH",
        "retail_licensee_rds": dealer,
        "sale_date": sold,
        "purchase_id": purchase,
        "seizure_ref": seizure,
    }


def _columns(model, given: set[str]) -> tuple[list[str], dict]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.column: (None if f.null else f.get_default()) for f in fields if f.column not in given}
    return columns, defaults


# The measure ---------------------------------------------------------------------------------------------------

BASELINE_SQL = (
    """SELECT t.id, r.person_id, p.key, t.recovery_date, t.sale_date, t.recovery_country, t.recovery_region_id,
              t.seizure_ref, t.retail_licensee_rds, r.street, r.zip, r.id_number, r.seen_on
       FROM tracing_trace t JOIN intel_personrecord r ON r.source = 'purchase' AND r.source_id = t.purchase_id
       JOIN intel_person p ON p.id = r.person_id
       WHERE t.status NOT IN ('draft', 'cancelled', 'rejected', 'duplicate')""",
    """SELECT retail_licensee_rds, count(*) FROM tracing_trace
       WHERE retail_licensee_rds <> '' AND sale_date IS NOT NULL AND recovery_date - sale_date <= 1095
       GROUP BY retail_licensee_rds""",
    "SELECT licensee_rds, count(*) FROM industry_purchase GROUP BY licensee_rds",
)


def baseline() -> float:
    from django.db import connection

    with stopwatch() as watch, connection.cursor() as cursor:
        for sql in BASELINE_SQL:
            cursor.execute(sql)
            while cursor.fetchmany(20_000):
                pass
    return watch.seconds


def measure(world: World, size: int, runs: int) -> None:
    from traza.intel.leads.compute import leads_recompute

    seconds = []
    for run in range(runs):
        with stopwatch() as watch:
            summary = leads_recompute()
        seconds.append(watch.seconds)
        log(f"recompute {run + 1}: {watch.seconds:.1f}s {summary}")
    plain = min(baseline() for _ in range(runs))
    log(f"baseline (the inputs read with plain SQL): {plain:.1f}s")
    found = found_planted(world)
    bench(
        f"leads_{size_label(size)}",
        min(seconds),
        "s",
        plain,
        note=(
            f"(every lead kind and the repeat indicators; baseline: reading their inputs with plain SQL) "
            f"recall straw={found['straw']:.3f} rings={found['rings']:.3f} dealers={found['dealers']:.3f} "
            f"precision_top100={found['top100']:.2f}"
        ),
    )


def found_planted(world: World) -> dict[str, float]:
    """Recall of each planted kind, and the share of planted ones among the 100 strongest leads."""
    from traza.intel.models import Lead, LeadPerson

    first_person = _first_person() - 1
    members: dict[int, set[int]] = {}
    for lead, person in LeadPerson.objects.filter(lead__active=True).values_list("lead_id", "person_id"):
        members.setdefault(lead, set()).add(person - first_person)
    leads = list(
        Lead.objects.filter(active=True).order_by("-score", "-last_seen", "-id").values("id", "kind", "subject_key")
    )
    ring_members = set().union(*world.rings)

    def planted(lead: dict) -> bool:
        people = members.get(lead["id"], set())
        if lead["kind"] == Lead.Kind.DEALER:
            return lead["subject_key"] in world.hot
        if lead["kind"] == Lead.Kind.RING:
            return any(2 * len(people & ring) > len(people) for ring in world.rings)
        return bool(people & (world.straw | ring_members))

    straw = {p for lead in leads if lead["kind"] == Lead.Kind.STRAW_PURCHASER for p in members.get(lead["id"], ())}
    rings = [members.get(lead["id"], set()) for lead in leads if lead["kind"] == Lead.Kind.RING]
    dealers = {lead["subject_key"] for lead in leads if lead["kind"] == Lead.Kind.DEALER}
    top = leads[:100]
    log(f"leads: {len(leads):,} active; by kind {dict(sorted(_kinds(leads).items()))}")
    return {
        "straw": len(straw & world.straw) / len(world.straw),
        "rings": sum(1 for ring in world.rings if any(2 * len(found & ring) > len(ring) for found in rings))
        / len(world.rings),
        "dealers": len(dealers & world.hot) / len(world.hot),
        "top100": sum(1 for lead in top if planted(lead)) / max(1, len(top)),
    }


def _kinds(leads: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for lead in leads:
        counts[lead["kind"]] = counts.get(lead["kind"], 0) + 1
    return counts


def _first_person() -> int:
    from traza.intel.models import Person

    return Person.objects.order_by("id").values_list("id", flat=True).first()


if __name__ == "__main__":
    main()
