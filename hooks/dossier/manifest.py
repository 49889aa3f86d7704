"""The checksum manifest of a copy of the site: write it, sign it, and check a copy against it.

``SHA256SUMS`` at the root of the site (and of the offline copy) lists the SHA-256 of every
published file in the format of GNU ``sha256sum`` (``<64 hex digits>  <path>``), so that anyone
can check a copy with ``sha256sum -c SHA256SUMS`` as well as with ``make verify``. It cannot list
itself, nor its signature and public key, which travel beside it.

If the publisher sets a signing key (``DOSSIER_SIGNING_KEY``: the path of an Ed25519 private key
in PEM, kept outside the repository), the manifest is signed: ``SHA256SUMS.sig`` holds the raw
64-byte Ed25519 signature of the manifest's bytes and ``SHA256SUMS.pub`` the public key (PEM), so
that ``openssl pkeyutl -verify -pubin -inkey KEY -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig``
checks it too. A key found inside the copy proves only that the manifest was not changed after
signing by whoever holds that key: ``verify`` prints its fingerprint to compare with the one the
publisher gives, and checks against the publisher's own public key when given one (``--key``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
PUBLIC_KEY = "SHA256SUMS.pub"
#: the files that travel with the manifest but cannot be listed in it
BESIDE = frozenset({MANIFEST, SIGNATURE, PUBLIC_KEY})
#: the environment variable naming the publisher's private key file
KEY_ENV = "DOSSIER_SIGNING_KEY"

_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


class CopyError(Exception):
    """Bad input: a folder without a manifest, a line that does not parse, a path out of the folder, a bad key."""


@dataclass
class Report:
    """What a check of a copy found."""

    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    files: int = 0
    #: what the signature check said, or "" for an unsigned manifest
    signature: str = ""

    @property
    def identical(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def lines(self) -> list[str]:
        out = [f"changed: {p}" for p in self.changed]
        out += [f"missing: {p}" for p in self.missing]
        out += [f"added:   {p}" for p in self.added]
        return out


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def published_files(root: Path) -> list[str]:
    """Every file below root as a POSIX path relative to it, sorted, without the manifest's own files."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = Path(folder).relative_to(root)
        for name in files:
            path = (rel / name).as_posix()
            if path not in BESIDE:
                found.append(path)
    return sorted(found)


def manifest_text(root: Path) -> str:
    return "".join(f"{sha256(root / p)}  {p}\n" for p in published_files(root))


def signing_key(project: Path) -> Path | None:
    """The key file DOSSIER_SIGNING_KEY names, or None; refused when it lies inside the project."""
    key = os.environ.get(KEY_ENV) or None
    if key is None:
        return None
    path = Path(key).expanduser()
    if path.resolve().is_relative_to(project.resolve()):
        raise CopyError(f"{KEY_ENV}={key}: the signing key lies inside the project's folder; "
                        "keep it outside, where no commit can take it (docs/about/mirrors.md)")
    return path


def write(root: Path, key_file: str | os.PathLike[str] | None = None) -> Path:
    """Write root/SHA256SUMS, and sign it when a key file is given ("": never sign)."""
    manifest = root / MANIFEST
    manifest.write_text(manifest_text(root), encoding="utf-8", newline="\n")
    key_file = Path(key_file).expanduser() if key_file else None
    for name in (SIGNATURE, PUBLIC_KEY):
        (root / name).unlink(missing_ok=True)  # a signature of an older manifest would be wrong
    if key_file:
        sign(root, Path(key_file))
    return manifest


