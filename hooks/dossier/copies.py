"""Copies of the site to pass on where it is blocked: the offline zip and the Kiwix (ZIM) file.

Both start from the offline build (``mkdocs.offline.yml``: page links end in ``.html``, the search
index is inlined for ``file://``). ``package`` adds what the build cannot: the ``iframe-worker``
shim vendored from npm (Material's ``offline`` plugin would fetch it from unpkg), a README in
English and Russian and the checksum manifest, then zips the folder byte for byte the same for
one commit. ``zim`` hands the same folder to Debian's ``zimwriterfs``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from . import manifest

#: where the offline config's ``extra.polyfills`` loads the shim from (its name must contain
#: "iframe-worker", or Material's offline plugin adds the one on unpkg)
SHIM_PATH = "assets/javascripts/iframe-worker.js"
README = "README.txt"
ILLUSTRATION = "illustration_48x48@1.png"
_EPOCH_1980 = 315532800  # the earliest time a zip file can hold


def package(
    site: Path, shim: Path, out: Path, *, title: str, version: str, epoch: int | None = None, key: Path | None = None
) -> Path:
    """Finish the offline build in site and zip it to out, below one folder named like the zip (its
    manifest signed with key, if given)."""
    if not shim.is_file():
        raise manifest.CopyError(f"{shim}: no iframe-worker shim; `npm ci` installs it (package.json)")
    if not (site / "index.html").is_file():
        raise manifest.CopyError(f"{site}: no index.html; build the offline site first (mkdocs build -f mkdocs.offline.yml)")
    # the answer a web server gives for a missing address, linking from the site's own address:
    # opened from disk there is no such answer, and its links would lead nowhere
    # each edition (the English at the root, another language's in its folder, ru/) loads the shim
    # from its own assets/
    for edition in [site, *(d for d in site.iterdir() if d.is_dir() and (d / "search" / "search_index.js").is_file())]:
        (edition / "404.html").unlink(missing_ok=True)
        (edition / SHIM_PATH).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shim, edition / SHIM_PATH)
    (site / README).write_text(readme(title, version), encoding="utf-8", newline="\r\n")
    manifest.write(site, key)
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.gmtime(max(epoch if epoch is not None else int(time.time()), _EPOCH_1980))[:6]
    top = out.name.removesuffix(".zip")
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (site / path).read_bytes(), compresslevel=9)
    partial.replace(out)
    return out


def readme(title: str, version: str) -> str:
    return _README.format(title=title, version=version, manifest=manifest.MANIFEST, sig=manifest.SIGNATURE, pub=manifest.PUBLIC_KEY)


_README = """\
{title}
Offline copy, version {version}

English first, Russian below. / Сначала по-английски, ниже — по-русски.

============================================================================
ENGLISH
============================================================================

This folder is a complete copy of the website, to read without an internet
connection: every page, picture, the report's PDF and the data files.
Nothing in it loads anything from the internet.

HOW TO OPEN IT
  1. Unzip the file (on a phone, with a file manager that opens .zip files).
  2. Open index.html in this folder with a web browser (Firefox, Chrome,
     Edge, Safari). Follow the links from there. Search works offline too.

HOW TO SHARE IT
  Pass the zip file on as it is: on a USB stick, by messenger, e-mail or a
  shared folder. Do not change the files in it: a changed file no longer
  matches its checksum, and whoever receives the copy can see that.

HOW TO CHECK IT
  {manifest} lists a checksum (SHA-256) of every file in the copy. A file
  changed by even one character has another checksum.
  - Linux, in a terminal, in this folder:
        sha256sum -c --quiet {manifest}
    macOS: shasum -a 256 -c --quiet {manifest}
    No output means every file listed is unchanged; otherwise it names each
    file that was changed or is missing. It does not notice added files.
  - If you have the site's source code, make verify DIR=<this folder>
    names every changed, missing or added file.
  - Windows (PowerShell): run Get-FileHash -Algorithm SHA256 index.html
    and compare the result with the line for index.html in {manifest}.
  Whoever can change the files can also change {manifest}. So compare
  {manifest} itself with the one on the website, if you can reach it, or
  with one from someone you trust. If the copy holds {sig}, the publisher
  signed the list; check it with the publisher's public key:
        openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin \\
            -in {manifest} -sigfile {sig}
  ({pub} in the copy is the key it was signed with: compare its
  fingerprint, which make verify prints, with the one the publisher gives.)

