"""Synthetic records shaped like the real ones, for the benchmark and the scaling tests.

Each case is made from its own index with its own random generator, so case number 0 is the
same record whether 10 or 5,000 cases are made: its page can be compared across sizes. A case
has a person with a name in Latin and Cyrillic script and two more spellings, two charges,
eight or nine timeline events, two places of detention, two courts, four sources (three of its
own and one list shared with 24 other cases), a contact with a mission and a few facts: a page
of about 400 words, close to the 300-word pages that issue 8 measured plain MkDocs with (the
real case pages are longer: 1,100 to 1,850 words). Missions, delegates, organisations, recommendations, courts and colonies
grow with the number of cases, as they would in a large record.

The records are written into a scratch folder, never into ``data/``: every name, date and
text here is made up (the words are drawn from a list) and must never reach the site.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Writes repeated values out: the loader refuses anchors and aliases, as it should."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

ROOT = Path(__file__).resolve().parent.parent

REGIONS = 14


@dataclass(frozen=True)
class Scale:
    """How many cases share one of each: fixed ratios keep every count proportional to n."""

    per_list: int = 25  # cases citing the same shared list of prisoners
    per_colony: int = 20
    per_court: int = 10
    per_mission: int = 100  # each mission has two delegates and two recommendations
    per_organisation: int = 100

_WORDS = (
    "court appeal hearing lawyer prison colony regional city prosecutor charge article sentence "
    "detention release complaint family health letter visit statement activist journalist blogger "
    "opposition movement protest rally post video interview testimony witness evidence judge "
    "verdict parole transfer cell guards medical treatment hunger strike relatives defence "
    "investigation search police officers station document report list organisation monitoring "
    "delegation embassy parliament resolution members freedom expression assembly association "
    "religious social network message online publication newspaper radio television public "
    "authorities ministry office procedure review petition request decision refused granted "
    "postponed closed session open trial early conditional pressure threats conditions isolation "
    "the a of in on by after before during with without from to and its their his her was were "
    "had been not also later again still under against about for"
).split()
_SYLLABLES = (
    "a ai al an ar as at ba bek bol da dar di er gul ib ka kan ke kha ku la lan ma mar mir mu na nur "
    "ol ra ro sa sal se ta tal te to ul za zhan zhol"
).split()
_CYRILLIC = {
    "zh": "ж", "kh": "х", "sh": "ш", "ch": "ч", "a": "а", "b": "б", "d": "д", "e": "е", "g": "г",
    "i": "и", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "r": "р", "s": "с", "t": "т",
    "u": "у", "z": "з", "v": "в", "y": "ы",
}
_OFFENCES = (
    ("inciting social, national, clan, racial or religious discord", "174"),
    ("spreading knowingly false information", "274"),
    ("participating in the activity of a banned organisation", "405"),
    ("fraud on a large scale", "190"),
    ("abuse of office", "361"),
    ("calling for the violent seizure of power", "179"),
)
_PUBLISHERS = ("Synthetic Daily", "Example News Agency", "Placeholder Rights Group", "Sample Monitor")


def words(rng: random.Random, n: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def cyrillic(latin: str) -> str:
    out, i, low = [], 0, latin.lower()
    while i < len(low):
        pair = low[i : i + 2]
        if pair in _CYRILLIC:
            out.append(_CYRILLIC[pair])
            i += 2
        else:
            out.append(_CYRILLIC.get(low[i], low[i]))
            i += 1
    return " ".join(w[:1].upper() + w[1:] for w in "".join(out).split(" "))


def spellings(latin: str) -> tuple[str, str]:
    """Two other Latin spellings, as transliterations differ between sources."""
    one = latin.replace("zh", "j").replace("kh", "h").replace("ov", "off").replace("ev", "eff")
    two = latin.replace("u", "ou").replace("a", "o", 1).replace("k", "q")
    if one == latin:
        one = latin.replace("e", "ye", 1) if "e" in latin else latin + "y"
    return one, two


def _name_part(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _day(rng: random.Random, after: dt.date, most: int = 200) -> dt.date:
    return after + dt.timedelta(days=rng.randint(1, most))


@dataclass(frozen=True)
class Synthetic:
    """What was written: the case ids in index order."""

    n: int
    case_ids: list[str]

    @property
    def probe(self) -> str:
        """A case whose record, and so whose page, is the same at every n."""
        return self.case_ids[0]


def counts(n: int, scale: Scale) -> dict[str, int]:
    return {
        "lists": math.ceil(n / scale.per_list),
        "colonies": math.ceil(n / scale.per_colony),
        "courts": math.ceil(n / scale.per_court),
        "missions": math.ceil(n / scale.per_mission),
        "organisations": math.ceil(n / scale.per_organisation),
    }


def write_synthetic(data_dir: Path, n: int, *, seed: str = "bench", scale: Scale = Scale()) -> Synthetic:
    """Write n synthetic cases and every record they refer to under data_dir."""
    c = counts(n, scale)
    out: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in ("sources", "places", "organisations", "people", "cases", "missions", "recommendations")}

    def put(folder: str, record: dict[str, Any]) -> None:
        out[folder][record["id"]] = record

    put("sources", _source("syn-gazetteer", random.Random(f"{seed}:gazetteer"), "A gazetteer of places", "en"))
    put("places", {"id": "syn-country", "name": "Exampleland", "type": "country"})
    for k in range(REGIONS):
        put("places", {"id": f"syn-region-{k}", "name": f"Region {k}", "type": "region", "within": "syn-country"})
        put("places", {"id": f"syn-city-{k}", "name": f"City {k}", "type": "city", "within": f"syn-region-{k}"})
        put("places", {"id": f"syn-regional-court-{k}", "name": f"Regional Court {k}", "type": "court", "within": f"syn-city-{k}"})
    for k in range(c["colonies"]):
        rng = random.Random(f"{seed}:colony:{k}")
        put("places", {
            "id": f"syn-colony-{k}", "name": f"Colony {k}", "type": "facility", "within": f"syn-region-{k % REGIONS}",
            "other_names": [f"Institution {k}/{rng.randint(1, 99)}"],
            "description": {"text": words(rng, 14), "sources": ["syn-gazetteer"]},
        })
    for k in range(c["courts"]):
        put("places", {"id": f"syn-court-{k}", "name": f"Court {k}", "type": "court", "within": f"syn-city-{k % REGIONS}"})
    for k in range(c["lists"]):
        put("sources", _source(f"syn-list-{k}", random.Random(f"{seed}:list:{k}"), f"List of political prisoners, part {k}", "en"))
    for k in range(c["organisations"]):
        rng = random.Random(f"{seed}:org:{k}")
        put("organisations", {
            "id": f"syn-org-{k}", "name": f"Example Monitoring Organisation {k}", "short_name": f"EMO{k}",
            "facts": [{"text": words(rng, 20), "sources": [f"syn-mission-report-{k}" if k < c["missions"] else "syn-gazetteer"]}],
        })
    for m in range(c["missions"]):
        _mission(put, m, n, c, seed, scale)
    case_ids = [_case(put, i, c, seed, scale) for i in range(n)]
    for folder, records in out.items():
        (data_dir / folder).mkdir(parents=True, exist_ok=True)
        for rid, record in records.items():
            text = yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
            (data_dir / folder / f"{rid}.yml").write_text(text, encoding="utf-8")
    return Synthetic(n, case_ids)


def _source(sid: str, rng: random.Random, title: str | None, language: str) -> dict[str, Any]:
    return {
        "id": sid,
        "publisher": rng.choice(_PUBLISHERS),
        "title": title or words(rng, 8)[:-1],
        "url": f"https://example.org/synthetic/{sid}",
        "date": _day(rng, dt.date(2016, 1, 1), 2000),
        "language": language,
        "reliability": rng.choice(("press", "ngo", "primary")),
    }


def _mission(put: Any, m: int, n: int, c: dict[str, int], seed: str, scale: Scale) -> None:
    rng = random.Random(f"{seed}:mission:{m}")
    start = _day(rng, dt.date(2017, 1, 1), 1500)
    report = f"syn-mission-report-{m}"
    org = f"syn-org-{m % c['organisations']}"
    delegates = [f"syn-delegate-{2 * m}", f"syn-delegate-{2 * m + 1}"]
    put("sources", _source(report, rng, f"Report of monitoring mission {m}", "en"))
    for pid in delegates:
        first, last = _name_part(rng, 2), _name_part(rng, 3)
        put("people", {
            "id": pid, "name": f"{first} {last}",
            "summary": {"text": words(rng, 16), "sources": [report]},
            "roles": [{"title": "Delegate", "organisation": org, "start": start.year, "sources": [report]}],
        })
    first_case = m * scale.per_mission
    put("missions", {
        "id": f"syn-mission-{m}", "title": f"Monitoring mission {m}", "country": "syn-country",
        "start": start, "end": start + dt.timedelta(days=3),
        "dates": {"text": words(rng, 12), "sources": [report]},
        "organisers": [org], "delegates": delegates,
        "purpose": {"text": words(rng, 18), "sources": [report]},
        "meetings": [{
            "date": start + dt.timedelta(days=1), "place": f"syn-city-{m % REGIONS}",
            "text": words(rng, 14), "cases": [f"syn-case-{i}" for i in range(first_case, min(n, first_case + 2))],
            "sources": [report],
        }],
        "findings": [{"text": words(rng, 20), "sources": [report]} for _ in range(2)],
    })
    for j in range(2):
        put("recommendations", {
            "id": f"syn-rec-{m}-{j}", "mission": f"syn-mission-{m}", "title": f"Recommendation {j} of mission {m}",
            "text": words(rng, 24), "addressees": [org], "sources": [report],
        })


def _case(put: Any, i: int, c: dict[str, int], seed: str, scale: Scale) -> str:
    rng = random.Random(f"{seed}:case:{i}")
    cid = f"syn-case-{i}"
    first, last = _name_part(rng, 2), _name_part(rng, 2) + rng.choice(("ov", "ev", "uly", "bayev"))
    latin = f"{first} {last}"
    own = [f"{cid}-src-{k}" for k in range(3)]
    shared = f"syn-list-{i // scale.per_list}"
    for k, sid in enumerate(own):
        put("sources", _source(sid, rng, None, "ru" if k == 1 else "en"))
    sources = own + [shared]

    def cite(k: int = 2) -> list[str]:
        return rng.sample(sources, k)

    region = i % REGIONS
    city = f"syn-city-{region}"
    put("people", {
        "id": cid, "name": latin,
        "native_names": [
            {"name": cyrillic(latin), "script": "cyrillic", "language": "ru", "sources": [own[1]]},
            {"name": cyrillic(latin).replace("е", "э").replace("ов", "ұлы"), "script": "cyrillic", "language": "kk", "sources": [shared]},
        ],
        "aliases": [
            {"name": spellings(latin)[0], "sources": [own[0]]},
            {"name": spellings(latin)[1], "sources": [own[2]]},
        ],
        "born": {"text": f"Born in {rng.randint(1950, 1995)}.", "sources": [own[0]]},
        "summary": {"text": words(rng, 12), "sources": cite()},
        "facts": [{"text": words(rng, 8), "sources": cite(1)}],
    })
    day = _day(rng, dt.date(2012, 1, 1), 3000)
    timeline = []
    kinds = ["detained", "remanded", "charged", "complaint", "trial-opened", "hearing", "sentenced", "transferred"]
    if rng.random() < 0.4:
        kinds.append("released")
    for kind in kinds:
        day = _day(rng, day, 120)
        event: dict[str, Any] = {"date": day, "kind": kind, "text": words(rng, rng.randint(5, 8)), "sources": cite(rng.randint(1, 2))}
        if kind in ("detained", "trial-opened"):
            event["text"] += f" In [[place:{city}]]."
            event["places"] = [city]
        timeline.append(event)
    colony, court = f"syn-colony-{i // scale.per_colony}", f"syn-court-{i // scale.per_court}"
    case: dict[str, Any] = {
        "id": cid, "person": cid, "region": f"syn-region-{region}", "verified": dt.date(2026, 1, 1),
        "summary": {"text": words(rng, 24), "sources": sources},
        "charges": [
            {"offence": offence, "article": article, "part": str(rng.randint(1, 3)), "code_edition": "2014",
             "stage": "conviction", "sources": cite()}
            for offence, article in rng.sample(_OFFENCES, 2)
        ],
        "timeline": timeline,
        "custody": [
            {"place": city, "role": "pre-trial detention", "start": timeline[0]["date"], "sources": cite(1)},
            {"place": colony, "role": "penal colony", "start": timeline[-1]["date"], "sources": cite(1)},
        ],
        "courts": [
            {"place": court, "role": "trial", "sources": cite(1)},
            {"place": f"syn-regional-court-{region}", "role": "appeal", "sources": cite(1)},
        ],
        "contacts": [{
            "mission": f"syn-mission-{i // scale.per_mission}", "type": rng.choice(("met", "raised")),
            "by": [f"syn-delegate-{2 * (i // scale.per_mission)}"], "text": words(rng, 8), "sources": cite(1),
        }],
        "facts": [{"text": words(rng, 8), "sources": cite(1)} for _ in range(2)],
    }
    if i % 5 == 0:
        case["conflicts"] = [{
            "topic": "The date of the transfer",
            "accounts": [{"text": words(rng, 7), "sources": [own[0]]}, {"text": words(rng, 7), "sources": [own[1]]}],
        }]
    put("cases", case)
    return cid


# --------------------------------------------------------------------------- scratch sites

#: top-level entries of the project that a scratch site does not link to
_NOT_LINKED = {".git", ".venv", "site", "data", "docs", "mkdocs.yml", ".bench", ".pytest_cache", "node_modules"}


def write_clones(data_dir: Path, n: int, case_id: str) -> Synthetic:
    """n copies of a real case file under new ids, each with a copy of its person (the data check
    refuses two case records for one person); the sources and places stay shared."""
    text = (data_dir / "cases" / f"{case_id}.yml").read_text(encoding="utf-8")
    if not re.search(rf"^id: {re.escape(case_id)}$", text, re.MULTILINE):
        raise ValueError(f"data/cases/{case_id}.yml has no line 'id: {case_id}'")
    found = re.search(r"^person: ([a-z0-9-]+)$", text, re.MULTILINE)
    if not found:
        raise ValueError(f"data/cases/{case_id}.yml has no line 'person: <id>'")
    person_id = found.group(1)
    person = (data_dir / "people" / f"{person_id}.yml").read_text(encoding="utf-8")
    ids = [f"{case_id}-copy-{i}" for i in range(n)]
    for rid in ids:
        copy = re.sub(rf"^id: {re.escape(case_id)}$", f"id: {rid}", text, count=1, flags=re.MULTILINE)
        copy = re.sub(rf"^person: {re.escape(person_id)}$", f"person: {rid}-person", copy, count=1, flags=re.MULTILINE)
        (data_dir / "cases" / f"{rid}.yml").write_text(copy, encoding="utf-8")
        who = re.sub(rf"^id: {re.escape(person_id)}$", f"id: {rid}-person", person, count=1, flags=re.MULTILINE)
        (data_dir / "people" / f"{rid}-person.yml").write_text(who, encoding="utf-8")
    return Synthetic(n, ids)


def scratch_site(
    dest: Path, n: int, *, repo: Path = ROOT, real_data: bool = True, scale: Scale = Scale(), clone: str | None = None
) -> tuple[Path, Synthetic]:
    """A copy of the project at dest whose data/ holds the real records plus n synthetic cases
    (or, with clone, n copies of that real case).

    docs/ is copied (the hook resolves it and expects it inside the site's folder); every
    other top-level entry is a symbolic link to the project's own, so the scratch site builds
    with exactly the project's hooks, templates, pages and theme overrides. Its mkdocs.yml
    only inherits the project's.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for entry in repo.iterdir():
        if entry.name not in _NOT_LINKED and not entry.name.startswith(".") and not (dest / entry.name).exists():
            os.symlink(entry, dest / entry.name)
    if not (dest / "docs").exists():
        shutil.copytree(repo / "docs", dest / "docs")
    data = dest / "data"
    if data.exists():
        shutil.rmtree(data)
    if real_data:
        shutil.copytree(repo / "data", data)
    else:
        data.mkdir()
    if clone:
        synthetic = write_clones(data, n, clone)
    else:
        synthetic = write_synthetic(data, n, scale=scale) if n else Synthetic(0, [])
    write_config(dest / "mkdocs.yml", repo)
    return dest / "mkdocs.yml", synthetic


def write_config(path: Path, repo: Path = ROOT, **overrides: Any) -> Path:
    """A mkdocs.yml that inherits the project's and overrides only the given keys."""
    lines = [f"INHERIT: {repo / 'mkdocs.yml'}"]
    for key, value in overrides.items():
        if value is not None:
            lines.append(yaml.safe_dump({key: value}, default_flow_style=False).rstrip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
