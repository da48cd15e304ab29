"""`palg serve` collects the static files at start only when a source has changed since the
last collection (palg.staticbuild): whitenoise's compressing storage takes 15-50 s for it on a
small machine, at every start and restart."""

import os

import pytest

from palg.staticbuild import FINGERPRINT, static_collect


@pytest.fixture
def static(settings, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "extra.css").write_text("body { color: black; }")
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [sources]
    # Hashed names like whitenoise's, without its compression, to keep the test quick.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    return sources, settings.STATIC_ROOT


def test_it_collects_once_and_again_only_when_a_source_changes(static):
    sources, root = static
    assert static_collect() is True
    assert (root / "staticfiles.json").exists() and (root / FINGERPRINT).exists()
    assert static_collect() is False
    (sources / "extra.css").write_text("body { color: navy; }")
    os.utime(sources / "extra.css", ns=(0, 1))  # a different time, whatever the clock says
    assert static_collect() is True
    assert static_collect() is False


def test_it_collects_again_when_the_manifest_is_gone(static):
    _, root = static
    assert static_collect() is True
    (root / "staticfiles.json").unlink()
    assert static_collect() is True
    assert (root / "staticfiles.json").exists()
