"""A measured table drawn as a chart, a map or a flow diagram, and shown as a table beside it.

A `Chart` names the columns of a `Result` it draws. `spec()` is the JSON the page's charts.js hands to
ECharts: labels already in the active language, values as plain numbers, suppressed cells as null with
their marker ("<5"). `table_rows()` is what the table under the chart shows, formatted for the active
locale (shares as percent, days whole, months as "ene 2025"). The table always holds every row, also
the places a map cannot draw (municipalities created after 2010 have no shape in INEGI's 2010 frame).

The maps are files served by Traza itself (static/stats/maps/ and vendor/us-atlas/, see SOURCES.md),
fetched once per page.
"""

from dataclasses import dataclass, field

from django.templatetags.static import static
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from traza.stats.charts.cells import NUMERIC, cell_text, month_text, percent_pattern, plain
from traza.stats.charts.maps import MAPS, drawn_codes
from traza.stats.measures import Column, Result

KINDS = ("bar", "hbar", "line", "stacked", "pie", "map", "sankey", "points", "histogram")


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    suppressed: bool = False


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    numeric: bool


@dataclass
class Chart:
    """One chart of a statistics page: which columns of a measured result it draws, and how."""

    key: str
    title: str
    reading: str
    kind: str
    result: Result
    x: str = ""
    y: list[str] = field(default_factory=list)
    series: str = ""
    map: str = ""
    code: str = ""
    value: str = ""
    source: str = ""
    target: str = ""
    lat: str = ""
    lon: str = ""
    downloads: dict[str, str] = field(default_factory=dict)
    caveat: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.key}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind in ("map", "points"):
            self.map = self.map or "mx-states"
            if self.map not in MAPS:
                raise ValueError(f"chart {self.key}: map {self.map!r} is not one of {', '.join(MAPS)}")
        needed = {"map": ("code",), "sankey": ("source", "target"), "points": ("lat", "lon")}.get(self.kind, ())
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(f"chart {self.key}: a {self.kind} chart needs {', '.join(missing)}")
        keys = {c.key for c in self.result.columns}
        named = [self.x, *self.y, self.series, self.code, self.value, self.source, self.target, self.lat, self.lon]
        unknown = [name for name in named if name and name not in keys]
        if unknown:
            raise ValueError(f"chart {self.key}: no column {', '.join(unknown)} in measure {self.result.measure}")
        if len({self._column(key).kind for key in self.y}) > 1:
            raise ValueError(f"chart {self.key}: the values drawn ({', '.join(self.y)}) must be of one kind")

    # Reading the result

    @property
    def dom_id(self) -> str:
        return "chart-" + (slugify(self.key) or "unnamed")

    @property
    def spec_id(self) -> str:
        return self.dom_id + "-spec"

    def _column(self, key: str) -> Column:
        return next(c for c in self.result.columns if c.key == key)

    def _marks(self, index: int) -> frozenset[str]:
        marks = self.result.suppressed
        return marks[index] if index < len(marks) else frozenset()

    def _name_key(self, key: str) -> str:
        """The column that names the values of `key` (its `_name` column, as the measures write them)."""
        keys = {c.key for c in self.result.columns}
        candidates = [f"{key}_name"] + ([key.removesuffix("_code") + "_name"] if key.endswith("_code") else [])
        return next((c for c in candidates if c in keys), key)

    def _name(self, row: dict, key: str) -> str:
        """How a row is named along `key`: a month written out, a name rather than a code, never blank."""
        if self._column(key).kind == "month":
            return month_text(row.get(key)) or _("not recorded")
        shown = row.get(self._name_key(key))
        if shown in (None, ""):
            shown = row.get(key)
        return str(shown) if shown not in (None, "") else _("not recorded")

    def _values(self) -> list[str]:
        """The value columns drawn: `y`, else `value`, else the first count."""
        if self.y:
            return list(self.y)
        if self.value:
            return [self.value]
        counts = [c.key for c in self.result.columns if c.kind == "count"]
        return counts[:1]

    @property
    def suppressed_text(self) -> str:
        below = self.result.suppressed_below
        return f"<{below}" if below else ""

    @property
    def has_suppressed(self) -> bool:
        return any(self.result.suppressed)

    @property
    def suppressed_note(self) -> str:
        if not self.result.suppressed_below:
            return ""
        return _("Fewer than %(n)s: not shown, so that no single case can be recognised.") % {
            "n": self.result.suppressed_below
        }

    # The table

    def table_columns(self) -> list[TableColumn]:
        """The columns the table shows: every column of the result but a code that has a name beside it."""
        keys = {c.key for c in self.result.columns}
        return [
            TableColumn(c.key, str(c.label), c.kind in NUMERIC)
            for c in self.result.columns
            if f"{c.key}_name" not in keys
        ]

    def table_rows(self) -> list[list[Cell]]:
        """Every row of the result, formatted for the active language; a suppressed cell reads "<5"."""
        columns = [self._column(c.key) for c in self.table_columns()]
        rows = []
        for index, row in enumerate(self.result.rows):
            marks = self._marks(index)
            rows.append(
                [
                    Cell(self.suppressed_text, True, True)
                    if c.key in marks
                    else Cell(cell_text(row.get(c.key), c.kind), c.kind in NUMERIC)
                    for c in columns
                ]
            )
        return rows

    # The spec

    def spec(self) -> dict:
        """What charts.js needs to draw this chart, in the active language."""
        spec = {
            "key": self.key,
            "kind": self.kind,
            "title": str(self.title),
            "lang": get_language() or "es",
            "format": {
                "decimal": str(formats.get_format("DECIMAL_SEPARATOR")),
                "thousands": str(formats.get_format("THOUSAND_SEPARATOR")),
                "percent": percent_pattern() % {"value": "{}"},
            },
            "suppressed": self.suppressed_text,
            "assets": {
                "langES": static("vendor/echarts/langES.js"),
                "topojson": static("vendor/topojson-client/topojson-client.min.js"),
            },
            "messages": {
                "noData": _("no figures"),
                "suppressed": self.suppressed_note,
                "mapFailed": _("The map could not be loaded; the table below holds every figure."),
            },
        }
        build = {
            "pie": self._pie,
            "map": self._map,
            "sankey": self._sankey,
            "points": self._points,
            "stacked": self._stacked,
        }.get(self.kind, self._categorical)
        return spec | build()

    def _series(self, key: str, data: list, suppressed: list[int]) -> dict:
        column = self._column(key)
        return {"key": key, "name": str(column.label), "kind": column.kind, "data": data, "suppressed": suppressed}

    def _categorical(self) -> dict:
        rows = self.result.rows
        categories = [self._name(row, self.x) for row in rows] if self.x else [""] * len(rows)
        series = [
            self._series(
                key,
                [plain(row.get(key)) for row in rows],
                [i for i in range(len(rows)) if key in self._marks(i)],
            )
            for key in self._values()
        ]
        return {"categories": categories, "series": series}

    def _stacked(self) -> dict:
        """Bars split by the series column: one series per value of it, zero where a pair has no row."""
        key = self._values()[0]
        kind = self._column(key).kind
        positions: dict = {}
        categories: list[str] = []
        groups: dict[str, dict] = {}
        for index, row in enumerate(self.result.rows):
            identity = row.get(self.x)
            if identity not in positions:
                positions[identity] = len(categories)
                categories.append(self._name(row, self.x))
            group = groups.setdefault(self._name(row, self.series), {"cells": {}, "suppressed": []})
            group["cells"][positions[identity]] = plain(row.get(key))
            if key in self._marks(index):
                group["suppressed"].append(positions[identity])
        empty = 0 if kind == "count" else None
        series = []
        for name, group in groups.items():
            data = [group["cells"].get(i, empty) for i in range(len(categories))]
            series.append(self._series(key, data, group["suppressed"]) | {"name": name})
        return {"categories": categories, "series": series, "value": {"name": str(self._column(key).label)}}

    def _pie(self) -> dict:
        key = self._values()[0]
        slices = [
            {
                "name": self._name(row, self.x) if self.x else "",
                "value": plain(row.get(key)),
                "suppressed": key in self._marks(i),
            }
            for i, row in enumerate(self.result.rows)
        ]
        column = self._column(key)
        return {"slices": slices, "value": {"name": str(column.label), "kind": column.kind}}

    def _map_file(self) -> dict:
        drawn = MAPS[self.map]
        return {
            "name": self.map,
            "url": static(drawn.path),
            "format": drawn.format,
            "object": drawn.object,
            "key": list(drawn.key),
            "nameProperty": drawn.name,
            "omit": list(drawn.omit),
        }

    def _code(self, value) -> str:
        if value in (None, ""):
            return ""
        return str(value).zfill(MAPS[self.map].digits)

    def _region_name(self, row: dict) -> str:
        return self._name(row, self.x) if self.x else self._name(row, self.code)

    def _map(self) -> dict:
        key = self._values()[0]
        column = self._column(key)
        drawn = drawn_codes(self.map)
        regions, unmapped = [], []
        for i, row in enumerate(self.result.rows):
            code = self._code(row.get(self.code))
            region = {
                "code": code,
                "name": self._region_name(row),
                "value": plain(row.get(key)),
                "suppressed": key in self._marks(i),
            }
            if drawn is not None and code not in drawn:
                unmapped.append(region)
            else:
                regions.append(region)
        return {
            "map": self._map_file(),
            "regions": regions,
            "unmapped": unmapped,
            "value": {"name": str(column.label), "kind": column.kind},
        }

    def unmapped(self) -> list[str]:
        """The names of the places in the table that the map cannot draw (no shape, no code, no coordinates)."""
        if self.kind == "map":
            return [region["name"] for region in self._map()["unmapped"]]
        if self.kind == "points":
            return [point["name"] for point in self._points()["unmapped"]]
        return []

    def _sankey(self) -> dict:
        key = self._values()[0]
        nodes: dict[str, dict] = {}
        links = []
        for i, row in enumerate(self.result.rows):
            ends = []
            for side, column in (("source", self.source), ("target", self.target)):
                name = self._name(row, column)
                node_id = f"{side}:{row.get(column)}"
                nodes.setdefault(node_id, {"id": node_id, "name": name, "side": side})
                ends.append(node_id)
            links.append(
                {
                    "source": ends[0],
                    "target": ends[1],
                    "value": plain(row.get(key)),
                    "suppressed": key in self._marks(i),
                }
            )
        value_column = self._column(key)
        return {
            "nodes": list(nodes.values()),
            "links": links,
            "value": {"name": str(value_column.label), "kind": value_column.kind},
        }

    def _points(self) -> dict:
        key = self.value or (self.y[0] if self.y else "")
        column = self._column(key) if key else None
        points: list[dict] = []
        unmapped: list[dict] = []
        for i, row in enumerate(self.result.rows):
            lat, lon = row.get(self.lat), row.get(self.lon)
            point = {
                "name": self._name(row, self.x) if self.x else "",
                "lat": plain(lat),
                "lon": plain(lon),
                "value": plain(row.get(key)) if key else None,
                "suppressed": bool(key) and key in self._marks(i),
            }
            (points if lat is not None and lon is not None else unmapped).append(point)
        value = {"name": str(column.label), "kind": column.kind} if column else None
        return {"map": self._map_file(), "points": points, "unmapped": unmapped, "value": value}
