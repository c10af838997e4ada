"""Charts: the JSON each kind hands to the browser, and the table beside it, in Spanish and in English."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from traza.stats.charts import Chart, drawn_codes
from traza.stats.measures import Column, Result

NBSP = "\xa0"


def result(measure: str, columns: tuple[Column, ...], rows: list[dict], suppressed=None, below=None) -> Result:
    marks = [frozenset(m) for m in suppressed] if suppressed else [frozenset()] * len(rows)
    return Result(measure=measure, columns=columns, rows=rows, suppressed=marks, suppressed_below=below)


# Rows as the measures give them, out of order and written the way the catalog writes names.
MONTHS = result(
    "traces",
    (Column("month", "month", "month"), Column("traces", "traces", "count")),
    [
        {"month": date(2024, 12, 1), "traces": 1312},
        {"month": date(2025, 1, 1), "traces": None},
        {"month": date(2025, 2, 1), "traces": 47},
    ],
    suppressed=[(), ("traces",), ()],
    below=5,
)

STATES = (
    Column("state", "state", "code"),
    Column("state_name", "state name"),
    Column("state_code", "statistical code", "code"),
    Column("traces", "traces", "count"),
    Column("share", "share", "share", base="traces"),
)


def states() -> Result:
    return result(
        "sources",
        STATES,
        [
            {"state": "MX-SIN", "state_name": "Sinaloa", "state_code": "25", "traces": 2210, "share": 0.6125},
            {"state": "MX-SON", "state_name": "Sonora", "state_code": "26", "traces": None, "share": None},
            {"state": "MX-CMX", "state_name": "Ciudad de México", "state_code": 9, "traces": 1398, "share": 0.3875},
            {"state": None, "state_name": "", "state_code": "", "traces": 12, "share": 0.0033},
        ],
        suppressed=[(), ("traces", "share"), (), ()],
        below=5,
    )


def chart(kind: str, data: Result, **options) -> Chart:
    return Chart(key=f"test-{kind}", title="Título", reading="Lo que dice.", kind=kind, result=data, **options)


def test_a_bar_chart_gives_numbers_and_marks_the_suppressed_cell():
    with translation.override("es"):
        spec = chart("bar", MONTHS, x="month", y=["traces"]).spec()

    assert spec["kind"] == "bar"
    assert spec["categories"] == ["dic 2024", "ene 2025", "feb 2025"]
    assert spec["series"] == [
        {"key": "traces", "name": "traces", "kind": "count", "data": [1312, None, 47], "suppressed": [1]}
    ]
    assert spec["suppressed"] == "<5"
    assert spec["format"]["decimal"] == ","
    assert spec["assets"]["langES"].endswith("vendor/echarts/langES.js")


def test_months_and_numbers_follow_the_active_language():
    bars = chart("bar", MONTHS, x="month", y=["traces"])

    with translation.override("es"):
        spanish = (bars.spec()["categories"], bars.table_rows())
    with translation.override("en"):
        english = (bars.spec()["categories"], bars.table_rows())

    assert spanish[0] == ["dic 2024", "ene 2025", "feb 2025"]
    assert english[0] == ["Dec 2024", "Jan 2025", "Feb 2025"]
    assert [cell.text for cell in spanish[1][0]] == ["dic 2024", f"1{NBSP}312"]
    assert [cell.text for cell in english[1][0]] == ["Dec 2024", "1,312"]
    suppressed = spanish[1][1][1]
    assert (suppressed.text, suppressed.suppressed, suppressed.numeric) == ("<5", True, True)


def test_shares_print_as_percent_and_days_as_whole_days():
    data = result(
        "ttc",
        (
            Column("level", "agency level", "code"),
            Column("level_name", "level name"),
            Column("with_ttc", "traces with a time-to-crime", "count"),
            Column("ttc_median_days", "median (days)", "days", base="with_ttc"),
            Column("under_1y_share", "share under 1 year", "share", base="with_ttc"),
        ),
        [
            {
                "level": "municipal",
                "level_name": "Municipal",
                "with_ttc": 40,
                "ttc_median_days": 412.5,
                "under_1y_share": 0.4567,
            }
        ],
    )
    bars = chart("hbar", data, x="level_name", y=["under_1y_share"])

    with translation.override("es"):
        spanish = [cell.text for cell in bars.table_rows()[0]]
        percent = bars.spec()["format"]["percent"]
    with translation.override("en"):
        english = [cell.text for cell in bars.table_rows()[0]]

    # The level's code is left out: its name stands beside it.
    assert [c.key for c in bars.table_columns()] == ["level_name", "with_ttc", "ttc_median_days", "under_1y_share"]
    assert spanish == ["Municipal", "40", "413", f"45,7{NBSP}%"]
    assert english == ["Municipal", "40", "413", "45.7%"]
    assert percent == f"{{}}{NBSP}%"


def test_a_stacked_chart_has_one_series_per_status_and_zero_where_a_month_has_none():
    data = result(
        "traces",
        (
            Column("month", "month", "month"),
            Column("status", "status", "code"),
            Column("status_name", "status name"),
            Column("traces", "traces", "count"),
        ),
        [
            {
                "month": date(2025, 3, 1),
                "status": "completed_purchaser",
                "status_name": "Comprador hallado",
                "traces": 9,
            },
            {"month": date(2025, 3, 1), "status": "not_traced", "status_name": "No rastreado", "traces": None},
            {
                "month": date(2025, 4, 1),
                "status": "completed_purchaser",
                "status_name": "Comprador hallado",
                "traces": 14,
            },
        ],
        suppressed=[(), ("traces",), ()],
        below=5,
    )

    with translation.override("es"):
        spec = chart("stacked", data, x="month", y=["traces"], series="status_name").spec()

    assert spec["categories"] == ["mar 2025", "abr 2025"]
    assert [(s["name"], s["data"], s["suppressed"]) for s in spec["series"]] == [
        ("Comprador hallado", [9, 14], []),
        ("No rastreado", [None, 0], [0]),
    ]


def test_a_line_chart_carries_every_value_column():
    data = result(
        "completion",
        (
            Column("month", "month", "month"),
            Column("completion_rate", "completion rate", "share"),
            Column("purchaser_rate", "purchaser-found rate", "share"),
        ),
        [{"month": "2025-05-01", "completion_rate": 0.8, "purchaser_rate": 0.25}],
    )

    with translation.override("en"):
        spec = chart("line", data, x="month", y=["completion_rate", "purchaser_rate"]).spec()

    assert spec["categories"] == ["May 2025"]
    assert [(s["name"], s["kind"], s["data"]) for s in spec["series"]] == [
        ("completion rate", "share", [0.8]),
        ("purchaser-found rate", "share", [0.25]),
    ]


def test_a_histogram_and_a_pie_name_their_buckets():
    data = result(
        "ttc",
        (
            Column("ttc_category", "time-to-crime", "code"),
            Column("ttc_category_name", "category"),
            Column("with_ttc", "traces", "count"),
        ),
        [
            {"ttc_category": "0-3m", "ttc_category_name": "menos de 3 meses", "with_ttc": 31},
            {"ttc_category": "3y+", "ttc_category_name": "3 años y más", "with_ttc": 3},
        ],
        suppressed=[(), ("with_ttc",)],
        below=5,
    )
    data.rows[1]["with_ttc"] = None

    histogram = chart("histogram", data, x="ttc_category", y=["with_ttc"]).spec()
    pie = chart("pie", data, x="ttc_category_name", y=["with_ttc"]).spec()

    assert histogram["categories"] == ["menos de 3 meses", "3 años y más"]
    assert histogram["series"][0]["data"] == [31, None]
    assert pie["slices"] == [
        {"name": "menos de 3 meses", "value": 31, "suppressed": False},
        {"name": "3 años y más", "value": None, "suppressed": True},
    ]
    assert pie["value"] == {"name": "traces", "kind": "count"}


def test_a_state_map_keys_regions_by_inegi_code_and_names_the_unknown_state():
    with translation.override("es"):
        spec = chart("map", states(), map="mx-states", code="state_code", value="traces", x="state_name").spec()

    assert spec["map"]["url"].endswith("stats/maps/mx-states.geo.json")
    assert spec["map"]["key"] == ["cve_geo"]
    assert spec["regions"] == [
        {"code": "25", "name": "Sinaloa", "value": 2210, "suppressed": False},
        {"code": "26", "name": "Sonora", "value": None, "suppressed": True},
        {"code": "09", "name": "Ciudad de México", "value": 1398, "suppressed": False},
    ]
    # The row without a state cannot be drawn: it is listed, not dropped.
    assert spec["unmapped"] == [{"code": "", "name": "no registrado", "value": 12, "suppressed": False}]


def test_a_municipality_without_a_shape_stays_in_the_table_and_is_named_under_the_map():
    data = result(
        "traces",
        (
            Column("municipality", "municipality", "code"),
            Column("municipality_name", "municipality name"),
            Column("municipality_code", "statistical code", "code"),
            Column("traces", "traces", "count"),
        ),
        [
            {"municipality": 7, "municipality_name": "Culiacán", "municipality_code": "25006", "traces": 88},
            # San Quintín (Baja California) was created in 2020: INEGI's 2010 frame has no shape for it.
            {"municipality": 9, "municipality_name": "San Quintín", "municipality_code": "02006", "traces": 6},
        ],
    )
    municipalities = chart(
        "map", data, map="mx-municipalities", code="municipality_code", value="traces", x="municipality_name"
    )

    spec = municipalities.spec()
    html = render_to_string("stats/_chart.html", {"chart": municipalities})

    assert "25006" in drawn_codes("mx-municipalities") and "02006" not in drawn_codes("mx-municipalities")
    assert [r["code"] for r in spec["regions"]] == ["25006"]
    assert [r["name"] for r in spec["unmapped"]] == ["San Quintín"]
    assert [[c.text for c in row] for row in municipalities.table_rows()] == [
        ["Culiacán", "25006", "88"],
        ["San Quintín", "02006", "6"],
    ]
    assert "San Quintín</th>" in html
    assert municipalities.unmapped() == ["San Quintín"]


def test_a_us_map_reads_fips_codes_and_leaves_the_pacific_territories_off():
    codes = drawn_codes("us-states")
    if codes is None:
        pytest.skip("the vendored us-atlas file is not installed (scripts/vendor-assets)")
    data = result(
        "sources",
        (
            Column("source_state", "source state", "code"),
            Column("source_state_name", "source state name"),
            Column("source_state_code", "statistical code", "code"),
            Column("traces", "traces", "count"),
        ),
        [
            {"source_state": "US-TX", "source_state_name": "Texas", "source_state_code": "48", "traces": 900},
            {"source_state": "US-GU", "source_state_name": "Guam", "source_state_code": "66", "traces": 1},
        ],
    )

    spec = chart("map", data, map="us-states", code="source_state_code", value="traces").spec()

    assert "48" in codes and "02" in codes and "66" not in codes
    assert spec["map"]["key"] == ["@id"]
    assert [r["name"] for r in spec["regions"]] == ["Texas"]
    assert [r["name"] for r in spec["unmapped"]] == ["Guam"]


def test_a_sankey_keeps_a_state_apart_on_each_side():
    data = result(
        "flows",
        (
            Column("source_state", "source state", "code"),
            Column("source_state_name", "source state name"),
            Column("state", "state", "code"),
            Column("state_name", "state name"),
            Column("traces", "traces", "count"),
        ),
        [
            {
                "source_state": "US-TX",
                "source_state_name": "Texas",
                "state": "MX-SIN",
                "state_name": "Sinaloa",
                "traces": 40,
            },
            {
                "source_state": "US-TX",
                "source_state_name": "Texas",
                "state": "US-TX",
                "state_name": "Texas",
                "traces": 7,
            },
            {
                "source_state": "US-AZ",
                "source_state_name": "Arizona",
                "state": "MX-SIN",
                "state_name": "Sinaloa",
                "traces": None,
            },
        ],
        suppressed=[(), (), ("traces",)],
        below=5,
    )

    spec = chart("sankey", data, source="source_state_name", target="state_name", value="traces").spec()

    assert spec["nodes"] == [
        {"id": "source:Texas", "name": "Texas", "side": "source"},
        {"id": "target:Sinaloa", "name": "Sinaloa", "side": "target"},
        {"id": "target:Texas", "name": "Texas", "side": "target"},
        {"id": "source:Arizona", "name": "Arizona", "side": "source"},
    ]
    assert spec["links"] == [
        {"source": "source:Texas", "target": "target:Sinaloa", "value": 40, "suppressed": False},
        {"source": "source:Texas", "target": "target:Texas", "value": 7, "suppressed": False},
        {"source": "source:Arizona", "target": "target:Sinaloa", "value": None, "suppressed": True},
    ]


def test_points_without_coordinates_are_listed_not_drawn():
    data = result(
        "points",
        (Column("lat", "latitude", "number"), Column("lon", "longitude", "number"), Column("day", "recovery date")),
        [
            {"lat": 24.8091, "lon": -107.394, "day": date(2025, 2, 3)},
            {"lat": None, "lon": None, "day": date(2025, 2, 4)},
        ],
    )

    with translation.override("es"):
        points = chart("points", data, lat="lat", lon="lon", map="mx-states")
        spec = points.spec()
        rows = [[c.text for c in row] for row in points.table_rows()]

    assert spec["points"] == [{"name": "", "lat": 24.8091, "lon": -107.394, "value": None, "suppressed": False}]
    assert len(spec["unmapped"]) == 1
    assert rows[0] == ["24,8091", "-107,394", "2025-02-03"]
    with translation.override("en"):
        assert "One row has no coordinates, so it is not on the map" in render_to_string(
            "stats/_chart.html", {"chart": points}
        )


def test_a_chart_refuses_a_column_its_result_does_not_have():
    with pytest.raises(ValueError, match="no column trazas"):
        chart("bar", MONTHS, x="month", y=["trazas"])
    with pytest.raises(ValueError, match="needs code"):
        chart("map", MONTHS, value="traces")
    with pytest.raises(ValueError, match="kind 'donut'"):
        chart("donut", MONTHS)


def test_the_section_has_the_table_the_data_island_and_the_downloads():
    bars = chart(
        "bar", MONTHS, x="month", y=["traces"], downloads={"csv": "/s/x.csv", "xlsx": "/s/x.xlsx"}, caveat="Ojo."
    )

    with translation.override("es"):
        html = render_to_string("stats/_chart.html", {"chart": bars})

    assert '<section class="stat-chart stat-chart-bar" id="chart-test-bar"' in html
    assert '<script id="chart-test-bar-spec" type="application/json">' in html
    assert '<th scope="col"' in html and '<th scope="row">dic 2024</th>' in html
    assert '<caption id="chart-test-bar-caption">Título</caption>' in html
    assert 'href="/s/x.csv"' in html and 'href="/s/x.xlsx"' in html
    assert "<abbr title=" in html and "&lt;5</abbr>" in html
    assert "Ojo." in html
    assert " style=" not in html