============================================================================
РУССКИЙ
============================================================================

В этой папке — полная копия сайта для чтения без интернета: все страницы,
иллюстрации, отчёт в PDF и файлы с данными. Ничего из интернета она
не загружает.

КАК ОТКРЫТЬ
  1. Распакуйте архив (на телефоне — в файловом менеджере, который
     открывает .zip).
  2. Откройте файл index.html из этой папки в браузере (Firefox, Chrome,
     Edge, Safari) и переходите по ссылкам. Поиск тоже работает без
     интернета.

КАК ПЕРЕДАТЬ
  Передавайте архив целиком, как есть: на флешке, в мессенджере, по
  электронной почте, через общую папку. Не меняйте файлы внутри: у
  изменённого файла будет другая контрольная сумма, и получатель это
  увидит.

КАК ПРОВЕРИТЬ
  В файле {manifest} записана контрольная сумма (SHA-256) каждого файла
  копии. Если в файле изменить хотя бы один символ, сумма будет другой.
  - Linux, в терминале, в этой папке:
        sha256sum -c --quiet {manifest}
    macOS: shasum -a 256 -c --quiet {manifest}
    Если команда ничего не вывела, все перечисленные файлы не изменены;
    иначе она назовёт каждый изменённый или отсутствующий файл. Лишние
    (добавленные) файлы она не замечает.
  - Если у вас есть исходный код сайта, команда make verify DIR=<эта папка>
    назовёт все изменённые, отсутствующие и добавленные файлы.
  - Windows (PowerShell): выполните Get-FileHash -Algorithm SHA256 index.html
    и сравните результат со строкой для index.html в {manifest}.
  Тот, кто может изменить файлы, может изменить и {manifest}. Поэтому
  сравните сам {manifest} с тем, что опубликован на сайте, если он вам
  доступен, или с полученным от человека, которому вы доверяете. Если в
  копии есть файл {sig}, список подписан издателем; проверьте подпись
  открытым ключом издателя:
        openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin \\
            -in {manifest} -sigfile {sig}
  ({pub} в копии — ключ, которым она подписана: сравните его отпечаток,
  который выводит make verify, с тем, что сообщает издатель.)
