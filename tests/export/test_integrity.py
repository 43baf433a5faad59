"""The manifest and its signature: ``verify-export`` catches any added, missing or
altered file and a bad or missing signature, in a folder and in its zip bundle."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from newsdesk.export.exporter import ExportError, Options, export
from newsdesk.export.integrity import MANIFEST, PUBLIC_KEY, SIGNATURE, verify
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.BASE_URL = "https://news.example"
    news = factories.tag("News")
    for number, when in enumerate(factories.timeline(12)):
        factories.post(f"Story {number}", tags=[news], when=when)
    factories.page("About")


def write_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    return key


def public_key_file(key: Ed25519PrivateKey, path: Path) -> Path:
    path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


def run_verify(target: Path, *args: str) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("verify_export", str(target), *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_a_fresh_export_verifies_and_lists_every_file(site, tmp_path):
    folder = tmp_path / "mirror"
    export(Options(folder))
    ok, output = run_verify(folder)
    assert ok, output
    assert "not signed" in output
    listed = {line.split("  ", 1)[1] for line in (folder / MANIFEST).read_text().splitlines()}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert listed == on_disk - {MANIFEST}
    for name in listed:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}\n" in (folder / MANIFEST).read_text()


def test_one_changed_byte_one_extra_and_one_missing_file_are_each_reported(site, tmp_path):
    folder = tmp_path / "mirror"
    export(Options(folder))
    page = folder / "tag" / "news" / "index.html"
    body = bytearray(page.read_bytes())
    body[200] ^= 0x01
    page.write_bytes(bytes(body))
    (folder / "tag" / "news" / "extra.js").write_text("alert(1)")
    (folder / "about" / "index.html").unlink()

    ok, output = run_verify(folder)

    assert not ok
    assert "altered: tag/news/index.html" in output
    assert "added: tag/news/extra.js" in output
    assert "missing: about/index.html" in output
    assert "3 problem(s)" in output


def test_signed_export_checks_with_the_newsroom_key_and_catches_a_bad_signature(
    site, tmp_path, settings
):
    key = write_key(tmp_path / "export-key.pem")
    settings.EXPORT_SIGNING_KEY = tmp_path / "export-key.pem"
    folder = tmp_path / "mirror"
    out = io.StringIO()
    call_command("export_static", str(folder), "--no-progress", stdout=out)
    assert "Signed MANIFEST.sha256 with key SHA256:" in out.getvalue()
    trusted = public_key_file(key, tmp_path / "newsroom.pub")

    ok, output = run_verify(folder, "--public-key", str(trusted))
    assert ok, output
    assert "signature good: signed by the key given" in output

    # A manifest edited to match an altered file no longer matches its signature.
    manifest = (folder / MANIFEST).read_text()
    page = folder / "tag" / "news" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- changed -->")
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    lines = [
        f"{digest}  tag/news/index.html" if line.endswith("  tag/news/index.html") else line
        for line in manifest.splitlines()
    ]
    (folder / MANIFEST).write_text("\n".join(lines) + "\n")
    ok, output = run_verify(folder, "--public-key", str(trusted))
    assert not ok
    assert "bad signature" in output
    assert "altered: tag/news/index.html" not in output  # the files match the forged list

    # Re-signed with another key (and its public key put beside it): the newsroom's
    # key still says no; without it, the folder's own key would say yes.
    forger = write_key(tmp_path / "forger.pem")
    (folder / SIGNATURE).write_text(
        base64.b64encode(forger.sign((folder / MANIFEST).read_bytes())).decode()
    )
    public_key_file(forger, folder / PUBLIC_KEY)
    ok, output = run_verify(folder, "--public-key", str(trusted))
    assert not ok and "bad signature" in output
    ok, output = run_verify(folder)
    assert ok and "compare it with the newsroom's published key" in output


def test_a_missing_signature_is_a_problem_when_a_key_is_expected(site, tmp_path):
    key = write_key(tmp_path / "export-key.pem")
    folder = tmp_path / "mirror"
    export(Options(folder, signing_key=tmp_path / "export-key.pem"))
    (folder / SIGNATURE).unlink()
    ok, output = run_verify(folder, "--public-key", str(public_key_file(key, tmp_path / "k.pub")))
    assert not ok
    assert f"missing: {SIGNATURE}" in output


def test_the_bundle_is_deterministic_and_verifies(site, tmp_path):
    write_key(tmp_path / "export-key.pem")
    signing_key = tmp_path / "export-key.pem"
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    export(Options(tmp_path / "a", bundle=first, signing_key=signing_key))
    export(Options(tmp_path / "b", bundle=second, signing_key=signing_key))

    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {MANIFEST, SIGNATURE, PUBLIC_KEY, "index.html"} <= set(names)
    assert verify(first).ok

    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(first) as source, zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data + b" " if info.filename == "index.html" else data)
    result = verify(altered)
    assert len(result.problems) == 1
    assert result.problems[0].startswith("altered: index.html ")


def test_the_bundle_cannot_go_inside_the_export(site, tmp_path):
    with pytest.raises(ExportError):
        export(Options(tmp_path / "mirror", bundle=tmp_path / "mirror" / "mirror.zip"))


def test_verify_without_a_manifest_fails(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>")
    ok, output = run_verify(tmp_path)
    assert not ok and f"missing: {MANIFEST}" in output


def verify_streams(target: Path, *args: str) -> tuple[bool, str, str]:
    """verify-export's exit (True for 0), what it printed, and what it said on stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_export", str(target), *args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + str(error), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def test_without_a_key_it_says_first_that_it_proves_integrity_not_origin(site, tmp_path):
    write_key(tmp_path / "export-key.pem")
    folder = tmp_path / "mirror"
    export(Options(folder, signing_key=tmp_path / "export-key.pem"))

    ok, output, said = verify_streams(folder)

    assert ok, output
    first = said.splitlines()[0]
    assert first.startswith("INTEGRITY ONLY, NOT ORIGIN:")
    assert f"match {MANIFEST}" in first and "not who made them" in first
    assert "--public-key" in first and "never from the mirror" in first
    assert "origin not proved" in output and "Origin proved" not in output


def test_a_signature_made_with_another_key_fails_with_the_key_beside_it_or_given(site, tmp_path):
    key = write_key(tmp_path / "export-key.pem")
    folder = tmp_path / "mirror"
    export(Options(folder, signing_key=tmp_path / "export-key.pem"))
    trusted = public_key_file(key, tmp_path / "newsroom.pub")
    # Files and manifest untouched; the signature is another key's.
    forger = Ed25519PrivateKey.generate()
    (folder / SIGNATURE).write_text(
        base64.b64encode(forger.sign((folder / MANIFEST).read_bytes())).decode()
    )

    ok, output, said = verify_streams(folder)
    assert not ok and "bad signature" in output
    assert said.startswith("INTEGRITY ONLY, NOT ORIGIN:")
    ok, output, said = verify_streams(folder, "--public-key", str(trusted))
    assert not ok and "bad signature" in output and "Origin proved" not in output
    assert said == ""


def test_with_the_newsroom_key_and_its_signature_the_origin_is_proved(site, tmp_path):
    key = write_key(tmp_path / "export-key.pem")
    folder = tmp_path / "mirror"
    export(Options(folder, signing_key=tmp_path / "export-key.pem"))

    ok, output, said = verify_streams(
        folder, "--public-key", str(public_key_file(key, tmp_path / "newsroom.pub"))
    )

    assert ok, output
    assert said == ""
    assert output.splitlines()[-1] == (
        f"Origin proved: {MANIFEST} is signed by the key given, and every file matches it."
    )
