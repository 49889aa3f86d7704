"""The ZIM file for Kiwix (make zim): written by Debian's zimwriterfs and read back through kiwix-serve.

A missing tool fails the test, with the package that provides it: .ci/run installs zim-tools,
kiwix-tools and librsvg2-bin.
"""

from __future__ import annotations

import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from common import ROOT

TOOLS = {"zimwriterfs": "zim-tools", "kiwix-serve": "kiwix-tools", "rsvg-convert": "librsvg2-bin"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def zim_file(offline_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [f"{tool} (Debian's {package})" for tool, package in TOOLS.items() if not shutil.which(tool)]
    if missing:
        pytest.fail(f"missing: {', '.join(missing)}; apt-get install zim-tools kiwix-tools librsvg2-bin", pytrace=False)
    work = tmp_path_factory.mktemp("zim")
    with zipfile.ZipFile(offline_copy) as zf:
        zf.extractall(work / "unzipped")
    site = next((work / "unzipped").iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "zim", "--site", str(site), "--out", str(work / "record.zim")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "record.zim"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def kiwix(zim_file: Path) -> Iterator[str]:
    """kiwix-serve on loopback, serving the ZIM file; its base address."""
    port = _free_port()
    server = subprocess.Popen(
        ["kiwix-serve", "--address", "127.0.0.1", "--port", str(port), str(zim_file)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/catalog/v2/entries", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, f"kiwix-serve stopped: {server.communicate()[0].decode()}"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.geturl(), response.read()


def test_kiwix_lists_the_file_with_its_title_description_language_and_illustration(kiwix: str) -> None:
    _, feed = get(kiwix + "/catalog/v2/entries")
    entry = ET.fromstring(feed).find(f"{ATOM}entry")
    assert entry is not None, feed[:500]
    assert entry.findtext(f"{ATOM}title") == "Kazakhstan 2018 mission"
    assert entry.findtext(f"{ATOM}summary", "").startswith("Record of the human-rights monitoring mission")
    assert entry.findtext(f"{ATOM}language") == "eng,rus"  # both editions
    assert "_ftindex:yes" in entry.findtext(f"{ATOM}tags", ""), "the ZIM file has no full-text index"
    thumbnail = next(link.get("href", "") for link in entry.iter(f"{ATOM}link") if link.get("rel", "").endswith("thumbnail"))
    _, png = get(kiwix + thumbnail)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (48, 48)


def test_the_main_page_is_the_home_page(kiwix: str, zim_file: Path) -> None:
    url, page = get(f"{kiwix}/{zim_file.stem}/")
    assert url.endswith("/index.html")
    assert b"Kazakhstan 2018 monitoring mission" in page


def test_a_case_page_reads_through_kiwix(kiwix: str, zim_file: Path) -> None:
    _, page = get(f"{kiwix}/{zim_file.stem}/cases/ardak-ashim.html")
    text = page.decode("utf-8")
    assert re.search(r"<h1[^>]*>\s*Ardak Ashim", text), text[:500]


def test_the_full_text_search_finds_a_case(kiwix: str, zim_file: Path) -> None:
    _, results = get(f"{kiwix}/search?content={zim_file.stem}&pattern=Ashim")
    assert f"/{zim_file.stem}/cases/ardak-ashim.html".encode() in results
