"""A test-only page with one chart of each kind (the real _chart.html and static files), for the browser tests.

`/test-charts/` draws every kind at once; `/test-charts/<key>/` answers one chart's section, as the
dashboard's htmx slots ask for them. The rest of Traza's addresses stay (the header links to them).
"""

from datetime import date

from django.http import Http404, HttpResponse
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.urls import path

from traza.stats.charts import Chart
from traza.stats.measures import Column, Result
from traza.urls import urlpatterns as traza_urlpatterns

PAGE = Template(
    """{% extends "base.html" %}
{% block title %}Gráficas de prueba{% endblock %}
{% block head %}{% include "stats/_chart_assets.html" %}{% endblock %}
{% block content %}
<h1>Gráficas de prueba</h1>
<div class="chart-grid">
  {% for chart in charts %}<div class="chart-slot">{% include "stats/_chart.html" %}</div>{% endfor %}
  <div class="chart-slot" id="slot-swapped" hx-get="/test-charts/swapped/" hx-trigger="load" hx-swap="innerHTML"></div>
</div>
{% endblock %}"""
)


def _result(measure: str, columns: tuple[Column, ...], rows: list[dict], suppressed: list[tuple] = ()) -> Result:
    marks = [frozenset(m) for m in suppressed] or [frozenset()] * len(rows)
    return Result(measure, columns, rows, marks, suppressed_below=5 if suppressed else None)


def _month_rows() -> Result:
    columns = (
        Column("month", "mes", "month"),
        Column("status", "estado", "code"),
        Column("status_name", "nombre del estado"),
        Column("traces", "rastreos", "count"),
        Column("completion_rate", "tasa de conclusión", "share"),
    )
    rows, marks = [], []
    for n, month in enumerate([date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]):
        rows.append(
            {"month": month, "status": "completed_purchaser", "status_name": "Comprador hallado", "traces": 40 + 9 * n}
        )
        rows[-1]["completion_rate"] = 0.55 + n / 20
        marks.append(())
        rows.append(
            {"month": month, "status": "not_traced", "status_name": "No rastreado", "traces": None if n == 2 else 12}
        )
        rows[-1]["completion_rate"] = None
        marks.append(("traces",) if n == 2 else ())
    return _result("traces", columns, rows, marks)


def _completion(months: Result) -> Result:
    """One row a month: the completed traces' rows of the months above."""
    rows = [row for row in months.rows if row["completion_rate"] is not None]
    return _result("completion", months.columns, rows)


def _states() -> Result:
    columns = (
        Column("state", "estado", "code"),
        Column("state_name", "nombre del estado"),
        Column("state_code", "clave estadística", "code"),
        Column("traces", "rastreos", "count"),
    )
    rows = [
        ("MX-SIN", "Sinaloa", "25", 2210),
        ("MX-SON", "Sonora", "26", None),
        ("MX-BC", "Baja California", "02", 840),
        ("MX-CHH", "Chihuahua", "08", 1310),
        ("MX-JAL", "Jalisco", "14", 530),
        ("MX-CMX", "Ciudad de México", "09", 410),
    ]
    return _result(
        "traces",
        columns,
        [dict(zip(("state", "state_name", "state_code", "traces"), row, strict=True)) for row in rows],
        [("traces",) if row[3] is None else () for row in rows],
    )


def _municipalities() -> Result:
    columns = (
        Column("municipality", "municipio", "code"),
        Column("municipality_name", "nombre del municipio"),
        Column("municipality_code", "clave estadística", "code"),
        Column("traces", "rastreos", "count"),
    )
    rows = [
        (1, "Culiacán", "25006", 880),
        (2, "Navolato", "25018", 140),
        (3, "Tijuana", "02004", 610),
        (4, "San Quintín", "02006", 35),  # created in 2020: no shape in the 2010 frame
        (5, "Juárez", "08037", 720),
    ]
    keys = ("municipality", "municipality_name", "municipality_code", "traces")
    return _result("traces", columns, [dict(zip(keys, row, strict=True)) for row in rows])


def _us_states() -> Result:
    columns = (
        Column("source_state", "estado de origen", "code"),
        Column("source_state_name", "nombre del estado de origen"),
        Column("source_state_code", "clave estadística", "code"),
        Column("traces", "rastreos", "count"),
        Column("share", "proporción", "share"),
    )
    rows = [
        ("US-TX", "Texas", "48", 1900, 0.52),
        ("US-AZ", "Arizona", "04", 820, 0.22),
        ("US-CA", "California", "06", 610, 0.17),
        ("US-NM", "Nuevo México", "35", 120, 0.03),
        ("US-AK", "Alaska", "02", 9, 0.002),
        ("US-HI", "Hawái", "15", None, None),
    ]
    keys = ("source_state", "source_state_name", "source_state_code", "traces", "share")
    return _result(
        "sources",
        columns,
        [dict(zip(keys, row, strict=True)) for row in rows],
        [("traces", "share") if row[3] is None else () for row in rows],
    )


