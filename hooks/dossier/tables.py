"""Records -> flat rows: the one summary of each record that the cases index, the CSV tables
and the JSON exports share, so that the table a reader filters, the file a journalist
downloads and the case page can never disagree.

Everything here is derived from the published graph (drafts and private items are already
gone); nothing is typed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import i18n
from .graph import Graph
from .model import Case, Mission, Person, Place, Recommendation, Source, When
from .refs import Ref, sub_refs
from .status import STATUS_LABELS, Status, recommendation_status, status_at

CONTACT_LABELS = {"met": "met", "access-refused": "access refused", "raised": "raised"}
# the kinds of event that start custody: the year of detention is the first of them
DETENTION_KINDS = ("detained", "confined")


def page_url(src: str, anchor: str | None = None, *, directory_urls: bool = True) -> str:
    """Site-relative URL of a page from its source path: 'cases/x.md' -> 'cases/x/'."""
    stem = src.removesuffix(".md")
    if directory_urls:
        url = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
    else:
        url = stem + ".html"
    return url + (f"#{anchor}" if anchor else "")


def plain_text(graph: Graph, text: str | None) -> str:
    """A text field for a spreadsheet: [[kind:id]] becomes the record's name, one line."""
    if not text:
        return ""

    def name(ref: Ref) -> str:
        if ref.text:
            return ref.text
        try:
            return graph.title(ref.kind, ref.id)
        except KeyError:
            return ref.id

    return " ".join(sub_refs(text, name).split())


def iso(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, When):
        return value.iso()
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


#: the rule of the exports: a date that is not stated outright keeps its bare ISO form in its
#: own column (field), and its label ('year inferred', 'date implied', ...) goes in the column
#: (field) named after it with '_qualifier', empty (null) when the date is stated outright.
#: The descriptions of the tables and their columns are shown on the Data page only (the CSV
#: files keep their English headers), so they are looked up in the build's language (i18n.py).
def _qualifier_help(*, that: bool) -> str:
    """The description of a date's '_qualifier' column."""
    return i18n.t("The label of that date when it is not stated outright ('year inferred', 'date implied', ...)."
                  if that else
                  "The label of the date when it is not stated outright ('year inferred', 'date implied', ...).")


def qualifier(value: Any) -> str:
    return (value.qualifier or "") if isinstance(value, When) else ""


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Charge:
    article: str | None  # '174', or None when no source gives it
    label: str  # 'Art. 174, part 2' or 'offence (article not stated)'


@dataclass(frozen=True)
class CaseSummary:
    """What the cases index shows of one case; the case exports carry the same values."""

    case: Case
    person: Person
    now: Status
    as_of: When  # the newest event known from the sources
    at_missions: list[tuple[Mission, Status]]
    charges: list[Charge]
    region: Place | None
    region_label: str
    detained: When | None
    contacts: list[str]  # contact types in order of the data, once each

    @property
    def at_mission(self) -> Status | None:
        """The status at the first mission that had contact with the case."""
        return self.at_missions[0][1] if self.at_missions else None

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(c.article for c in self.charges if c.article))

    @property
    def charge_labels(self) -> list[str]:
        """Each charge once (a charge changed and changed back is listed once)."""
        return list(dict.fromkeys(c.label for c in self.charges))

    @property
    def charges_cell(self) -> str:
        """The charges in a few words for the index: the articles, and how many charges have none."""
        stated = list(dict.fromkeys(c.label for c in self.charges if c.article))
        unstated = sum(1 for c in self.charges if c.article is None)
        if unstated:
            stated.append(i18n.t("article not stated for {n} charge" if unstated == 1 else
                                 "article not stated for {n} charges", n=unstated))
        return "; ".join(stated) or i18n.t("none recorded")

    @property
    def contact_labels(self) -> list[str]:
        return [CONTACT_LABELS[c] for c in self.contacts]

    @property
    def filter_values(self) -> dict[str, list[str]]:
        """{filter name: the values this case has}, for the cases index's filters."""
        unstated = ["unstated"] if any(c.article is None for c in self.charges) else []
        return {
            "status": [self.now.key],
            "at-mission": [self.at_mission.key] if self.at_mission else [],
            "article": self.articles + unstated,
            "region": [self.region.id] if self.region else [],
            "contact": self.contacts,
        }


