"""An export folder is untrusted input: a state file or a symbolic link planted in it
never makes an export delete, overwrite, read, hash or bundle anything outside it."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsdesk.export.exporter import Options, export
from newsdesk.export.folder import OutsideFolder
from newsdesk.export.integrity import MANIFEST, verify
from newsdesk.export.state import STATE_FILE
from tests import factories

pytestmark = pytest.mark.django_db
SECRET = b"the newsroom's private notes\n"


@pytest.fixture
def site(settings):
    settings.BASE_URL = "https://news.example"
    news = factories.tag("News")
    for number, when in enumerate(factories.timeline(4)):
        factories.post(f"Story {number}", tags=[news], when=when)
    factories.page("About")


@pytest.fixture
def folder(site, tmp_path) -> Path:
    """A folder an export made, ready for an incremental one."""
    out = tmp_path / "mirror"
    assert not export(Options(out)).warnings
    assert not export(Options(out)).full  # the next run would use the state
    return out


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the export, beside it."""
    path = tmp_path / "secret.txt"
    path.write_bytes(SECRET)
    return path


def plant(folder: Path, *, asset: str | None = None, page_file: str | None = None) -> None:
    """Add to the folder's state an asset no page uses (an export removes it) and a page
    that is not rendered again (an export keeps it, lists it and bundles it)."""
    state = json.loads((folder / STATE_FILE).read_text())
    digest = hashlib.sha256(SECRET).hexdigest()
    if asset is not None:
        state["asset_names"].append(asset)
        state["assets"][asset] = [digest, len(SECRET), 0]
    if page_file is not None:
        state["pages"]["/planted/"] = [page_file, digest, []]
    (folder / STATE_FILE).write_text(json.dumps(state))


def bundled(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


UNSAFE_NAMES = {
    "parent": lambda tmp: "../secret.txt",
    "absolute": lambda tmp: str(tmp / "secret.txt"),
    "nul byte": lambda tmp: "secret.txt\x00.html",
    "windows drive": lambda tmp: "C:/secret.txt",
    "windows drive, backslashes": lambda tmp: "C:\\secret.txt",
    "backslash parent": lambda tmp: "..\\secret.txt",
    "parent deeper": lambda tmp: "media/../../secret.txt",
}


@pytest.mark.parametrize("kind", list(UNSAFE_NAMES))
def test_a_state_naming_a_file_outside_is_refused_and_the_export_runs_in_full(
    folder, secret, tmp_path, kind
):
    name = UNSAFE_NAMES[kind](tmp_path)
    plant(folder, asset=name, page_file=name)
    bundle = tmp_path / "mirror.zip"

    report = export(Options(folder, bundle=bundle))

    assert report.full
    assert len(report.warnings) == 1
    assert STATE_FILE in report.warnings[0] and "exporting everything again" in report.warnings[0]
    assert secret.read_bytes() == SECRET  # not removed, not overwritten
    files = bundled(bundle)
    assert files and SECRET not in files.values()
    assert all(".." not in n and not n.startswith("/") and "\\" not in n for n in files)
    assert "secret" not in (folder / MANIFEST).read_text()
    assert verify(folder).ok
    # The state written now is the export's own: the next run is incremental again.
    assert not export(Options(folder)).full


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s["pages"].update({"/x/": ["x/index.html", "a  ../secret.txt\n" + "0" * 46, []]}),
        lambda s: s["pages"].update({"no slash": ["x/index.html", "0" * 64, []]}),
        lambda s: s["assets"].update({s["asset_names"][0]: ["0" * 64, "many", 0]}),
        lambda s: s.update(pages=[]),
    ],
    ids=["digest holding a manifest line", "address", "size", "shape"],
)
def test_a_state_of_the_wrong_shape_is_a_warning_not_a_crash(folder, change):
    state = json.loads((folder / STATE_FILE).read_text())
    change(state)
    (folder / STATE_FILE).write_text(json.dumps(state))
    report = export(Options(folder))
    assert report.full and len(report.warnings) == 1
    assert all(" ../" not in line for line in (folder / MANIFEST).read_text().splitlines())