"""


def render_illustration(svg: Path, png: Path, size: int = 48) -> None:
    """The ZIM file's illustration: the logo drawn at size x size pixels by librsvg's rsvg-convert."""
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        raise manifest.CopyError("rsvg-convert not found: install Debian's librsvg2-bin (apt-get install librsvg2-bin)")
    result = subprocess.run(
        [rsvg, "--width", str(size), "--height", str(size), "--keep-aspect-ratio", "--background-color", "white",
         "--output", str(png), str(svg)],
        check=False,
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise manifest.CopyError(f"{svg}: rsvg-convert could not draw it: {result.stderr.strip()}")


def zim(site: Path, out: Path, *, logo: Path, title: str, description: str, language: str, name: str,
        creator: str, publisher: str) -> Path:
    """A ZIM file of the offline build in site, with a full-text index, written by zimwriterfs."""
    writer = shutil.which("zimwriterfs")
    if writer is None:
        raise manifest.CopyError("zimwriterfs not found: install Debian's zim-tools (apt-get install zim-tools)")
    if not (site / "index.html").is_file():
        raise manifest.CopyError(f"{site}: no index.html; run make offline first")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dossier-zim-") as scratch:
        folder = Path(scratch) / "site"
        shutil.copytree(site, folder)
        render_illustration(logo, folder / ILLUSTRATION)
        partial = out.with_name(out.name + ".part")
        partial.unlink(missing_ok=True)
        command = [
            writer,  # with its full-text index, unless --withoutFTIndex is given
            "--welcome", "index.html", "--illustration", ILLUSTRATION, "--threads", "2",
            "--language", language, "--title", title, "--description", description, "--name", name,
            "--creator", creator, "--publisher", publisher,
            str(folder), str(partial),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not partial.is_file():
            raise manifest.CopyError(f"zimwriterfs failed ({result.returncode}):\n{(result.stderr or result.stdout).strip()[-2000:]}")
        partial.replace(out)
    return out


# ---------------------------------------------------------------------------------------------
# The command line: python -m dossier manifest | verify | offline | zim (make verify, offline, zim)

ISO639_3 = {"en": "eng", "ru": "rus"}


def add_parsers(sub) -> None:
    m = sub.add_parser("manifest", help="write SHA256SUMS (signed when DOSSIER_SIGNING_KEY names a key) into a built site")
    m.add_argument("dir", type=Path)
    m.add_argument("--key", type=Path, help="the Ed25519 private key (PEM) to sign with; default: $DOSSIER_SIGNING_KEY")
    v = sub.add_parser("verify", help="check a copy of the site against its SHA256SUMS (and its signature)")
    v.add_argument("dir", type=Path)
    v.add_argument("--key", type=Path, help="the publisher's Ed25519 public key (PEM) to check the signature with")
    o = sub.add_parser("offline", help="finish the offline build and zip it")
    o.add_argument("--config", type=Path, default=Path("mkdocs.offline.yml"))
    o.add_argument("--site", type=Path, required=True, help="the offline build")
    o.add_argument("--shim", type=Path, required=True, help="iframe-worker's shim/index.js from npm")
    o.add_argument("--out", type=Path, required=True, help="the zip file to write")
    o.add_argument("--version", required=True, help="the commit the copy is made from")
    o.add_argument("--epoch", type=int, help="the time stamp of every file in the zip (SOURCE_DATE_EPOCH)")
    z = sub.add_parser("zim", help="write a ZIM file (Kiwix) of the offline build with zimwriterfs")
    z.add_argument("--config", type=Path, default=Path("mkdocs.offline.yml"))
    z.add_argument("--site", type=Path, required=True, help="the offline build (make offline)")
    z.add_argument("--out", type=Path, required=True)


def _options(config: Path) -> dict:
    from mkdocs.utils import yaml_load

    try:
        with config.open(encoding="utf-8") as f:
            return yaml_load(f) or {}
    except OSError as exc:
        raise manifest.CopyError(f"{config}: cannot read it ({exc.strerror})") from None


def run(args) -> int:
    import sys

    try:
        if args.command == "manifest":
            path = manifest.write(args.dir, args.key or manifest.signing_key(Path.cwd()))
            print(f"wrote {path}" + (f" and {manifest.SIGNATURE}" if (args.dir / manifest.SIGNATURE).is_file() else ""))
            return 0
        if args.command == "verify":
            return _verify(args)
        options = _options(args.config)
        if args.command == "offline":
            out = package(
                args.site, args.shim, args.out, title=options.get("site_name", ""), version=args.version,
                epoch=args.epoch, key=manifest.signing_key(args.config.resolve().parent),
            )
            print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
            return 0
        zim_options = (options.get("extra") or {}).get("zim") or {}
        publisher = zim_options.get("publisher") or "Not stated"
        language = str((options.get("theme") or {}).get("language", "en"))
        # the ZIM's Language names every edition it holds: this one, and each other one in its folder (ru/)
        languages = [language, *sorted(code for code in ISO639_3 if code != language and (args.site / code / "index.html").is_file())]
        out = zim(
            args.site, args.out, logo=Path(zim_options.get("logo", "docs/assets/logo.svg")),
            title=zim_options.get("title") or options.get("site_name", ""),
            description=zim_options.get("description") or options.get("site_description", ""),
            language=",".join(ISO639_3.get(code, code) for code in languages), name=zim_options.get("name", args.out.stem),
            creator=zim_options.get("creator") or publisher, publisher=publisher,
        )
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
        return 0
    except manifest.CopyError as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 2


def _verify(args) -> int:
    report = manifest.verify(args.dir, args.key)
    for line in report.lines():
        print(line)
    if report.signature:
        print(report.signature)
    if report.identical:
        print(f"{args.dir}: all {report.files} files match {manifest.MANIFEST}; nothing missing, nothing added")
        return 0
    print(
        f"{args.dir}: NOT identical to its {manifest.MANIFEST}: {len(report.changed)} changed, "
        f"{len(report.missing)} missing, {len(report.added)} added"
    )
    return 1
