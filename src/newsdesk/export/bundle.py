"""One zip of an export, for a mirror passed hand to hand.

The same folder gives the same bytes: entries in name order, every timestamp
1980-01-01 (the earliest a zip can say), the same permissions, no extra fields. Two
newsrooms, or one newsroom twice, can then compare bundles by their digest.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from newsdesk.export.folder import path_in

EPOCH = (1980, 1, 1, 0, 0, 0)
# Already compressed: deflating them again only costs time.
STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".woff", ".woff2", ".zip")


def write_bundle(out: Path, names: Iterable[str], bundle: Path) -> None:
    """Zip the files ``names`` (relative to ``out``, resolved) into ``bundle``,
    atomically; a name leading out of ``out`` raises
    :class:`~newsdesk.export.folder.OutsideFolder` and no bundle is written."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=bundle.parent, prefix=".tmp-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in sorted(names):
                info = zipfile.ZipInfo(name, date_time=EPOCH)
                info.create_system = 3  # Unix, so the permissions below mean what they say
                info.external_attr = 0o100644 << 16
                stored = name.lower().endswith(STORED_SUFFIXES)
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                with path_in(out, name).open("rb") as source, archive.open(info, "w") as target:
                    while block := source.read(1 << 20):
                        target.write(block)
        os.chmod(temporary, 0o644)
        os.replace(temporary, bundle)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
