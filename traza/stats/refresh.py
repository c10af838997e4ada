"""Keep the statistics' facts up to date: set-based rewrites of TraceFact and SeizureFact, and custody alerts.

Called where traces and seizures change: the engine after each batch it resolves (every submission,
from any channel, is resolved), a withdrawal, a seizure inventory's import. `facts_refresh_all`
rebuilds everything (`traza stats refresh`), and `facts_refresh_missing` fills the facts of traces
and seizures written before this module existed (each worker runs it as it starts).

Days are counted between calendar dates in UTC, the same on PostgreSQL and SQLite.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from traza.catalog.keys import make_key
from traza.catalog.models import Make
from traza.core.bulk import batches, is_postgres
from traza.core.lookups import array_literal
from traza.core.values import serial_key
from traza.stats.models import CustodyAlert, FactsChange, Origin, SeizureFact, TraceFact
from traza.tracing.models import Seizure, Trace

COMPLETED = (Trace.Status.COMPLETED_PURCHASER, Trace.Status.COMPLETED_DEALER)
NOT_COUNTED = (Trace.Status.DRAFT, Trace.Status.CANCELLED)
TRACE_FACT_COLUMNS = (
    "trace_id",
    "agency_id",
    "submitter_id",
    "level",
    "kind",
    "policy",
    "country",
    "region_id",
    "municipality_id",
    "crime_code_id",
    "firearm_type",
    "make_id",
    "caliber_id",
    "status",
    "recovery_date",
    "recovery_month",
    "submitted_date",
    "lag_days",
    "complete_hours",
    "ttc_days",
    "source_region_id",
    "source_rds",
    "origin",
    "located",
)
SEIZURE_FACT_COLUMNS = (
    "seizure_id",
    "agency_id",
    "level",
    "kind",
    "country",
    "region_id",
    "municipality_id",
    "firearm_type",
    "seizure_date",
    "seizure_month",
    "trace_id",
    "lag_days",
)


def _days(later: str, earlier: str) -> str:
    if is_postgres():
        return f"(CAST({later} AS date) - CAST({earlier} AS date))"
    return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"


def _hours(later: str, earlier: str) -> str:
    if is_postgres():
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({later} - {earlier})) / 3600) AS INTEGER)"
    return f"CAST((julianday({later}) - julianday({earlier})) * 24 AS INTEGER)"


def _month(day: str) -> str:
    if is_postgres():
        return f"CAST(date_trunc('month', {day}) AS date)"
    return f"date({day}, 'start of month')"


def _date(moment: str) -> str:
    if is_postgres():
        return f"CAST({moment} AT TIME ZONE 'UTC' AS date)"
    return f"date({moment})"


def _upsert(table: str, columns: Sequence[str], key: str, select: str, params: Sequence) -> None:
    """Insert the rows `select` computes, or update those that differ (a fact unchanged is not written again)."""
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    mine = ", ".join(f"{table}.{c}" for c in columns if c != key)
    theirs = ", ".join(f"excluded.{c}" for c in columns if c != key)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) {select} ON CONFLICT ({key}) DO UPDATE SET {updates} "
            f"WHERE ({mine}) IS DISTINCT FROM ({theirs})",
            params,
        )


def _trace_select(where: str) -> str:
    """The SELECT that computes trace facts for the traces `where` picks (alias t)."""
    submitted = "COALESCE(t.submitted_at, t.created_at)"
    return f"""
        SELECT t.id, t.agency_id, t.submitting_agency_id, a.level, a.kind,
            COALESCE((SELECT p.policy FROM agencies_accesspolicy p
                      WHERE p.country_id = a.country_id AND p.effective_at <= {submitted}
                      ORDER BY p.effective_at DESC, p.id DESC LIMIT 1), 'distributed'),
            t.recovery_country, t.recovery_region_id, t.recovery_municipality_id, t.crime_code_id,
            t.firearm_type, t.make_id, t.caliber_ref_id, t.status, t.recovery_date, {_month("t.recovery_date")},
            {_date(submitted)}, {_days(_date(submitted), "t.recovery_date")},
            CASE WHEN t.completed_at IS NOT NULL AND t.status NOT IN ('cancelled', 'duplicate')
                 THEN {_hours("t.completed_at", submitted)} END,
            CASE WHEN t.sale_date IS NOT NULL THEN {_days("t.recovery_date", "t.sale_date")} END,
            CASE WHEN l.premise_state IS NOT NULL AND l.premise_state <> '' THEN 'US-' || l.premise_state END,
            t.retail_licensee_rds,
            CASE WHEN t.status IN ('completed_purchaser', 'completed_dealer') OR t.retail_licensee_rds <> ''
                      THEN '{Origin.US}'
                 WHEN t.status = 'traced_foreign' THEN '{Origin.FOREIGN}'
                 ELSE '{Origin.UNDETERMINED}' END,
            t.latitude IS NOT NULL AND t.longitude IS NOT NULL
        FROM tracing_trace t
        JOIN agencies_agency a ON a.id = t.agency_id
        LEFT JOIN industry_licensee l ON l.rds_key = t.retail_licensee_rds AND t.retail_licensee_rds <> ''
        WHERE t.status NOT IN ('draft', 'cancelled') AND {where}
    """


def _seizure_select(where: str) -> str:
    """The SELECT that computes seizure facts for the seized guns `where` picks (written for alias s).

    A gun's first trace is found set-based: traces of the same agency naming its seizure reference and
    item, or carrying its serial, joined once (hash or index joins), never a subquery per seized gun.
    """
    inner = where.replace("s.", "s2.")
    live = "t.status NOT IN ('draft', 'cancelled')"
    return f"""
        SELECT s.id, s.agency_id, a.level, a.kind, s.country, s.region_id, s.municipality_id, s.firearm_type,
            s.seizure_date, {_month("s.seizure_date")}, m.trace_id,
            CASE WHEN m.trace_id IS NOT NULL THEN {
        _days(_date("COALESCE(f.submitted_at, f.created_at)"), "s.seizure_date")
    } END
        FROM tracing_seizure s
        JOIN agencies_agency a ON a.id = s.agency_id
        LEFT JOIN (
            SELECT x.id, MIN(x.trace_id) AS trace_id FROM (
                SELECT s2.id, t.id AS trace_id FROM tracing_seizure s2
                JOIN tracing_trace t ON t.agency_id = s2.agency_id AND t.seizure_ref = s2.seizure_ref
                    AND t.seizure_item = s2.item_no AND t.seizure_ref <> ''
                WHERE {live} AND {inner}
                UNION ALL
                SELECT s2.id, t.id FROM tracing_seizure s2
                JOIN tracing_trace t ON t.serial_key = s2.serial_key AND t.agency_id = s2.agency_id
                WHERE s2.serial_key <> '' AND {live} AND {inner}
            ) x GROUP BY x.id
        ) m ON m.id = s.id
        LEFT JOIN tracing_trace f ON f.id = m.trace_id
        WHERE {where}
    """


def _ids_clause(column: str, ids: Sequence[int]) -> tuple[str, list]:
    if is_postgres():
        return f"{column} = ANY(%s::bigint[])", [array_literal(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def facts_refresh_traces(trace_ids: Iterable[int]) -> None:
    """Bring the facts of these traces, the coverage of the seized guns they trace, and custody alerts up to date."""
    ids = sorted(set(trace_ids))
    # PostgreSQL takes a whole engine batch as one array; SQLite's statements are held under its parameter limit.
    for part in batches(ids, 5000 if is_postgres() else 1000):
        where, params = _ids_clause("t.id", part)
        with transaction.atomic(savepoint=False):  # inside the engine's batch, whose failure undoes it all
            _upsert("stats_tracefact", TRACE_FACT_COLUMNS, "trace_id", _trace_select(where), params)
            # One read of the batch serves the withdrawn traces, the seized guns they trace and custody.
            traces = list(
                Trace.objects.filter(id__any=part).values_list("id", "status", "agency_id", "seizure_ref", "serial_key")
            )
            uncounted = set(part) - {pk for pk, status, *_rest in traces if status not in NOT_COUNTED}
            if uncounted:
                TraceFact.objects.filter(trace_id__any=sorted(uncounted)).delete()
            seizures = _seizures_of_traces([(agency, ref, key) for _pk, _status, agency, ref, key in traces])
            if seizures:
                facts_refresh_seizures(seizures)
            custody_alerts_find(serial_keys={key for *_rest, key in traces if key})
            facts_changed()


def _seizures_of_traces(traces: Sequence[tuple]) -> list[int]:
    """The seized guns traces (agency, seizure reference, serial key) may trace: same agency and reference,
    or same agency and serial. Two queries whatever the number of agencies; none without an inventory.
    """
    if not Seizure.objects.exists():
        return []
    agencies = {agency_id for agency_id, _ref, _key in traces}
    refs = {(agency_id, ref) for agency_id, ref, _key in traces if ref}
    keys = {(agency_id, key) for agency_id, _ref, key in traces if key}
    found: set[int] = set()
    if refs:
        candidates = Seizure.objects.filter(agency_id__in=agencies, seizure_ref__in={ref for _a, ref in refs})
        found.update(
            pk
            for pk, agency_id, ref in candidates.values_list("id", "agency_id", "seizure_ref")
            if (agency_id, ref) in refs
        )
    if keys:
        candidates = Seizure.objects.filter(agency_id__in=agencies, serial_key__in={key for _a, key in keys})
        found.update(
            pk
            for pk, agency_id, key in candidates.values_list("id", "agency_id", "serial_key")
            if (agency_id, key) in keys
        )
    return sorted(found)


def facts_refresh_seizures(seizure_ids: Iterable[int]) -> None:
    """Bring the coverage facts of these seized guns up to date (traced or not, and how soon)."""
    for part in batches(sorted(set(seizure_ids)), 1000):
        where, params = _ids_clause("s.id", part)
        # The filter appears three times in the statement: twice inside the match, once outside.
        _upsert("stats_seizurefact", SEIZURE_FACT_COLUMNS, "seizure_id", _seizure_select(where), params * 3)
    facts_changed()


def facts_refresh_import(run_id: int) -> None:
    """After a seizure inventory's import: the facts of its rows, and the custody alerts their serials raise."""
    ids = list(Seizure.objects.filter(import_run_id=run_id).values_list("id", flat=True))
    facts_refresh_seizures(ids)
    for part in batches(ids, 1000):
        custody_alerts_find(seizure_ids=part)


