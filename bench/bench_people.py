"""People resolution at scale: `people_resolve_all()` on 1M purchase records against a plain Splink run.

Writes 1M purchase records of made-up people (traza.intel.people.synthetic: planted typos, nicknames, swapped
given names and dates, moves, juniors and seniors, siblings, common names; COPY into PostgreSQL), then:

  1. `people_resolve_all()` end to end: collect and normalise the person records, read them into DuckDB,
     train (u by sampling, m by EM), predict, cluster, assign stable keys, write persons, records and
     Purchase.person_key back: `people_<size>` in seconds;
  2. the baseline: a plain Splink run on the same purchases as they were written (no Traza normalisation),
     read from the database into DuckDB, with Splink's standard comparisons (NameComparison,
     DateOfBirthComparison, PostcodeComparison, Levenshtein on the id number, exact city), blocking on
     first and last name, date of birth and ZIP code, and id number, trained the same way, clustered at the
     same threshold (nothing written back);
  3. pairwise precision and recall of both against the truth: `people_<size>_precision`, `…_recall`
     (the baseline's on the baseline side of the line).

    python bench/bench_people.py [--records N]
"""

import argparse
import os
from collections import Counter

from harness import bench, log, setup_django, size_label, stopwatch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000, help="purchase records (1,000,000)")
    args = parser.parse_args()
    setup_django()
    from traza.industry.models import Purchase
    from traza.intel.people.services import people_resolve_all
    from traza.intel.people.synthetic import purchase_records, purchases_insert

    label = size_label(args.records)
    with stopwatch() as watch:
        truth = purchases_insert(purchase_records(args.records, seed=10))
    log(f"wrote {args.records:,} purchase records of {len(set(truth)):,} people in {watch.seconds:.1f}s")
    with stopwatch() as ours:
        summary = people_resolve_all()
    log(f"people_resolve_all: {summary.records:,} records, {summary.people:,} people in {ours.seconds:.1f}s")
    keys = dict(Purchase.objects.values_list("transaction_ref", "person_key"))
    found = [keys[f"S{line}"] for line in range(1, args.records + 1)]
    with stopwatch() as plain:
        clusters = plain_splink()
    log(f"plain Splink: {plain.seconds:.1f}s")
    baseline = [clusters[f"S{line}"] for line in range(1, args.records + 1)]
    bench(f"people_{label}", ours.seconds, "s", plain.seconds)
    precision, recall = scores(found, truth)
    plain_precision, plain_recall = scores(baseline, truth)
    bench(f"people_{label}_precision", precision, "pairs", plain_precision)
    bench(f"people_{label}_recall", recall, "pairs", plain_recall)


def scores(found: list, truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the truth."""

    def pairs(groups: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in groups.values())

    correct = pairs(Counter(zip(found, truth, strict=True)))
    return correct / max(pairs(Counter(found)), 1), correct / max(pairs(Counter(truth)), 1)


def plain_splink() -> dict[str, int]:
    """Splink as its documentation sets it up, on the purchases as written: each purchase's cluster."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from django.db import connection
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from traza.intel.people.resolution import THRESHOLD, TRAINING_MAX_PAIRS, U_SAMPLE_PAIRS

    names = ("transaction_ref", "first_name", "middle_name", "last_name", "dob", "street", "city", "zip", "id_number")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT transaction_ref, first_name, middle_name, last_name, CAST(date_of_birth AS text), street, city, "
            "zip, id_number FROM industry_purchase"
        )
        rows = cursor.fetchall()
    transposed = zip(names, zip(*rows, strict=True), strict=True)
    columns = {name: [None if value == "" else value for value in values] for name, values in transposed}
    del rows
    db = duckdb.connect(":memory:")
    db.execute(f"SET threads = {os.cpu_count() or 1}")
    db.register("arrow_purchases", pa.table(columns))
    db.execute("CREATE TABLE purchases AS SELECT row_number() OVER () AS unique_id, * FROM arrow_purchases")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("zip"),
            cl.ExactMatch("city"),
            cl.LevenshteinAtThresholds("id_number", [1, 2]),
            cl.LevenshteinAtThresholds("street", [1, 3]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("dob", "zip"),
            block_on("id_number"),
        ],
    )
    linker = Linker(DuckDBAPI(db).register("purchases"), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match([block_on("id_number", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=10)
    for rule in (block_on("dob"), block_on("first_name", "last_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=TRAINING_MAX_PAIRS)
    pairs = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, threshold_match_probability=THRESHOLD)
    return dict(
        db.execute(
            f"SELECT p.transaction_ref, c.cluster_id FROM {clusters.physical_name} c "
            "JOIN purchases p ON p.unique_id = c.unique_id"
        ).fetchall()
    )


if __name__ == "__main__":
    main()
