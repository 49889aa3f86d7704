"""Copies of the site: the offline zip, its checksum manifest, `make verify`, and links that work below any path.

The verify command is run as a reader runs it (`python -m dossier verify`, which `make verify`
calls), so that its exit status and its words are what is tested, and no traceback reaches them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import builtsite
from common import OFFLINE_EPOCH, ROOT, build
from dossier import manifest

MAX_ZIP_BYTES = 15_000_000  # issue 17: the offline copy of the real site fits in 15 MB


def verify(folder: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", "verify", str(folder), *more],
        capture_output=True, text=True, cwd=ROOT,
    )


def unzip(zip_file: Path, dest: Path) -> Path:
    """Unzip as a reader does; the copy's own folder (the zip holds one folder)."""
    with zipfile.ZipFile(zip_file) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
        assert len(tops) == 1, f"the zip should hold one folder, not {sorted(tops)[:5]}"
        zf.extractall(dest)
    return dest / tops.pop()


@pytest.fixture
def copy(offline_copy: Path, tmp_path: Path) -> Path:
    return unzip(offline_copy, tmp_path)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small site of three files with its manifest."""
    site = tmp_path / "small"
    (site / "cases").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "cases" / "a.html").write_text("<p>Case A</p>", encoding="utf-8")
    (site / "cases" / "b.html").write_text("<p>Case B</p>", encoding="utf-8")
    manifest.write(site)
    return site


# ---------------------------------------------------------------------------------------------
# The offline copy


def test_the_zip_holds_readme_manifest_and_every_page(offline_copy: Path, copy: Path) -> None:
    size = offline_copy.stat().st_size
    assert size <= MAX_ZIP_BYTES, f"the offline copy is {size / 1e6:.1f} MB, over {MAX_ZIP_BYTES / 1e6:.0f} MB"
    readme = (copy / "README.txt").read_text(encoding="utf-8")
    for words in ("HOW TO OPEN IT", "HOW TO CHECK IT", "КАК ОТКРЫТЬ", "КАК ПРОВЕРИТЬ", "sha256sum -c"):
        assert words in readme
    listed = manifest.read(copy)
    assert "README.txt" in listed and "index.html" in listed and manifest.MANIFEST not in listed
    assert "search/search_index.js" in listed, "the search index for file:// is missing"
    assert "assets/javascripts/iframe-worker.js" in listed, "the iframe-worker shim is missing"
    assert any(p.endswith(".pdf") for p in listed), "the report's PDF is missing"
    assert any(p.endswith(".csv") for p in listed) and any(p.endswith(".json") for p in listed)
    assert "404.html" not in listed, "the page for a missing address links from the site's address: no use on disk"


def test_the_zip_holds_the_russian_edition_linked_both_ways(copy: Path) -> None:
    listed = manifest.read(copy)
    for path in ("ru/index.html", "ru/search/search_index.js", "ru/assets/javascripts/iframe-worker.js",
                 "ru/cases/ardak-ashim.html"):
        assert path in listed, f"{path} is missing from the offline copy"
    assert "ru/404.html" not in listed
    # the language switch, as links between files: each page leads to the same page in the other language
    english = (copy / "cases" / "ardak-ashim.html").read_text(encoding="utf-8")
    russian = (copy / "ru" / "cases" / "ardak-ashim.html").read_text(encoding="utf-8")
    assert 'href="../ru/cases/ardak-ashim.html" hreflang="ru"' in english
    assert 'href="../../cases/ardak-ashim.html" hreflang="en"' in russian
    assert '<html lang="ru"' in russian


def test_the_zip_is_the_same_for_one_commit(offline_copy: Path, tmp_path: Path) -> None:
    from dossier import copies

    site = unzip(offline_copy, tmp_path / "x")
    shim = shutil.copy(site / copies.SHIM_PATH, tmp_path / "shim.js")
    again = copies.package(site, Path(shim), tmp_path / offline_copy.name, title="Test copy", version="test", epoch=OFFLINE_EPOCH)
    assert again.read_bytes() == offline_copy.read_bytes()


def test_every_link_of_the_copy_ends_in_html_and_finds_its_file(copy: Path) -> None:
    """Opened from file://, a link to a folder shows a listing: every page link names its .html file."""
    problems = []
    for page in sorted(copy.rglob("*.html")):
        for tag, attr, value, line in builtsite.parse(page).links:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith("#"):
                continue  # another site (not loaded: the browser test watches requests) or this page
            where = f"{page.relative_to(copy)}:{line}: <{tag} {attr}={value!r}>"
            if value.startswith("/"):
                problems.append(f"{where} starts at the root")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if tag == "a" and (parts.path == "" or parts.path.endswith("/")):
                problems.append(f"{where} names a folder, not its .html page")
            elif not target.is_file():
                problems.append(f"{where}: no such file in the copy")
    assert not problems, f"{len(problems)} links:\n" + "\n".join(problems[:40])


