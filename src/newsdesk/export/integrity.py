"""What lets a reader trust a mirror: a manifest of SHA-256 digests, and its signature.

``MANIFEST.sha256`` lists every file of the export in ``sha256sum`` format (so
``sha256sum -c MANIFEST.sha256`` checks a copy without newsdesk). With a signing key
(``NEWSDESK_EXPORT_SIGNING_KEY``: an Ed25519 private key in PEM, e.g. from ``openssl
genpkey -algorithm ed25519 -out export-key.pem``), the export also writes the
manifest's Ed25519 signature (``MANIFEST.sha256.sig``, base64) and the public key
(``MANIFEST.pub``, PEM). A key found next to the files proves only that the files
match it; readers check the newsroom's own key, published elsewhere, with
``newsdesk verify-export DIR --public-key KEY.pem``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from newsdesk.export.folder import OutsideFolder, path_in, problem_with
from newsdesk.export.state import write_atomically

MANIFEST = "MANIFEST.sha256"
SIGNATURE = "MANIFEST.sha256.sig"
PUBLIC_KEY = "MANIFEST.pub"
#: The files that vouch for the others, and so are not listed themselves.
INTEGRITY_FILES = (MANIFEST, SIGNATURE, PUBLIC_KEY)


class KeyProblem(ValueError):
    """A key file that cannot be used."""


# --- writing -----------------------------------------------------------------------------


def manifest_bytes(files: Mapping[str, str]) -> bytes:
    """``<sha256>  <path>`` per file, sorted by path."""
    return "".join(f"{files[name]}  {name}\n" for name in sorted(files)).encode()


def write(out: Path, files: Mapping[str, str], signing_key: Path | None) -> str:
    """Write the manifest, and its signature and public key when a key is given (an
    unsigned export removes the signature of an earlier one). Returns the key's
    fingerprint, or "" when unsigned."""
    body = manifest_bytes(files)
    write_atomically(out / MANIFEST, body, unless_same=True)
    if signing_key is None:
        (out / SIGNATURE).unlink(missing_ok=True)
        (out / PUBLIC_KEY).unlink(missing_ok=True)
        return ""
    private = load_private_key(signing_key)
    public = private.public_key()
    # Ed25519 signatures are deterministic: the same manifest, the same signature.
    signature = base64.b64encode(private.sign(body)) + b"\n"
    write_atomically(out / SIGNATURE, signature, unless_same=True)
    write_atomically(out / PUBLIC_KEY, public_pem(public), unless_same=True)
    return fingerprint(public)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyProblem(f"cannot read the signing key {path}: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(data: bytes, name: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as error:
        raise KeyProblem(f"cannot read the public key {name}: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(f"{name} is not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


# --- checking ----------------------------------------------------------------------------


@dataclass
class Verification:
    """What checking an export found: ``problems`` fail it, ``notes`` inform."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Whether the files are shown to come from the holder of the key given: only a
    # signature checked with the newsroom's own key shows that, never one beside it.
    origin_proved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(target: Path, public_key: Path | None = None) -> Verification:
    """Check a folder (or a zip bundle) against its manifest and signature. Nothing
    outside the folder is read: names that would leave it, in the manifest or as
    symbolic links in the folder, are problems."""
    result = Verification()
    source = _Zip(target) if zipfile.is_zipfile(target) else _Folder(target)
    for name, why in source.unsafe():
        result.problems.append(f"unsafe: {name} {why}")
    manifest = source.read(MANIFEST)
    if manifest is None:
        result.problems.append(f"missing: {MANIFEST} (nothing to check the files against)")
        return result
    expected = _parse(manifest, result)
    present = set(source.names()) - set(INTEGRITY_FILES)
    for name in sorted(expected):
        if name not in present:
            result.problems.append(f"missing: {name}")
            continue
        try:
            actual = source.digest(name)
        except (OSError, OutsideFolder) as error:
            result.problems.append(f"unreadable: {name} ({error})")
            continue
        result.checked += 1
        if actual != expected[name]:
            result.problems.append(
                f"altered: {name} (SHA-256 {actual[:16]}…, the manifest says {expected[name][:16]}…)"
            )
    for name in sorted(present - expected.keys()):
        result.problems.append(f"added: {name} (not in {MANIFEST})")
    _check_signature(source, manifest, public_key, result)
    return result