def facts_refresh_all() -> tuple[int, int]:
    """Rebuild every fact from the records (set-based); return (trace facts, seizure facts)."""
    with transaction.atomic():
        TraceFact.objects.all().delete()
        SeizureFact.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO stats_tracefact ({', '.join(TRACE_FACT_COLUMNS)}) {_trace_select('1 = 1')}")
            cursor.execute(
                f"INSERT INTO stats_seizurefact ({', '.join(SEIZURE_FACT_COLUMNS)}) {_seizure_select('1 = 1')}"
            )
        facts_changed()
    return TraceFact.objects.count(), SeizureFact.objects.count()


def facts_refresh_missing() -> int:
    """Write the facts of traces and seized guns that have none yet (records older than the statistics)."""
    missing = "NOT EXISTS (SELECT 1 FROM stats_tracefact x WHERE x.trace_id = t.id)"
    missing_seizures = "NOT EXISTS (SELECT 1 FROM stats_seizurefact y WHERE y.seizure_id = s.id)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO stats_tracefact ({', '.join(TRACE_FACT_COLUMNS)}) {_trace_select(missing)}")
        written = cursor.rowcount
        cursor.execute(
            f"INSERT INTO stats_seizurefact ({', '.join(SEIZURE_FACT_COLUMNS)}) {_seizure_select(missing_seizures)}"
        )
        written += cursor.rowcount
        if written:
            facts_changed()
        return written