def test_the_command_says_what_was_wrong_with_the_state(folder):
    plant(folder, asset="../secret.txt")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_static", str(folder), "--no-progress", stdout=out, stderr=err)
    assert err.getvalue().startswith(f"Warning: {STATE_FILE} names an asset '../secret.txt'")
    assert "(full: " in out.getvalue()


def test_a_folder_linked_out_of_the_export_loses_nothing_when_its_files_go(folder, tmp_path):
    # The state names an asset that is no longer used; its folder now leads elsewhere.
    plant(folder, asset="static/newsdesk/old.css")
    elsewhere = tmp_path / "elsewhere"
    (folder / "static").rename(elsewhere)
    (elsewhere / "newsdesk" / "old.css").write_bytes(SECRET)
    (folder / "static").symlink_to(elsewhere)

    with pytest.raises(OutsideFolder, match="static/newsdesk/site.css leads out"):
        export(Options(folder))  # the stylesheet would be written through the link

    assert (elsewhere / "newsdesk" / "old.css").read_bytes() == SECRET


def test_a_gone_file_behind_a_link_out_is_not_removed(folder, tmp_path):
    plant(folder, asset="gone/picture.jpg")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "picture.jpg").write_bytes(SECRET)
    (folder / "gone").symlink_to(elsewhere)

    report = export(Options(folder))

    assert (elsewhere / "picture.jpg").read_bytes() == SECRET
    assert "gone/picture.jpg" not in report.removed
    assert any("not removed: gone/picture.jpg leads out" in w for w in report.warnings)


def test_pages_are_never_written_through_a_folder_linked_out(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "mirror"
    (folder / "tag").mkdir(parents=True)
    (folder / "tag").rmdir()
    (folder / "tag").symlink_to(elsewhere)

    with pytest.raises(OutsideFolder, match="leads out of the export folder"):
        export(Options(folder))
    assert list(elsewhere.iterdir()) == []


def test_a_planted_temporary_link_is_not_written_through(folder, secret):
    # The name the export writes a page under before moving it into place.
    (folder / f".tmp-{os.getpid()}-index.html").symlink_to(secret)
    (folder / "index.html").unlink()  # so that it is written again
    export(Options(folder, full=True))
    assert secret.read_bytes() == SECRET
    assert "Story 3" in (folder / "index.html").read_text()


def test_a_bundle_never_takes_a_file_through_a_link_out(folder, tmp_path):
    # The about page is not rendered again; its folder now leads elsewhere.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_bytes(SECRET)
    for name in (folder / "about").iterdir():
        name.unlink()
    (folder / "about").rmdir()
    (folder / "about").symlink_to(elsewhere)
    bundle = tmp_path / "mirror.zip"

    with pytest.raises(OutsideFolder, match="about/index.html leads out"):
        export(Options(folder, bundle=bundle))
    assert not bundle.exists()


def test_verify_reads_nothing_through_a_link_out(folder, secret):
    # A link out, listed in the manifest with the outside file's own digest.
    (folder / "notes.txt").symlink_to(secret)
    manifest = (folder / MANIFEST).read_text()
    manifest += f"{hashlib.sha256(SECRET).hexdigest()}  notes.txt\n"
    manifest += f"{hashlib.sha256(SECRET).hexdigest()}  ../secret.txt\n"
    (folder / MANIFEST).write_text(manifest)

    result = verify(folder)

    assert not result.ok
    assert "unsafe: notes.txt is a symbolic link out of the folder" in result.problems
    assert any(p.startswith("unsafe: line ") and "'../secret.txt'" in p for p in result.problems)
    assert result.checked == len(manifest.splitlines()) - 2


def test_verify_refuses_a_bundle_that_would_unpack_outside(folder, tmp_path):
    bundle = tmp_path / "mirror.zip"
    export(Options(folder, bundle=bundle))
    planted = tmp_path / "planted.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(planted, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("../secret.txt", SECRET)
        link = zipfile.ZipInfo("notes.txt")
        link.external_attr = 0o120777 << 16
        target.writestr(link, "../secret.txt")
    result = verify(planted)
    assert "unsafe: '../secret.txt' has an empty, '.' or '..' part" in result.problems
    assert "unsafe: notes.txt is a symbolic link" in result.problems
    with pytest.raises(CommandError):
        call_command("verify_export", str(planted), stdout=io.StringIO(), stderr=io.StringIO())