def _flows() -> Result:
    columns = (
        Column("source_state", "estado de origen", "code"),
        Column("source_state_name", "nombre del estado de origen"),
        Column("state", "estado", "code"),
        Column("state_name", "nombre del estado"),
        Column("traces", "rastreos", "count"),
    )
    rows = [
        ("US-TX", "Texas", "MX-SIN", "Sinaloa", 420),
        ("US-TX", "Texas", "MX-CHH", "Chihuahua", 610),
        ("US-AZ", "Arizona", "MX-SIN", "Sinaloa", 260),
        ("US-AZ", "Arizona", "MX-SON", "Sonora", 300),
        ("US-CA", "California", "MX-BC", "Baja California", 380),
        ("US-TX", "Texas", "US-TX", "Texas", 44),
        ("US-NM", "Nuevo México", "MX-CHH", "Chihuahua", None),
    ]
    keys = ("source_state", "source_state_name", "state", "state_name", "traces")
    return _result(
        "flows",
        columns,
        [dict(zip(keys, row, strict=True)) for row in rows],
        [("traces",) if row[4] is None else () for row in rows],
    )


def _ttc() -> Result:
    columns = (
        Column("ttc_category", "tiempo al delito", "code"),
        Column("ttc_category_name", "categoría"),
        Column("with_ttc", "rastreos con tiempo al delito", "count"),
    )
    rows = [
        ("0-3m", "menos de 3 meses", 31),
        ("3-7m", "3 a menos de 7 meses", 44),
        ("7m-1y", "7 meses a menos de 1 año", 58),
        ("1-2y", "1 a menos de 2 años", 70),
        ("2-3y", "2 a menos de 3 años", 41),
        ("3y+", "3 años y más", 122),
    ]
    return _result(
        "ttc", columns, [dict(zip(("ttc_category", "ttc_category_name", "with_ttc"), r, strict=True)) for r in rows]
    )


def _points() -> Result:
    columns = (Column("lat", "latitud", "number"), Column("lon", "longitud", "number"), Column("day", "fecha"))
    rows = [
        {"lat": 24.8091, "lon": -107.394, "day": date(2025, 2, 3)},
        {"lat": 25.7904, "lon": -108.9859, "day": date(2025, 1, 9)},
        {"lat": 32.5149, "lon": -117.0382, "day": date(2024, 12, 24)},
        {"lat": None, "lon": None, "day": date(2024, 12, 1)},
    ]
    return _result("points", columns, rows)


def charts() -> list[Chart]:
    downloads = {"csv": "/test-charts/x.csv", "xlsx": "/test-charts/x.xlsx"}

    def chart(key, kind, result, **options):
        return Chart(
            key=key, title=f"Gráfica {kind}", reading=f"Qué dice la gráfica {kind}.", kind=kind, result=result,
            downloads=downloads, **options,
        )  # fmt: skip

    months = _month_rows()
    return [
        chart("stacked", "stacked", months, x="month", y=["traces"], series="status_name"),
        chart("line", "line", _completion(months), x="month", y=["completion_rate"]),
        chart("bar", "bar", _ttc(), x="ttc_category_name", y=["with_ttc"]),
        chart("histogram", "histogram", _ttc(), x="ttc_category_name", y=["with_ttc"]),
        chart("hbar", "hbar", _us_states(), x="source_state_name", y=["share"]),
        chart("pie", "pie", _ttc(), x="ttc_category_name", y=["with_ttc"]),
        chart("states", "map", _states(), map="mx-states", code="state_code", value="traces", x="state_name"),
        chart(
            "municipalities",
            "map",
            _municipalities(),
            map="mx-municipalities",
            code="municipality_code",
            value="traces",
            x="municipality_name",
        ),  # fmt: skip
        chart("us", "map", _us_states(), map="us-states", code="source_state_code", value="traces"),
        chart("flows", "sankey", _flows(), source="source_state_name", target="state_name", value="traces"),
        chart("points", "points", _points(), lat="lat", lon="lon", map="mx-states"),
    ]


def page(request):
    return HttpResponse(PAGE.render(RequestContext(request, {"charts": charts()})))


def swapped(request):
    """One chart's section, as the dashboard's slots load them through htmx."""
    chart = next((c for c in charts() if c.key == "states"), None)
    if chart is None:
        raise Http404
    chart.key = "swapped"
    return HttpResponse(render_to_string("stats/_chart.html", {"chart": chart}, request=request))


urlpatterns = [
    path("test-charts/", page),
    path("test-charts/swapped/", swapped),
    *traza_urlpatterns,
]