def facts_changed() -> None:
    """Record that the facts changed, so figures cached under the previous version are computed again."""
    FactsChange.objects.create()


def facts_version() -> int:
    """The facts' version: the newest change's id (0 before any)."""
    return FactsChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# Custody ---------------------------------------------------------------------------------------------------

GUN_FIELDS = ("id", "agency_id", "serial_key", "make_id", "manufacturer")
TRACE_GUN_FIELDS = (*GUN_FIELDS, "recovery_date", "seizure_ref", "seizure_item", "status", "duplicate_of_id")
SEIZURE_GUN_FIELDS = (*GUN_FIELDS, "seizure_date", "seizure_ref", "item_no")
NOT_A_RECOVERY = (*NOT_COUNTED, Trace.Status.REJECTED, Trace.Status.DUPLICATE)


#: What officers write when a gun has no serial to read: never the identity of a gun.
PLACEHOLDER_SERIALS = frozenset(
    serial_key(text)
    for text in (
        "S/N",
        "SN",
        "S N",
        "NO VISIBLE",
        "NO LEGIBLE",
        "ILEGIBLE",
        "SIN NUMERO",
        "SIN NÚMERO",
        "SIN SERIE",
        "SIN MATRICULA",
        "NO SERIAL",
        "NO SERIE",
        "NONE",
        "N/A",
        "NA",
        "UNKNOWN",
        "DESCONOCIDO",
        "BORRADO",
        "LIMADO",
        "NO TIENE",
        "X",
    )
)
#: Makes that name no maker (homemade, unmarked): the same serial under them says nothing about the gun.
UNMARKED_MAKES = ("SIN MARCA",)


