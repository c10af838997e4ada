"""The offline maps the charts draw: where each file is served, and the codes of the regions it holds.

The files are served by Traza itself (static/stats/maps/ and vendor/us-atlas/, see
static/stats/maps/SOURCES.md) and fetched once per page by charts.js.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders


@dataclass(frozen=True)
class MapFile:
    """An offline map: where it is served, how it is stored and which properties give a region's code and name."""

    path: str  # under the static files
    format: str  # geojson | topojson
    key: tuple[str, ...]  # properties joined into the region's code; ("@id",) for the feature's id
    name: str  # the property that holds the region's name
    digits: int  # a code's length: codes written as numbers get their leading zeros back
    object: str = ""  # the TopoJSON object that holds the regions
    omit: tuple[str, ...] = ()  # regions of the file not drawn (the US Pacific territories, far off the map)

    def code_of(self, feature: dict) -> str:
        return "".join(str(feature.get("id", "")) if p == "@id" else feature["properties"][p] for p in self.key)


MAPS = {
    "mx-states": MapFile("stats/maps/mx-states.geo.json", "geojson", ("cve_geo",), "nombre_estado", 2),
    "mx-municipalities": MapFile(
        "stats/maps/mx-municipalities-2010.topo.json",
        "topojson",
        ("CVE_ENT", "CVE_MUN"),
        "NOM_MUN",
        5,
        object="municipios2",
    ),
    "us-states": MapFile(
        "vendor/us-atlas/states-10m.json", "topojson", ("@id",), "name", 2, object="states", omit=("60", "66", "69")
    ),
}


@cache
def drawn_codes(map_name: str) -> frozenset[str] | None:
    """The codes of the regions a map draws, None when its file is not installed (vendor files not copied)."""
    drawn = MAPS[map_name]
    found = finders.find(drawn.path)
    if not found:
        return None
    data = json.loads(Path(found).read_text(encoding="utf-8"))
    features = data["features"] if drawn.format == "geojson" else data["objects"][drawn.object]["geometries"]
    return frozenset(drawn.code_of(feature) for feature in features) - set(drawn.omit)
