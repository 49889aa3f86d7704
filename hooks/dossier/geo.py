"""Geography from vendored public data: where places are, and the outline of the country.

Coordinates are facts, so none is typed by hand: a place record names the gazetteer row its
``lat`` and ``lon`` come from (``coordinates_source: geonames:1526384``) and ``check_place``
stops the build when they differ from that row. The country outline is Natural Earth's, read
from the TopoJSON file of the npm package world-atlas, copied unchanged into ``assets/``.
Both files ship with the code, so drawing the map needs no other server.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .model import Place

ASSETS = Path(__file__).parent / "assets"
GAZETTEER = ASSETS / "geonames" / "places.tsv"
OUTLINES = ASSETS / "world-atlas" / "countries-50m.json"
KAZAKHSTAN = "398"  # ISO 3166-1 numeric code, the id world-atlas gives each country


@dataclass(frozen=True)
class Row:
    """One row of the vendored gazetteer."""

    key: str  # 'geonames:1526384'
    name: str
    lat: float
    lon: float
    country: str

    @property
    def url(self) -> str:
        return f"https://www.geonames.org/{self.key.partition(':')[2]}"


@cache
def gazetteer() -> dict[str, Row]:
    with GAZETTEER.open(encoding="utf-8", newline="") as f:
        rows = [
            Row(f"geonames:{r['geonameid']}", r["name"], float(r["latitude"]), float(r["longitude"]), r["countrycode"])
            for r in csv.DictReader(f, delimiter="\t")
        ]
    return {r.key: r for r in rows}


def check_place(place: Place) -> list[tuple[str, str]]:
    """(field, message) for every way the place's coordinates fail to match their gazetteer row."""
    given = {"lat": place.lat, "lon": place.lon, "coordinates_source": place.coordinates_source}
    if all(v is None for v in given.values()):
        return []
    missing = [k for k, v in given.items() if v is None]
    if missing:
        return [(missing[0], "lat, lon and coordinates_source go together; give all three or none")]
    row = gazetteer().get(str(place.coordinates_source))
    if row is None:
        known = ", ".join(sorted(gazetteer())) or "none"
        return [(
            "coordinates_source",
            (f"'{place.coordinates_source}' is not a row of {GAZETTEER.relative_to(ASSETS.parent).as_posix()} "
            f"(known: {known}); add the row with its extract.py, never type coordinates by hand"),
        )]
    errors = []
    for field, mine, theirs in (("lat", place.lat, row.lat), ("lon", place.lon, row.lon)):
        if abs(float(mine) - theirs) > 1e-9:  # type: ignore[arg-type]
            errors.append((field, f"{mine} differs from {theirs}, the value of {row.key} ({row.name})"))
    return errors


# --------------------------------------------------------------------------- outline


@cache
def _topology() -> dict[str, Any]:
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


def outline(country: str = KAZAKHSTAN) -> list[list[tuple[float, float]]]:
    """The country's rings as (lon, lat) points, decoded from the quantized, delta-coded arcs."""
    topo = _topology()
    (kx, ky), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]

    def arc(index: int) -> list[tuple[float, float]]:
        x = y = 0
        points = []
        for dx, dy in topo["arcs"][index if index >= 0 else ~index]:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        return points if index >= 0 else points[::-1]

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indexes:
            part = arc(i)
            points.extend(part[1:] if points else part)  # consecutive arcs share their end point
        return points

    (geometry,) = [g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == country]
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [ring(r) for polygon in polygons for r in polygon]


@dataclass(frozen=True)
class Projection:
    """Equirectangular with the parallels' true length at the middle latitude: plain, and
    close enough to shape for a country that spans 15 degrees of latitude."""

    west: float
    south: float
    east: float
    north: float
    width: float
    margin: float = 10.0

    @property
    def _k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return (self.width - 2 * self.margin) / ((self.east - self.west) * self._k)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale + 2 * self.margin

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.margin + (lon - self.west) * self._k * self.scale, 1),
            round(self.margin + (self.north - lat) * self.scale, 1),
        )

    @classmethod
    def fitting(cls, rings: list[list[tuple[float, float]]], width: float) -> Projection:
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        return cls(min(lons), min(lats), max(lons), max(lats), width)


def svg_path(rings: list[list[tuple[float, float]]], project: Projection) -> str:
    """The 'd' attribute of an SVG path through the projected rings (points closer than half a
    unit to the previous one are dropped: they change nothing at the size drawn)."""
    parts = []
    for ring in rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            p = project(lon, lat)
            if not points or abs(p[0] - points[-1][0]) + abs(p[1] - points[-1][1]) >= 0.5:
                points.append(p)
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)