def identifies_a_gun(key: str) -> bool:
    """Whether a serial (as compared) can tell one gun from another: not a placeholder, not one repeated
    character, and not a short number such as 0001 that countless guns carry."""
    return (
        key not in PLACEHOLDER_SERIALS
        and len(set(key)) > 1
        and len(key) >= 4
        and not (key.isdecimal() and len(key) < 5)
        and "?" not in key
    )


def custody_days() -> int:
    """How far apart two recoveries of one gun must be to say it left custody in between."""
    return settings.TRAZA_CUSTODY_DAYS


def same_gun(one: dict, other: dict, unmarked: frozenset[int] = frozenset()) -> bool:
    """Two records of one serial name the same gun: the same make, or the same maker's name when a make is
    unknown; never an unmarked (homemade) make."""
    if one["make_id"] in unmarked or other["make_id"] in unmarked:
        return False
    if one["make_id"] and other["make_id"]:
        return one["make_id"] == other["make_id"]
    return bool(one["manufacturer"]) and make_key(one["manufacturer"]) == make_key(other["manufacturer"])


def custody_alerts_find(
    *, trace_ids: Sequence[int] = (), seizure_ids: Sequence[int] = (), serial_keys: Iterable[str] = ()
) -> int:
    """Raise the custody alerts these traces or seized guns show; return how many they show (new or not).

    A gun in one agency's seizure inventory that is recovered again more than TRAZA_CUSTODY_DAYS after
    its seizure (and not as the recovery that seizure recorded) left custody; so did a gun traced twice
    with recoveries that far apart. Alerts already raised are kept as they are.
    """
    keys = set(serial_keys)
    if trace_ids:
        keys |= set(Trace.objects.filter(id__in=trace_ids).exclude(serial_key="").values_list("serial_key", flat=True))
    if seizure_ids:
        keys |= set(
            Seizure.objects.filter(id__in=seizure_ids).exclude(serial_key="").values_list("serial_key", flat=True)
        )
    keys = _seen_elsewhere({key for key in keys if identifies_a_gun(key)})
    if not keys:
        return 0
    traces = list(
        Trace.objects.filter(serial_key__in=keys).exclude(status__in=NOT_A_RECOVERY).values(*TRACE_GUN_FIELDS)
    )
    seizures = list(Seizure.objects.filter(serial_key__in=keys).values(*SEIZURE_GUN_FIELDS))
    gap = timedelta(days=custody_days())
    unmarked = frozenset(Make.objects.filter(name__in=UNMARKED_MAKES).values_list("pk", flat=True))
    alerts = [*_seized_again(traces, seizures, gap, unmarked), *_traced_twice(traces, gap, unmarked)]
    CustodyAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    return len(alerts)


