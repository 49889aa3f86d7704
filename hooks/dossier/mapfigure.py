"""The map of the places: where each place is drawn, what happened there, and the figure.

A part of ``pictures.Pictures`` (it inherits ``MapFigures``), kept apart because the map's
geometry (points that stand for places, markers moved aside, labels that avoid each other) is a
concept of its own. The outline and the coordinates come from ``geo``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from . import geo, i18n
from .chart import WIDTH, Figure, text_width
from .graph import Graph
from .model import Case, Court, Custody, Event, Place

#: a case at a place: what the place was to it (in words, with its custody or court entry) and
#: the case's events there
PlaceLink = tuple[Case, list[tuple[str, Custody | Court]], list[Event]]

class MapFigures:
    """The map and what its page lists, for ``Pictures`` (which sets ``graph`` and draws)."""

    graph: Graph

    def draw(self, template: str, figure: Figure) -> Figure:
        raise NotImplementedError  # Pictures.draw

    @cached_property
    def _places(self) -> dict[str, Place]:
        return {rid: self.graph.get(Place, rid) for rid in self.graph.records.get("place", {})}

    def drawn_at(self, place: Place) -> Place | None:
        """The place whose coordinates stand for this one: itself, else the nearest enclosing
        city or facility that has them. Regions and countries are areas, never a point."""
        seen = set()
        current: Place | None = place
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.type in ("region", "country"):
                return None
            if current.lat is not None and current.lon is not None:
                return current
            current = self._places.get(current.within) if current.within else None
        return None

    @cached_property
    def countries(self) -> set[str]:
        """The countries of the missions: the map draws the places that lie in them."""
        return {m.country for m in self.graph.missions}

    def in_country(self, place: Place) -> bool:
        seen = set()
        current: Place | None = place
        while current is not None and current.id not in seen:
            if current.id in self.countries:
                return True
            seen.add(current.id)
            current = self._places.get(current.within) if current.within else None
        return False

    def links(self, place: Place) -> list[PlaceLink]:
        """The cases held, tried or otherwise dealt with at a place: what the place was to the
        case in words (each with its custody or court entry, whose certainty the page shows),
        and the case's events that happened there."""
        return list(self._links.get(place.id, {}).values())

    @cached_property
    def _links(self) -> dict[str, dict[str, PlaceLink]]:
        # one pass over every case and meeting for all places: asking each place in turn to look
        # through every case would grow with places x cases
        out: dict[str, dict[str, PlaceLink]] = {}

        def entry(place_id: str, case: Case) -> PlaceLink:
            return out.setdefault(place_id, {}).setdefault(case.id, (case, [], []))

        for case in self.graph.cases:
            for held in case.custody:
                entry(held.place, case)[1].append((i18n.t("held ({role})", role=i18n.t(held.role)), held))
            for court in case.courts:
                entry(court.place, case)[1].append((i18n.t("court: {role}", role=court.role), court))
            for e in case.timeline:
                for place_id in dict.fromkeys(e.places):
                    entry(place_id, case)[2].append(e)
        for mission in self.graph.missions:
            for m in mission.meetings:
                for cid in m.cases if m.place else ():
                    entry(str(m.place), self.graph.get(Case, cid))  # the meeting itself is told under the place
        return out

    def map(self, width: float = WIDTH) -> Figure:
        """The country's outline with one numbered marker per point that stands for places.
        Narrow: bigger markers with their numbers and no names (the numbered list below the map
        names them); a marker that would cover another moves aside on a leader line."""
        narrow = width < WIDTH
        rings = geo.outline()
        project = geo.Projection.fitting(rings, width)
        order = geo.Projection.fitting(rings, WIDTH)  # the numbers follow the wide map, in both
        points: dict[str, dict[str, Any]] = {}
        for place in self._places.values():
            at = self.drawn_at(place)
            if at is None or not self.in_country(at):
                continue
            assert at.lon is not None and at.lat is not None, "drawn_at returns a place with coordinates"
            x, y = project(at.lon, at.lat)
            point = points.setdefault(at.id, {"at": at, "x": x, "y": y, "px": x, "py": y, "places": [],
                                              "key": order(at.lon, at.lat)})
            point["places"].append(place)
        ordered = sorted(points.values(), key=lambda p: p["key"])
        radius = 11 if narrow else 9
        _spread(ordered, radius, width, project.height)
        boxes = [(p["x"] - radius, p["y"] - radius, p["x"] + radius, p["y"] + radius) for p in ordered]
        for n, p in enumerate(ordered, 1):
            p["n"], p["moved"] = n, (p["x"], p["y"]) != (p["px"], p["py"])
            p["places"].sort(key=lambda pl: (pl.id != p["at"].id, pl.name))
            if not narrow:
                p.update(_label_position(p["x"], p["y"], p["at"].name, boxes, WIDTH, project.height))
        figure = Figure(
            id="places-map-narrow" if narrow else "places-map", title=i18n.t("Map of the places in Kazakhstan"), width=width,
            desc=i18n.t("Outline of Kazakhstan with {n} numbered points:", n=len(ordered)) + " "
            + "; ".join(f"{p['n']} {p['at'].name}" for p in ordered)
            + ". " + i18n.t("The list below the map gives the places and cases at each point."),
            height=round(project.height, 1),
            data={"outline": geo.svg_path(rings, project), "points": ordered, "radius": radius, "narrow": narrow,
                  "sources": sorted({str(p["at"].coordinates_source).partition(":")[0] for p in ordered})},
        )
        return self.draw("map.svg.j2", figure)

    def meetings(self, place: Place) -> list[Any]:
        """The missions' meetings held at a place."""
        return self._meetings.get(place.id, [])

    @cached_property
    def _meetings(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for mission in self.graph.missions:
            for m in mission.meetings:
                if m.place:
                    out.setdefault(str(m.place), []).append(m)
        return out

    def unmapped(self) -> list[tuple[Place, str]]:
        """The places the map cannot show as a point, each with the reason: 'area' (a region or
        country), 'abroad' (outside the missions' countries) or 'unknown' (no coordinates for it
        or for a city it lies in)."""
        out = []
        for place in sorted(self._places.values(), key=lambda p: p.name):
            if place.type in ("region", "country"):
                out.append((place, "area"))
            elif not self.in_country(place):
                out.append((place, "abroad"))
            elif self.drawn_at(place) is None:
                out.append((place, "unknown"))
        return out


def _spread(points: list[dict[str, Any]], radius: float, width: float, height: float) -> None:
    """Move a marker that would overlap one placed before it away from that one (straight up
    when they coincide), keeping it inside the picture; its true place stays in px, py for a
    leader line."""
    gap = 2 * radius + 2
    placed: list[dict[str, Any]] = []
    for p in points:
        for _ in range(12):
            near = next((q for q in placed if (p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2 < gap**2), None)
            if near is None:
                break
            dx, dy = p["x"] - near["x"], p["y"] - near["y"]
            length = (dx * dx + dy * dy) ** 0.5
            dx, dy = (dx / length, dy / length) if length > 0.5 else (0.0, -1.0)
            p["x"] = round(min(max(near["x"] + dx * gap, radius), width - radius), 1)
            p["y"] = round(min(max(near["y"] + dy * gap, radius), height - radius), 1)
        placed.append(p)


def _label_position(x: float, y: float, text: str, boxes: list[tuple[float, float, float, float]],
                    width: float, height: float) -> dict[str, Any]:
    """Put a marker's name right, left, above or below it, wherever it overlaps nothing drawn yet."""
    w, h = text_width(text, 13), 14
    candidates = [
        (x + 12, y + 4.5, "start", (x + 12, y - 9, x + 12 + w, y + 5)),
        (x - 12, y + 4.5, "end", (x - 12 - w, y - 9, x - 12, y + 5)),
        (x, y - 13, "middle", (x - w / 2, y - 13 - h + 3, x + w / 2, y - 10)),
        (x, y + 24, "middle", (x - w / 2, y + 11, x + w / 2, y + 25)),
    ]

    def free(box: tuple[float, float, float, float]) -> bool:
        inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
        return inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)

    lx, ly, anchor, box = next((c for c in candidates if free(c[3])), candidates[0])
    boxes.append(box)
    return {"lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor}