# ---------------------------------------------------------------------------------------------
# make verify


def test_an_identical_copy_verifies(copy: Path) -> None:
    result = verify(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing missing, nothing added" in result.stdout


def test_a_changed_page_a_removed_file_and_an_added_file_are_each_named(copy: Path) -> None:
    page = copy / "cases" / "ardak-ashim.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Ashim", "Ashym", 1), encoding="utf-8")
    removed = min(copy.glob("report/*.pdf"))
    removed.unlink()
    (copy / "cases" / "extra.html").write_text("<p>not published</p>", encoding="utf-8")
    result = verify(copy)
    assert result.returncode != 0
    out = result.stdout
    assert "changed: cases/ardak-ashim.html" in out
    assert f"missing: {removed.relative_to(copy).as_posix()}" in out
    assert "added:   cases/extra.html" in out
    assert "1 changed, 1 missing, 1 added" in out
    assert "Traceback" not in result.stderr


def test_sha256sum_reads_the_manifest(small: Path) -> None:
    """The manifest is GNU sha256sum's format: a reader checks a copy with that tool alone."""
    tool = shutil.which("sha256sum")
    assert tool, "sha256sum (coreutils) is missing"
    ok = subprocess.run([tool, "-c", "--quiet", manifest.MANIFEST], cwd=small, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (small / "index.html").write_text("<h1>Changed</h1>", encoding="utf-8")
    bad = subprocess.run([tool, "-c", "--quiet", manifest.MANIFEST], cwd=small, capture_output=True, text=True)
    assert bad.returncode != 0 and "index.html: FAILED" in bad.stdout


@pytest.mark.parametrize(
    ("name", "lines", "message"),
    [
        ("no manifest", None, "no SHA256SUMS in this folder"),
        ("an empty manifest", [], "SHA256SUMS: lists no file"),
        ("a line that does not parse", ["{ok}  index.html", "not a checksum  cases/a.html"], "SHA256SUMS:2: this line does not parse: 'not a checksum  cases/a.html'"),
        ("a short checksum", ["abc123  index.html"], "SHA256SUMS:1: this line does not parse"),
        ("a path that leaves the folder", ["{ok}  index.html", "{ok}  ../secret.txt"], "SHA256SUMS:2: the path '../secret.txt' leaves the folder"),
        ("a path inside that leaves it", ["{ok}  cases/../../x"], "SHA256SUMS:1: the path 'cases/../../x' leaves the folder"),
        ("an absolute path", ["{ok}  /etc/passwd"], "SHA256SUMS:1: the path '/etc/passwd' leaves the folder"),
    ],
)
def test_bad_input_gets_a_message_and_no_traceback(small: Path, name: str, lines: list[str] | None, message: str) -> None:
    ok = manifest.sha256(small / "index.html")
    if lines is None:
        (small / manifest.MANIFEST).unlink()
    else:
        (small / manifest.MANIFEST).write_text("".join(line.format(ok=ok) + "\n" for line in lines), encoding="utf-8")
    result = verify(small)
    assert result.returncode not in (0, 1), f"{name}: exit {result.returncode}"
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_folder_a_copy_was_unzipped_into_points_to_the_copy(copy: Path) -> None:
    result = verify(copy.parent)
    assert result.returncode not in (0, 1)
    assert "no SHA256SUMS in this folder" in result.stderr and f"Did you mean {copy}?" in result.stderr


def test_make_verify_without_a_folder_says_how_to_call_it() -> None:
    result = subprocess.run(["make", "-s", "verify", "DIR="], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "make verify DIR=path/to/copy" in result.stderr


# ---------------------------------------------------------------------------------------------
# The signature


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    """(private key, public key), PEM files made for this test only."""
    key = Ed25519PrivateKey.generate()
    private, public = tmp_path / "signing-key.pem", tmp_path / "signing-key.pub.pem"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def test_a_signed_manifest_verifies_with_the_publishers_key(small: Path, keys: tuple[Path, Path]) -> None:
    private, public = keys
    manifest.write(small, private)
    assert (small / manifest.SIGNATURE).stat().st_size == 64
    result = verify(small, "--key", str(public))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "signature good" in result.stdout and manifest.fingerprint(public.read_bytes()) in result.stdout
    # without the publisher's key, the key in the copy is used, and the reader told to compare its fingerprint
    result = verify(small)
    assert result.returncode == 0 and "compare its fingerprint" in result.stdout


def test_a_manifest_changed_after_signing_fails(small: Path, keys: tuple[Path, Path]) -> None:
    private, public = keys
    manifest.write(small, private)
    # a forger changes a page and writes its new checksum into the list
    (small / "cases" / "a.html").write_text("<p>Case A, altered</p>", encoding="utf-8")
    listed = (small / manifest.MANIFEST).read_text(encoding="utf-8").splitlines()
    forged = [f"{manifest.sha256(small / 'cases' / 'a.html')}  cases/a.html" if line.endswith("cases/a.html") else line for line in listed]
    (small / manifest.MANIFEST).write_text("\n".join(forged) + "\n", encoding="utf-8")
    result = verify(small, "--key", str(public))
    assert result.returncode not in (0, 1)
    assert "the signature does not match SHA256SUMS" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_copy_signed_with_another_key_fails(small: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    other = tmp_path / "other.pem"
    other.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    manifest.write(small, other)  # the forger's own key, its public key put in the copy
    result = verify(small, "--key", str(keys[1]))
    assert result.returncode not in (0, 1) and "signed with another key" in result.stderr


def test_an_unsigned_copy_fails_when_the_publishers_key_is_given(small: Path, keys: tuple[Path, Path]) -> None:
    result = verify(small, "--key", str(keys[1]))
    assert result.returncode not in (0, 1) and "this copy is not signed" in result.stderr


def test_the_build_refuses_a_key_inside_the_project(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    hook = ROOT / "hooks" / "site.py"
    config.write_text(config.read_text().replace(f"  - {hook}\n", f"  - {hook}\n  - {ROOT / 'hooks' / 'checksums.py'}\n"))
    assert "checksums.py" in config.read_text()
    inside = mini / "signing-key.pem"
    inside.write_bytes(b"never read")
    result = build(config, mini / "site", env={manifest.KEY_ENV: str(inside)})
    assert result.returncode != 0
    assert "the signing key lies inside the project's folder" in result.stderr
    assert "Traceback" not in result.stderr
    outside = build(config, mini / "site", env={manifest.KEY_ENV: ""})
    assert outside.returncode == 0, outside.stderr
    assert manifest.verify(mini / "site").identical


# ---------------------------------------------------------------------------------------------
# Mirrors: the site works below any path


def test_no_link_of_the_site_starts_at_the_root(real_site: Path) -> None:
    """A mirror serves the site below a path of its own: a link from '/' would leave it.

    404.html is the one exception: a host answers any missing path with it, so it links from the
    site's own address (site_url), as MkDocs makes it; docs/about/mirrors.md says so.
    """
    problems = []
    for page in sorted(real_site.rglob("*.html")):
        if page.relative_to(real_site).as_posix() == "404.html":
            continue
        for tag, attr, value, line in builtsite.parse(page).links:
            if value.startswith("/"):
                problems.append(f"{page.relative_to(real_site)}:{line}: <{tag} {attr}={value!r}>")
    assert not problems, f"{len(problems)} links start at the root:\n" + "\n".join(problems[:40])


def test_the_published_site_carries_its_manifest(real_site: Path) -> None:
    report = manifest.verify(real_site)
    assert report.identical, report.lines()
    assert report.files == len(manifest.published_files(real_site)) > 100


def test_every_link_works_with_the_site_served_below_another_path(real_site: Path) -> None:
    """A mirror at http://host/mirror/kz-2018/: every page fetched, every link and resource on it
    followed over HTTP, each staying below that path and answered 200."""
    import functools
    import http.server
    import threading
    import urllib.error
    import urllib.request
    from urllib.parse import urljoin

    prefix = "/mirror/kz-2018/"

    class Mirror(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            plain = urlsplit(path).path
            if not plain.startswith(prefix):
                return str(real_site / "\0outside")  # never a file: 404
            return super().translate_path("/" + plain[len(prefix):])

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Mirror, directory=str(real_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}{prefix}"
    status: dict[str, int] = {}

    def fetch(url: str) -> int:
        if url not in status:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    status[url] = response.status
            except urllib.error.HTTPError as exc:
                status[url] = exc.code
        return status[url]

    problems = []
    try:
        for page in sorted(real_site.rglob("*.html")):
            rel = page.relative_to(real_site).as_posix()
            if rel == "404.html":
                continue  # links from the site's own address (see test_no_link_of_the_site_starts_at_the_root)
            url = base + builtsite.path_of(rel)
            assert fetch(url) == 200, url
            for tag, attr, value, line in builtsite.parse(page).links:
                target = urljoin(url, value)
                parts = urlsplit(target)
                if parts.scheme not in ("http", "https") or parts.netloc != f"127.0.0.1:{server.server_port}":
                    continue  # another site: a link, never loaded (the browser tests watch requests)
                clean = target.split("#")[0].split("?")[0]
                if not parts.path.startswith(prefix):
                    problems.append(f"{rel}:{line}: <{tag} {attr}={value!r}> leaves {prefix}")
                elif fetch(clean) != 200:
                    problems.append(f"{rel}:{line}: <{tag} {attr}={value!r}> answers {status[clean]}")
    finally:
        server.shutdown()
        server.server_close()
    assert len(status) > 100
    assert not problems, f"{len(problems)} links break below {prefix}:\n" + "\n".join(problems[:40])


def test_the_bench_measures_the_offline_copy_of_both_editions(tmp_path: Path) -> None:
    """`make bench` reports the zip and search index sizes of the copy that `make offline` makes:
    both editions, the Russian in ru/ (here at 2 synthetic cases, to keep it short)."""
    from bench import copies as bench_copies

    figures = bench_copies.measure(2, tmp_path)
    [zip_file] = tmp_path.glob("*.zip")
    assert figures["zip_bytes"] == zip_file.stat().st_size
    with zipfile.ZipFile(zip_file) as zf:
        indexes = sorted(n.split("/", 1)[1] for n in zf.namelist() if n.endswith("search/search_index.js"))
        js_bytes = sum(zf.getinfo(n).file_size for n in zf.namelist() if n.endswith("search/search_index.js"))
    assert indexes == ["ru/search/search_index.js", "search/search_index.js"]
    assert figures["index_js_bytes"] == js_bytes
    assert "both editions" in bench_copies.report(figures)