@dataclass(frozen=True)
class Filter:
    """A filter of the cases index: a name (the URL parameter), a label and its options."""

    name: str
    label: str
    options: list[tuple[str, str]]  # (value, label), only values that some case has


def case_filters(rows: list[CaseSummary]) -> list[Filter]:
    def present(name: str) -> set[str]:
        return {v for s in rows for v in s.filter_values[name]}

    def article_key(a: str) -> tuple[int, ...]:
        return tuple(int(n) for n in a.split("-"))

    articles = sorted(present("article") - {"unstated"}, key=article_key)
    regions = {s.region.id: s.region_label for s in rows if s.region}
    return [
        Filter("status", "Status now",
               [(k, i18n.agree(v, "plural")) for k, v in STATUS_LABELS.items() if k in present("status")]),
        Filter("at-mission", "Status at the mission",
               [(k, i18n.agree(v, "plural")) for k, v in STATUS_LABELS.items() if k in present("at-mission")]),
        Filter("article", "Article", [(a, i18n.t("Art. {article}", article=a)) for a in articles]
               + ([("unstated", "article not stated")] if "unstated" in present("article") else [])),
        Filter("region", "Region", sorted(regions.items(), key=lambda kv: kv[1])),
        Filter("contact", "The mission's contact",
               [(k, v) for k, v in CONTACT_LABELS.items() if k in present("contact")]),
    ]


def region_label(graph: Graph, place_id: str | None) -> str:
    """'Shymkent, South Kazakhstan region': the place and the region it lies in, if any."""
    if not place_id:
        return ""
    place = graph.get(Place, place_id)
    within = graph.get(Place, place.within) if place.within in graph.records["place"] else None
    if within is not None and within.type == "region":
        return f"{place.name}, {within.name}"
    return place.name


def summarise(graph: Graph, case: Case) -> CaseSummary:
    missions = [graph.get(Mission, mid) for mid in dict.fromkeys(c.mission for c in case.contacts)]
    charges = [
        Charge(ch.article, i18n.t("Art. {article}", article=ch.article)
               + (i18n.t(", part {part}", part=ch.part) if ch.part else ""))
        if ch.article
        else Charge(None, i18n.t("{offence} (article not stated)", offence=ch.offence))
        for ch in case.charges
    ]
    detained = next((e.date for e in case.timeline if e.kind in DETENTION_KINDS), None)
    return CaseSummary(
        case=case,
        person=graph.get(Person, case.person),
        now=status_at(case),
        as_of=case.timeline[-1].date,
        at_missions=[(m, status_at(case, m.start.first_day)) for m in missions],
        charges=charges,
        region=graph.get(Place, case.region) if case.region else None,
        region_label=region_label(graph, case.region),
        detained=detained,
        contacts=list(dict.fromkeys(c.type for c in case.contacts)),
    )


def case_summaries(graph: Graph) -> list[CaseSummary]:
    return [summarise(graph, case) for case in graph.cases]


def case_derived(s: CaseSummary) -> dict[str, Any]:
    """The derived values of a case for its JSON export (they are never typed in the data)."""
    return {
        "name": s.person.name,
        "status_now": s.now.key,
        "status_now_label": s.now.label,
        "status_now_since": iso(s.now.since) or None,
        "status_now_since_qualifier": qualifier(s.now.since) or None,
        "as_of": s.as_of.iso(),
        "as_of_qualifier": qualifier(s.as_of) or None,
        "status_at_mission": [
            {
                "mission": m.id, "status": st.key, "label": st.label, "since": iso(st.since) or None,
                "since_qualifier": qualifier(st.since) or None,
            }
            for m, st in s.at_missions
        ],
        "articles": s.articles,
        "region_label": s.region_label or None,
        "detained": iso(s.detained) or None,
        "detained_qualifier": qualifier(s.detained) or None,
        "mission_contact": s.contacts,
    }


# --------------------------------------------------------------------------- CSV tables


