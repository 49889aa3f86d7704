"""Change history: the Atom feed of changes and corrections, and the corrections log."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from common import ROOT, build, copy_fixture

A = "{http://www.w3.org/2005/Atom}"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def text_of(element: ET.Element, path: str) -> str:
    """The text of the element at path; fails the test if there is none."""
    found = element.findtext(path)
    assert found is not None, f"no {path.replace(A, 'atom:')}"
    return found


def attribute(element: ET.Element, path: str, name: str) -> str:
    """An attribute of the element at path; fails the test if either is missing."""
    found = element.find(path)
    assert found is not None and found.get(name) is not None, f"no {path.replace(A, 'atom:')}[@{name}]"
    return found.get(name, "")


def parse_atom(text: str) -> ET.Element:
    """Parse a feed and check what RFC 4287 requires of it; return the feed element."""
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, f"feed needs exactly one atom:{name}"
    assert STAMP.match(text_of(feed, f"{A}updated"))
    assert feed.findtext(f"{A}author/{A}name"), "feed needs an author when entries have none"
    self_links = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and _addressed(self_links[0].get("href", ""))
    ids = []
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, f"entry needs exactly one atom:{name}"
            assert text_of(entry, f"{A}{name}").strip()
        assert STAMP.match(text_of(entry, f"{A}updated"))
        assert re.match(r"^[a-z][a-z0-9+.-]*:", text_of(entry, f"{A}id")), "an entry id is an absolute IRI"
        alternate = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert alternate and _addressed(alternate[0].get("href", ""))
        assert entry.find(f"{A}summary") is not None or entry.find(f"{A}content") is not None
        ids.append(entry.findtext(f"{A}id"))
    assert len(ids) == len(set(ids)), "entry ids are unique"
    updated = [text_of(e, f"{A}updated") for e in feed.findall(f"{A}entry")]
    assert updated == sorted(updated, reverse=True), "newest first"
    if updated:
        assert feed.findtext(f"{A}updated") == updated[0]
    return feed


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "title": text_of(e, f"{A}title"),
            "updated": text_of(e, f"{A}updated"),
            "href": attribute(e, f"{A}link", "href"),
            "category": attribute(e, f"{A}category", "term"),
            "summary": text_of(e, f"{A}summary"),
        }
        for e in feed.findall(f"{A}entry")
    ]


def stamp(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_outside_git_the_feed_lists_the_newest_file_change_first(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_fixture(tmp_path / "mini")
    old, new = 1_600_000_000, 1_700_000_000
    for file in (root / "data").rglob("*.yml"):
        os.utime(file, (old, old))
    os.utime(root / "data/places/example-city.yml", (new, new))
    site = root / "site"
    result = build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    feed = parse_atom((site / "feed.xml").read_text(encoding="utf-8"))
    first = entries(feed)[0]
    assert first["category"] == "change"
    assert first["updated"] == stamp(new) == feed.findtext(f"{A}updated")
    assert first["href"] == "https://example.org/fixture/places/#example-city"
    assert "Example City" in first["title"]
    # and the page of a record says when its data last changed
    case_page = (site / "cases/pat-prisoner/index.html").read_text(encoding="utf-8")
    assert "last changed on 13 September 2020" in case_page  # 1_600_000_000 is 13 September 2020


def test_corrections_are_in_the_feed_and_in_the_log(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "mini")
    site = root / "site"
    # a reproducible build: file times after SOURCE_DATE_EPOCH are capped to it
    epoch = 1_546_300_800  # 2019-01-01
    result = build(root / "mkdocs.yml", site, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stdout + result.stderr
    feed = parse_atom((site / "feed.xml").read_text(encoding="utf-8"))
    items = entries(feed)
    corrections = [e for e in items if e["category"] == "correction"]
    # the fixture records one correction on the case (2019-07-01) and one on the organisation (2018-06)
    assert [(e["updated"], e["title"]) for e in corrections] == [
        ("2019-07-01T00:00:00Z", "Correction: Pat Prisoner (case)"),
        ("2018-06-01T00:00:00Z", "Correction: Example Rights Federation (organisation)"),
    ]
    assert feed.findtext(f"{A}updated") == "2019-07-01T00:00:00Z"  # the newest entry, never the build time
    changes = [e for e in items if e["category"] == "change"]
    assert changes and {e["updated"] for e in changes} == {stamp(epoch)}
    log = (site / "corrections/index.html").read_text(encoding="utf-8")
    for e in corrections:
        anchor = e["href"].split("#", 1)[1]
        assert e["href"].startswith("https://example.org/fixture/corrections/#")
        assert f'id="{anchor}"' in log
    assert log.index('id="case-pat-prisoner-1"') < log.index('id="organisation-example-ngo-1"')
    assert "The release was first given as May 2019" in log
    assert "The short name was first given as EFR." in log
    # the corrected record's own page shows the correction too
    assert "The release was first given as May 2019" in (site / "cases/pat-prisoner/index.html").read_text()
    # the same data give the same feed
    again = root / "again"
    assert build(root / "mkdocs.yml", again, env={"SOURCE_DATE_EPOCH": str(epoch)}).returncode == 0
    assert (again / "feed.xml").read_bytes() == (site / "feed.xml").read_bytes()


def test_real_feed_parses_and_starts_with_the_newest_commit(real_site: Path) -> None:
    feed = parse_atom((real_site / "feed.xml").read_text(encoding="utf-8"))
    newest = subprocess.run(
        ["git", "log", "-1", "--no-merges", "--format=%cI", "--", "data", ":!data/schema", ":!data/i18n"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    if not newest:
        pytest.fail("the real site's data/ has no git history to compare the feed with")
    expected = dt.datetime.fromisoformat(newest).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    changes = [e for e in entries(feed) if e["category"] == "change"]
    assert changes[0]["updated"] == expected
    assert text_of(feed, f"{A}updated") >= expected
    # every page links the feed
    assert 'type="application/atom+xml"' in (real_site / "cases/index.html").read_text(encoding="utf-8")


def test_a_correction_of_the_person_shows_on_the_case_page(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "mini")
    with (root / "data/people/pat-prisoner.yml").open("a") as f:
        f.write("corrections:\n  - date: 2020-02-02\n    text: PERSON-CORRECTION-3307 was corrected.\n")
    site = root / "site"
    assert build(root / "mkdocs.yml", site).returncode == 0
    case_page = (site / "cases/pat-prisoner/index.html").read_text(encoding="utf-8")
    assert case_page.count('id="corrections"') == 1
    # both corrections, oldest first, under one heading
    assert case_page.index("The release was first given") < case_page.index("PERSON-CORRECTION-3307")
    log = (site / "corrections/index.html").read_text(encoding="utf-8")
    anchor = re.search(r'id="(person-pat-prisoner-1)"', log)
    assert anchor and 'href="../cases/pat-prisoner/"' in log



def _addressed(url: str) -> bool:
    """An address a reader can follow: a web address when the site sets site_url, else one
    relative to the site; never from the root, and never a file on the builder's machine."""
    return url.startswith(("https://", "http://")) or (bool(url) and not url.startswith(("/", "file:")))