def _parse(manifest: bytes, result: Verification) -> dict[str, str]:
    expected: dict[str, str] = {}
    for number, line in enumerate(manifest.decode("utf-8", "replace").splitlines(), 1):
        digest, separator, name = line[:64], line[64:66], line[66:]
        try:
            valid = len(bytes.fromhex(digest)) == 32 and separator == "  " and name
        except ValueError:
            valid = False
        if not valid:
            result.problems.append(f"malformed: line {number} of {MANIFEST}")
            continue
        problem = problem_with(name)
        if problem:
            result.problems.append(
                f"unsafe: line {number} of {MANIFEST} names {name!r}, which {problem}"
            )
            continue
        expected[name] = digest.lower()
    return expected


def _check_signature(
    source: _Folder | _Zip, manifest: bytes, public_key: Path | None, result: Verification
) -> None:
    signature_text = source.read(SIGNATURE)
    included = source.read(PUBLIC_KEY)
    try:
        trusted = load_public_key(public_key.read_bytes(), str(public_key)) if public_key else None
    except OSError as error:
        result.problems.append(f"cannot read the public key {public_key}: {error}")
        return
    except KeyProblem as error:
        result.problems.append(str(error))
        return
    if signature_text is None:
        if trusted is not None or included is not None:
            result.problems.append(f"missing: {SIGNATURE} (the export is not signed)")
        else:
            result.notes.append("not signed (no signature to check)")
        return
    if trusted is None and included is None:
        result.problems.append(f"missing: {PUBLIC_KEY} (no key to check {SIGNATURE} with)")
        return
    try:
        key = trusted or load_public_key(included, PUBLIC_KEY)
    except KeyProblem as error:
        result.problems.append(str(error))
        return
    try:
        key.verify(base64.b64decode(signature_text.strip(), validate=True), manifest)
    except (InvalidSignature, binascii.Error, ValueError):
        result.problems.append(
            f"bad signature: {SIGNATURE} does not sign this {MANIFEST} with key {fingerprint(key)}"
        )
        return
    if trusted is not None:
        if included is not None and included.strip() != public_pem(trusted).strip():
            result.problems.append(f"altered: {PUBLIC_KEY} is not the key given to check with")
        result.notes.append(f"signature good: signed by the key given, {fingerprint(key)}")
        result.origin_proved = not result.problems
    else:
        result.notes.append(
            f"signature good for the key in the folder, {fingerprint(key)}, which anyone "
            "could have put there; compare it with the newsroom's published key (--public-key)"
        )


class _Folder:
    """The files of a folder; symbolic links are followed only while they stay in it."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._unsafe: list[tuple[str, str]] = []
        self._names: list[str] = []
        # Links to folders are not entered (the files they show are listed where they
        # are); links to files are checked like files. Either may not lead out.
        for folder, folders, files in os.walk(self.root):
            here = Path(folder)
            for entry in [*folders, *files]:
                path = here / entry
                name = path.relative_to(self.root).as_posix()
                if path.is_symlink() and not path.resolve().is_relative_to(self.root):
                    self._unsafe.append((name, "is a symbolic link out of the folder"))
                elif entry in files:
                    self._names.append(name)

    def unsafe(self) -> list[tuple[str, str]]:
        return self._unsafe

    def names(self) -> Iterator[str]:
        return iter(self._names)

    def read(self, name: str) -> bytes | None:
        try:
            return path_in(self.root, name).read_bytes()
        except (OSError, OutsideFolder):
            return None

    def digest(self, name: str) -> str:
        digest = hashlib.sha256()
        with open(path_in(self.root, name), "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


class _Zip:
    def __init__(self, path: Path):
        self.archive = zipfile.ZipFile(path)

    def unsafe(self) -> list[tuple[str, str]]:
        """Entries that unzipping would put outside the folder, or make links."""
        found = []
        for info in self.archive.infolist():
            problem = problem_with(info.filename.rstrip("/") if info.is_dir() else info.filename)
            if problem:
                found.append((repr(info.filename), problem))
            elif stat.S_ISLNK(info.external_attr >> 16):
                found.append((info.filename, "is a symbolic link"))
        return found

    def names(self) -> Iterator[str]:
        return (info.filename for info in self.archive.infolist() if not info.is_dir())

    def read(self, name: str) -> bytes | None:
        try:
            return self.archive.read(name)
        except KeyError:
            return None

    def digest(self, name: str) -> str:
        digest = hashlib.sha256()
        with self.archive.open(name) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