def sign(root: Path, key_file: Path) -> None:
    """Write the signature of root/SHA256SUMS and the public key beside it."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except OSError as exc:
        raise CopyError(f"{KEY_ENV}={key_file}: cannot read the signing key ({exc.strerror})") from None
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CopyError(f"{KEY_ENV}={key_file}: not an unencrypted private key in PEM ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CopyError(f"{KEY_ENV}={key_file}: the key is not an Ed25519 key; make one with "
                        "`openssl genpkey -algorithm ed25519 -out FILE`")
    (root / SIGNATURE).write_bytes(key.sign((root / MANIFEST).read_bytes()))
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (root / PUBLIC_KEY).write_bytes(public)


def read(root: Path) -> dict[str, str]:
    """{path: sha256} from root/SHA256SUMS; a CopyError names the line that does not parse."""
    manifest = root / MANIFEST
    if not root.is_dir():
        raise CopyError(f"{root}: no such folder")
    if not manifest.is_file():
        inside = sorted(d for d in root.iterdir() if (d / MANIFEST).is_file())
        hint = f" Did you mean {inside[0]}?" if len(inside) == 1 else ""
        raise CopyError(
            f"{root}: no {MANIFEST} in this folder, so there is nothing to check it against. "
            f"Give the folder that holds {MANIFEST} and index.html (the copy's own folder, not the one it was unzipped into).{hint}"
        )
    try:
        text = manifest.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CopyError(f"{manifest}: not a text file in UTF-8") from None
    listed: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if not match:
            shown = line if len(line) <= 80 else line[:77] + "..."
            raise CopyError(
                f"{manifest}:{number}: this line does not parse: {shown!r}; each line is 64 hexadecimal "
                "digits (the SHA-256), two spaces and a path"
            )
        digest, path = match.group(1).lower(), match.group(2)
        pure = PurePosixPath(path)
        if pure.is_absolute() or "\\" in path or ".." in pure.parts or path.startswith("~"):
            raise CopyError(f"{manifest}:{number}: the path {path!r} leaves the folder; a manifest lists only files inside it")
        if path in listed:
            raise CopyError(f"{manifest}:{number}: {path!r} is listed twice")
        listed[path] = digest
    if not listed:
        raise CopyError(f"{manifest}: lists no file; a copy's manifest has a line for every file of the copy")
    return listed


def verify(root: Path, public_key: Path | None = None) -> Report:
    """Check the copy in root against its manifest (and its signature, if it carries one)."""
    listed = read(root)
    report = Report(files=len(listed), signature=_check_signature(root, public_key))
    present = set(published_files(root))
    for path, digest in sorted(listed.items()):
        file = root / path
        if path not in present or not file.is_file():
            report.missing.append(path)
        elif sha256(file) != digest:
            report.changed.append(path)
    report.added = sorted(present - set(listed))
    return report


def fingerprint(public_pem: bytes) -> str:
    """The SHA-256 of the raw public key, in groups of four hex digits: what a publisher announces."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_public_key(public_pem)
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def _check_signature(root: Path, public_key: Path | None) -> str:
    """"" when unsigned and no key is given; a sentence when the signature holds; CopyError otherwise."""
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    signature = root / SIGNATURE
    if not signature.is_file():
        if public_key is not None:
            raise CopyError(f"{root}: no {SIGNATURE}: this copy is not signed, so it cannot be checked against {public_key}")
        return ""
    source = public_key or root / PUBLIC_KEY
    try:
        pem = source.read_bytes()
        key = serialization.load_pem_public_key(pem)
    except OSError as exc:
        raise CopyError(f"{source}: cannot read the public key ({exc.strerror})") from None
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CopyError(f"{source}: not a public key in PEM ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CopyError(f"{source}: not an Ed25519 public key")
    try:
        key.verify(signature.read_bytes(), (root / MANIFEST).read_bytes())
    except InvalidSignature:
        raise CopyError(
            f"{root / SIGNATURE}: the signature does not match {MANIFEST} and the key {fingerprint(pem)}: "
            "the list of checksums was changed after it was signed, or signed with another key"
        ) from None
    whose = f"the key you gave ({source})" if public_key else f"the key in the copy ({PUBLIC_KEY})"
    note = "" if public_key else "; compare its fingerprint with the one the publisher gives"
    return f"signature good: {MANIFEST} was signed with {whose}, fingerprint {fingerprint(pem)}{note}"
