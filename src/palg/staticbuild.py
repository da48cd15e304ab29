"""Collecting the static files only when they have changed.

whitenoise's CompressedManifestStaticFilesStorage hashes and compresses every file on every
`collectstatic`, changed or not: 15 to 50 s on a small machine, at every `palg serve` start and
restart. palg records a fingerprint of the sources (each file's path, size and modification
time, and the storage's class) beside the collected files and skips the collection while it
matches and the manifest is there.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FINGERPRINT = "palg-static.sha256"


def sources_fingerprint() -> str:
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    found = []
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            stat = Path(storage.path(path)).stat()
            found.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for line in sorted(found):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def static_collect() -> bool:
    """Run collectstatic unless the collected files are those of the current sources; whether
    it ran."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    marker = root / FINGERPRINT
    fingerprint = sources_fingerprint()
    manifest = root / "staticfiles.json"
    if manifest.exists() and marker.exists() and marker.read_text() == fingerprint:
        return False
    call_command("collectstatic", "--no-input", "--verbosity", "0")
    marker.write_text(fingerprint)
    return True