def _seen_elsewhere(keys: set[str]) -> set[str]:
    """The serials of `keys` on more than one trace, or in a seizure inventory: the only ones that can raise an
    alert. Counted on the serial indexes alone, so a batch of new serials costs two small queries."""
    if not keys:
        return set()
    repeated = set(
        Trace.objects.filter(serial_key__any=sorted(keys))
        .values("serial_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("serial_key", flat=True)
    )
    seized = set(
        Seizure.objects.filter(serial_key__any=sorted(keys - repeated)).values_list("serial_key", flat=True).distinct()
    )
    return repeated | seized


def _seized_again(
    traces: list[dict], seizures: list[dict], gap: timedelta, unmarked: frozenset[int]
) -> list[CustodyAlert]:
    by_key: dict[str, list[dict]] = defaultdict(list)
    for seizure in seizures:
        by_key[seizure["serial_key"]].append(seizure)
    alerts = []
    for trace in traces:
        for seizure in by_key[trace["serial_key"]]:
            its_own_trace = trace["agency_id"] == seizure["agency_id"] and (
                (trace["seizure_ref"], trace["seizure_item"]) == (seizure["seizure_ref"], seizure["item_no"])
            )
            if (
                its_own_trace
                or trace["recovery_date"] <= seizure["seizure_date"] + gap
                or not same_gun(trace, seizure, unmarked)
            ):
                continue
            alerts.append(
                CustodyAlert(
                    kind=CustodyAlert.Kind.SEIZED_AGAIN,
                    serial_key=trace["serial_key"],
                    seizure_id=seizure["id"],
                    trace_id=trace["id"],
                    holding_agency_id=seizure["agency_id"],
                    recovering_agency_id=trace["agency_id"],
                    held_on=seizure["seizure_date"],
                    recovered_on=trace["recovery_date"],
                )
            )
    return alerts


def _traced_twice(traces: list[dict], gap: timedelta, unmarked: frozenset[int]) -> list[CustodyAlert]:
    by_key: dict[str, list[dict]] = defaultdict(list)
    for trace in traces:
        by_key[trace["serial_key"]].append(trace)
    alerts = []
    for same_serial in by_key.values():
        same_serial.sort(key=lambda t: (t["recovery_date"], t["id"]))
        for index, later in enumerate(same_serial):
            earlier = next(
                (
                    t
                    for t in reversed(same_serial[:index])
                    if t["recovery_date"] + gap < later["recovery_date"] and same_gun(t, later, unmarked)
                ),
                None,
            )
            if earlier is None:
                continue
            alerts.append(
                CustodyAlert(
                    kind=CustodyAlert.Kind.TRACED_TWICE,
                    serial_key=later["serial_key"],
                    earlier_trace_id=earlier["id"],
                    trace_id=later["id"],
                    holding_agency_id=earlier["agency_id"],
                    recovering_agency_id=later["agency_id"],
                    held_on=earlier["recovery_date"],
                    recovered_on=later["recovery_date"],
                )
            )
    return alerts