@dataclass
class Table:
    """A CSV table: its columns (name, what it holds) and its rows of text."""

    name: str
    description: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, str]] = field(default_factory=list)


def _join(values: Any) -> str:
    return "; ".join(str(v) for v in values if v)


def tables(graph: Graph, changed: dict[tuple[str, str], Any], *, directory_urls: bool = True) -> list[Table]:
    """The CSV tables: cases, people, events, sources, recommendations."""

    def url(kind: str, rid: str) -> str:
        return page_url(*graph.page(kind, rid), directory_urls=directory_urls)

    def last(*keys: tuple[str, str]) -> str:
        dates = [changed[k].when for k in keys if k in changed]
        return max(dates).date().isoformat() if dates else ""

    cases = Table(
        "cases",
        i18n.t("One row per case, as the cases index shows it."),
        [
            ("id", i18n.t("The case's id, which names its page (cases/ID/) and its JSON file (data/cases/ID.json).")),
            ("name", i18n.t("The person's name as this site spells it.")),
            ("url", i18n.t("The case page, relative to the site's address.")),
            ("status_now", i18n.t("Status derived from the newest event: {keys}", keys=", ".join(STATUS_LABELS))),
            ("status_now_label", i18n.t("The same status in words.")),
            ("status_now_since", i18n.t("Date of the event that started the present status.")),
            ("status_now_since_qualifier", _qualifier_help(that=True)),
            ("as_of", i18n.t("Date of the newest event known from the sources.")),
            ("as_of_qualifier", _qualifier_help(that=True)),
            ("status_at_mission", i18n.t("Status on the first day of the mission that had contact with the case.")),
            ("mission", i18n.t("Id of that mission.")),
            ("articles", i18n.t("Article numbers of the charges, separated by '; ' (none when no source gives one).")),
            ("charges", i18n.t("Every charge: article and part, or the offence where no article is given.")),
            ("region", i18n.t("Id of the region or city the case belongs to.")),
            ("region_label", i18n.t("Its name, and its region where one is recorded.")),
            ("detained", i18n.t("Date of the first detention or confinement in the timeline.")),
            ("detained_qualifier", _qualifier_help(that=True)),
            ("mission_contact", i18n.t("The mission's contact with the case: met, raised, access-refused.")),
            ("verified", i18n.t("When the case was last checked against its sources.")),
            ("last_changed", i18n.t("When the data of the case or the person last changed.")),
            ("summary", i18n.t("The case in two or three sentences.")),
        ],
    )
    for s in case_summaries(graph):
        c = s.case
        first = s.at_missions[0] if s.at_missions else None
        cases.rows.append({
            "id": c.id,
            "name": s.person.name,
            "url": url("case", c.id),
            "status_now": s.now.key,
            "status_now_label": s.now.label,
            "status_now_since": iso(s.now.since),
            "status_now_since_qualifier": qualifier(s.now.since),
            "as_of": s.as_of.iso(),
            "as_of_qualifier": qualifier(s.as_of),
            "status_at_mission": first[1].key if first else "",
            "mission": first[0].id if first else "",
            "articles": _join(s.articles),
            "charges": _join(s.charge_labels),
            "region": c.region or "",
            "region_label": s.region_label,
            "detained": iso(s.detained),
            "detained_qualifier": qualifier(s.detained),
            "mission_contact": _join(s.contacts),
            "verified": c.verified.isoformat(),
            "last_changed": last(("case", c.id), ("person", c.person)),
            "summary": plain_text(graph, c.summary.text),
        })

    people = Table(
        "people",
        i18n.t("One row per person: delegates and the people whose cases the mission took up."),
        [
            ("id", i18n.t("The person's id, which names its JSON file (data/people/ID.json).")),
            ("name", i18n.t("The name as this site spells it.")),
            ("url", i18n.t("The page that shows the person (the case page for the subject of a case).")),
            ("native_names", i18n.t("The name in Kazakh or Russian script, separated by '; '.")),
            ("aliases", i18n.t("Other spellings met in the sources, separated by '; '.")),
            ("case", i18n.t("Id of the person's case, if any.")),
            ("born", i18n.t("Birth, as the sources state it.")),
            ("summary", i18n.t("Who the person is.")),
            ("last_changed", i18n.t("When the person's data last changed.")),
        ],
    )
    for p in graph.all(Person):
        case = graph.case_of(p.id)
        people.rows.append({
            "id": p.id,
            "name": p.name,
            "url": url("person", p.id),
            "native_names": _join(n.name for n in p.native_names),
            "aliases": _join(n.name for n in p.aliases),
            "case": case.id if case else "",
            "born": plain_text(graph, p.born.text) if p.born else "",
            "summary": plain_text(graph, p.summary.text) if p.summary else "",
            "last_changed": last(("person", p.id)),
        })

    events = Table(
        "events",
        i18n.t("Every dated event of every case, oldest first within each case."),
        [
            ("case", i18n.t("Id of the case.")),
            ("n", i18n.t("Position of the event in the case's timeline, from 1.")),
            ("date", i18n.t("Date as precise as the sources give it: YYYY-MM-DD, YYYY-MM or YYYY.")),
            ("date_qualifier", _qualifier_help(that=False)),
            ("kind", i18n.t("What happened (the kinds from which the status is derived).")),
            ("text", i18n.t("What happened, in words.")),
            ("places", i18n.t("Ids of the places, separated by '; '.")),
            ("sources", i18n.t("Ids of the sources, separated by '; '.")),
            ("certainty", i18n.t("inferred, approximate, sources-differ or disputed, when not stated outright.")),
            ("note", i18n.t("Why the date or fact is uncertain.")),
        ],
    )
    for c in graph.cases:
        for i, e in enumerate(c.timeline, 1):
            events.rows.append({
                "case": c.id, "n": str(i), "date": e.date.iso(),
                "date_qualifier": qualifier(e.date), "kind": e.kind,
                "text": plain_text(graph, e.text), "places": _join(e.places), "sources": _join(e.sources),
                "certainty": e.certainty or "", "note": plain_text(graph, e.note),
            })

    sources = Table(
        "sources",
        i18n.t("Every public document the site draws on."),
        [
            ("id", i18n.t("The source's id, as cited in the 'sources' columns.")),
            ("publisher", i18n.t("Who published it.")),
            ("title", i18n.t("Its title, in its own language.")),
            ("url", i18n.t("Its address.")),
            ("date", i18n.t("Publication date, or 'undated'.")),
            ("date_qualifier", _qualifier_help(that=False)),
            ("date_note", i18n.t("For undated pages: the period the content implies; for an implied date, how.")),
            ("language", i18n.t("ISO 639-1 code of its language.")),
            ("reliability", i18n.t("primary, press, ngo, mirror, blog or low.")),
        ],
    )
    for src in graph.all(Source):
        sources.rows.append({
            "id": src.id, "publisher": src.publisher, "title": src.title, "url": src.url,
            "date": iso(src.date), "date_qualifier": qualifier(src.date), "date_note": src.date_note or "",
            "language": src.language, "reliability": src.reliability,
        })

    recs = Table(
        "recommendations",
        i18n.t("The mission's recommendations and what followed."),
        [
            ("id", i18n.t("The recommendation's id.")),
            ("mission", i18n.t("Id of the mission.")),
            ("title", i18n.t("A short title.")),
            ("text", i18n.t("What the mission recommended.")),
            ("addressees", i18n.t("Ids of the organisations addressed, separated by '; '.")),
            ("status", i18n.t("Derived from the follow-up: implemented, partly implemented or no follow-up found.")),
            ("follow_up", i18n.t("What followed, each as 'date (effect): text', separated by ' | '.")),
            ("sources", i18n.t("Ids of the sources, separated by '; '.")),
        ],
    )
    for r in graph.all(Recommendation):
        recs.rows.append({
            "id": r.id, "mission": r.mission, "title": r.title,
            "text": plain_text(graph, r.text),
            "addressees": _join(r.addressees),
            "status": recommendation_status(r),
            "follow_up": " | ".join(
                f"{f.date.iso()} ({f.effect}): {plain_text(graph, f.text)}" for f in r.follow_up
            ),
            "sources": _join(r.sources),
        })
    return [cases, people, events, sources, recs]


