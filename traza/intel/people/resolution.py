"""Record linkage with Splink on DuckDB, in memory: which person records are one human being.

The model compares given names, surnames, date of birth, generational suffix, address, id number and
phone, each on a few levels (exact, the variants strangers write, close, different). Its parameters are
trained on the data itself: u (how often unrelated records agree by chance) by random sampling, m (how
often records of one person agree) by expectation maximisation over blocking rules. Prediction compares
only pairs that share a tight blocking key; two records are one person when the match probability
reaches THRESHOLD, and people are the connected components of those links.

Tables in the DuckDB connection: `records` (every record to resolve, see RECORD_COLUMNS), and for
incremental linking `new_records` (the same columns).
"""

import logging
import os
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, block_on

from traza.intel.people.normalise import soundex

# Two records are one person when Splink's match probability is at least this (a match weight of 3.2: nine
# to one that the pair is one person, all evidence weighed). On the 50,000-record truth set (tests), 0.9
# gives pairwise precision 0.997 and recall 0.999; 0.99 keeps precision and loses recall (0.990) on people
# who moved to another state with a new licence, whom only names and date of birth still join.
THRESHOLD = 0.9
RECORD_COLUMNS = (
    "unique_id",
    "last_name",
    "second_last_name",
    "first_name",
    "middle_name",
    "suffix",
    "dob",
    "street",
    "unit",
    "city",
    "state",
    "zip",
    "id_number",
    "phone",
)
# Pairs a prediction looks at: records sharing one of these keys. Each is tight enough that no block is
# big (a common name alone would be: blocks on names grow with the square of the records), and together
# they catch a person who moved, mistyped a date of birth or changed a document.
PREDICTION_BLOCKS = (
    ("dob", "last_sx"),
    ("id_number",),
    ("zip", "first_name"),
    ("dob", "first_name"),
    ("dob", "zip"),
)
# Blocking rules EM trains on; each leaves out the comparisons it fixes, so together they train all. Not
# names: a block on names is full of juniors and seniors, whose agreement on everything but the date of
# birth would teach the model that one person's dates of birth often differ.
TRAINING_BLOCKS = (("dob",), ("id_number",))
TRAINING_MAX_PAIRS = 2_000_000
# The one parameter not learned: how often one person's two records put their births 12 or more years apart
# (a data-entry slip of that size). No training block holds such pairs among one person's records, while
# any block that holds them (same name, same address) is full of juniors and seniors that EM would take for
# one person; so it is fixed at one in a million, which keeps a junior and a senior apart.
GENERATION_APART_M = 1e-6
U_SAMPLE_PAIRS = 300_000
SEED = 10


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB using every core of the machine."""
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET threads = {os.cpu_count() or 1}")
    connection.execute("SET preserve_insertion_order = false")
    return connection


def load_records(connection: duckdb.DuckDBPyConnection, *, table: str, columns: dict[str, list]) -> int:
    """Create `table` from column lists (RECORD_COLUMNS, empty strings as missing), with the blocking keys."""
    arrow = pa.table({name: columns[name] for name in RECORD_COLUMNS})
    surnames = {name: soundex(name) for name in set(columns["last_name"]) if name}
    sounds = pa.table({"name": list(surnames), "sx": list(surnames.values())})
    connection.register("arrow_records", arrow)
    connection.register("arrow_sounds", sounds)
    text_columns = ", ".join(f"NULLIF(r.{name}, '') AS {name}" for name in RECORD_COLUMNS[1:])
    connection.execute(
        f"CREATE OR REPLACE TABLE {table} AS SELECT r.unique_id, {text_columns}, s.sx AS last_sx "
        "FROM arrow_records r LEFT JOIN arrow_sounds s ON s.name = r.last_name"
    )
    connection.unregister("arrow_records")
    connection.unregister("arrow_sounds")
    return connection.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def _level(label: str, condition: str, *, null: bool = False) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": condition, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    return level


def _comparison(name: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {"output_column_name": name, "comparison_description": name, "comparison_levels": levels}


def _given_names() -> dict[str, Any]:
    return _comparison(
        "given_names",
        [
            _level("missing", '"first_name_l" IS NULL OR "first_name_r" IS NULL', null=True),
            _level(
                "same first, middle agrees",
                '"first_name_l" = "first_name_r" AND ("middle_name_l" IS NULL OR "middle_name_r" IS NULL '
                'OR left("middle_name_l", 1) = left("middle_name_r", 1))',
            ),
            _level("same first, other middle", '"first_name_l" = "first_name_r"'),
            _level("given names swapped", '"first_name_l" = "middle_name_r" OR "middle_name_l" = "first_name_r"'),
            _level("first close", 'jaro_winkler_similarity("first_name_l", "first_name_r") >= 0.9'),
            _level(
                "first initial or similar",
                'jaro_winkler_similarity("first_name_l", "first_name_r") >= 0.8 OR ((length("first_name_l") = 1 '
                'OR length("first_name_r") = 1) AND left("first_name_l", 1) = left("first_name_r", 1))',
            ),
            _level("different", "ELSE"),
        ],
    )


def _surnames() -> dict[str, Any]:
    return _comparison(
        "surnames",
        [
            _level("missing", '"last_name_l" IS NULL OR "last_name_r" IS NULL', null=True),
            _level("both surnames", '"last_name_l" = "last_name_r" AND "second_last_name_l" = "second_last_name_r"'),
            _level("first surname", '"last_name_l" = "last_name_r"'),
            _level(
                "surnames crossed",
                '"last_name_l" = "second_last_name_r" OR "second_last_name_l" = "last_name_r"',
            ),
            _level(
                "surname close",
                'damerau_levenshtein("last_name_l", "last_name_r") <= 1 '
                'OR jaro_winkler_similarity("last_name_l", "last_name_r") >= 0.92',
            ),
            _level("surname similar", 'jaro_winkler_similarity("last_name_l", "last_name_r") >= 0.8'),
            _level("different", "ELSE"),
        ],
    )


def _date_of_birth() -> dict[str, Any]:
    return _comparison(
        "date_of_birth",
        [
            _level("missing", '"dob_l" IS NULL OR "dob_r" IS NULL', null=True),
            _level("same", '"dob_l" = "dob_r"'),
            _level(
                "day and month swapped",
                'left("dob_l", 4) = left("dob_r", 4) AND substr("dob_l", 6, 2) = substr("dob_r", 9, 2) '
                'AND substr("dob_l", 9, 2) = substr("dob_r", 6, 2)',
            ),
            _level("one digit off", 'damerau_levenshtein("dob_l", "dob_r") <= 1'),
            {
                **_level("a generation apart", 'abs(left("dob_l", 4)::int - left("dob_r", 4)::int) >= 12'),
                "m_probability": GENERATION_APART_M,
                "fix_m_probability": True,
            },
            _level("different", "ELSE"),
        ],
    )


def _suffix() -> dict[str, Any]:
    return _comparison(
        "suffix",
        [
            _level("missing", '"suffix_l" IS NULL OR "suffix_r" IS NULL', null=True),
            _level("same", '"suffix_l" = "suffix_r"'),
            _level("different", "ELSE"),
        ],
    )


def _address() -> dict[str, Any]:
    same_street = '"street_l" = "street_r" AND "zip_l" = "zip_r"'
    return _comparison(
        "address",
        [
            _level(
                "missing", '"street_l" IS NULL OR "street_r" IS NULL OR "zip_l" IS NULL OR "zip_r" IS NULL', null=True
            ),
            _level(
                "same address",
                f'{same_street} AND ("unit_l" IS NULL AND "unit_r" IS NULL OR "unit_l" = "unit_r")',
            ),
            _level("same building", same_street),
            _level(
                "street close",
                '"zip_l" = "zip_r" AND jaro_winkler_similarity("street_l", "street_r") >= 0.9',
            ),
            _level("same zip", '"zip_l" = "zip_r"'),
            _level("same city", '"city_l" = "city_r" AND "state_l" = "state_r"'),
            _level("different", "ELSE"),
        ],
    )


def _exact_or_close(name: str, column: str) -> dict[str, Any]:
    return _comparison(
        name,
        [
            _level("missing", f'"{column}_l" IS NULL OR "{column}_r" IS NULL', null=True),
            _level("same", f'"{column}_l" = "{column}_r"'),
            _level("one character off", f'damerau_levenshtein("{column}_l", "{column}_r") <= 1'),
            _level("different", "ELSE"),
        ],
    )


def model_settings(*, phones: bool) -> dict[str, Any]:
    """Splink's settings before training: what is compared, on which levels, and the prediction blocks.

    The phone is compared only when some record has one (FORMATS.md's files carry none today).
    """
    comparisons = [_given_names(), _surnames(), _date_of_birth(), _suffix(), _address()]
    comparisons.append(_exact_or_close("id_number", "id_number"))
    if phones:
        comparisons.append(_exact_or_close("phone", "phone"))
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [
            block_on(*columns).get_blocking_rule("duckdb").as_dict() for columns in PREDICTION_BLOCKS
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "probability_two_random_records_match": 1e-5,
    }


def train(connection: duckdb.DuckDBPyConnection, *, table: str = "records") -> dict[str, Any]:
    """Train the model on `table`: the prior from near-certain pairs, u by sampling, m by EM. Its settings."""
    phones = connection.execute(f"SELECT count(phone) > 0 FROM {table}").fetchall()[0][0]
    linker = _linker(connection, table=table, settings=model_settings(phones=phones))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("dob", "last_name", "first_name", "zip"), block_on("id_number", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    for columns in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*columns), estimate_without_term_frequencies=True, max_pairs=TRAINING_MAX_PAIRS
        )
    return linker.misc.save_model_to_json()


def _linker(connection: duckdb.DuckDBPyConnection, *, table: str, settings: dict[str, Any]) -> Linker:
    logging.getLogger("splink").setLevel(logging.WARNING)
    api = DuckDBAPI(connection)
    return Linker(api.register(table, table_name=f"splink_{table}"), settings, log_level=None)


def cluster(connection: duckdb.DuckDBPyConnection, *, settings: dict[str, Any], table: str = "records") -> None:
    """Link the records of `table` and group them: table `clusters` (unique_id, cluster_id, match_weight).

    `match_weight` is the strongest link that joined the record to its person (null for a record alone).
    """
    linker = _linker(connection, table=table, settings=settings)
    pairs = linker.inference.predict(threshold_match_probability=THRESHOLD, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, threshold_match_probability=THRESHOLD)
    _keep_clusters(connection, clusters=clusters.physical_name, pairs=pairs.physical_name)


def cluster_exactly(connection: duckdb.DuckDBPyConnection, *, table: str = "records") -> None:
    """Group the records of `table` without a model: the same first surname, given names and date of birth (or,
    without one, ZIP and street) are one person. For a database too young to train a model on; table `clusters`
    as `cluster` writes it, with no match weights."""
    identity = (
        "last_name || '|' || first_name || '|' || "
        "coalesce(dob, 'zip:' || nullif(zip, '') || '|' || nullif(street, ''), 'record:' || unique_id)"
    )
    connection.execute(
        "CREATE OR REPLACE TABLE clusters AS SELECT unique_id, "
        f"min(unique_id) OVER (PARTITION BY {identity}) AS cluster_id, CAST(NULL AS DOUBLE) AS match_weight "
        f"FROM {table}"
    )


def _keep_clusters(connection: duckdb.DuckDBPyConnection, *, clusters: str, pairs: str) -> None:
    connection.execute(
        "CREATE OR REPLACE TABLE clusters AS "
        f"WITH ends AS (SELECT unique_id_l AS unique_id, match_weight FROM {pairs} "
        f"UNION ALL SELECT unique_id_r, match_weight FROM {pairs}), "
        "best AS (SELECT unique_id, max(match_weight) AS match_weight FROM ends GROUP BY unique_id) "
        f"SELECT c.unique_id, c.cluster_id, b.match_weight FROM {clusters} c "
        "LEFT JOIN best b ON b.unique_id = c.unique_id"
    )


def link_new(
    connection: duckdb.DuckDBPyConnection,
    *,
    settings: dict[str, Any],
    existing: str = "records",
    new: str = "new_records",
) -> None:
    """Links of new records to existing ones and among themselves: table `links` (new_id, other_id, match_weight).

    Only pairs at or above THRESHOLD; the existing records are not compared with each other again.
    """
    linker = _linker(connection, table=existing, settings=settings)
    api = linker._db_api
    old = api.register(existing, table_name=f"old_{existing}")
    fresh = api.register(new, table_name=f"fresh_{new}")
    between = linker.inference.predict_between(fresh, old, threshold_match_probability=THRESHOLD, warning_mode="never")
    within = linker.inference.predict_within(fresh, threshold_match_probability=THRESHOLD, warning_mode="never")
    connection.execute(
        "CREATE OR REPLACE TABLE links AS WITH pairs AS ("
        f"SELECT unique_id_l AS a, unique_id_r AS b, match_weight FROM {between.physical_name} UNION ALL "
        f"SELECT unique_id_l, unique_id_r, match_weight FROM {within.physical_name}), "
        "ends AS (SELECT a AS new_id, b AS other_id, match_weight FROM pairs "
        "UNION ALL SELECT b, a, match_weight FROM pairs) "
        f"SELECT * FROM ends WHERE new_id IN (SELECT unique_id FROM {new})"
    )
