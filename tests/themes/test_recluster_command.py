"""`palg themes recluster --organisation SLUG` recomputes the clusters as the task does; an
unknown organisation is a clear message and exit code 2, changing nothing."""

from typer.testing import CliRunner

from palg.cli import app
from palg.themes.models import ThemeCluster
from tests.themes.builders import BUDGET, CROSS_SITE, add_set, release

runner = CliRunner()


def test_it_recomputes_an_organisation_s_clusters(cast):
    groups = [add_set(cast, name, 3) for name in ("Heron", "Kestrel", "Osprey")]
    for group, text in zip(groups, CROSS_SITE, strict=False):
        release(group, text)
    for group, text in zip(groups, BUDGET, strict=False):
        release(group, text)
    result = runner.invoke(app, ["themes", "recluster", "--organisation", "acme"])
    assert result.exit_code == 0, result.output
    assert "Acme: 2 theme cluster(s) recomputed" in result.output
    assert ThemeCluster.objects.filter(organisation=cast.org).count() == 2
    # Idempotent: the same clusters again, not twice as many.
    runner.invoke(app, ["themes", "recluster", "--organisation", "acme"])
    assert ThemeCluster.objects.count() == 2


def test_an_unknown_organisation_exits_2_with_a_message(cast):
    result = runner.invoke(app, ["themes", "recluster", "--organisation", "nope"])
    assert result.exit_code == 2
    assert "No organisation with the slug 'nope'." in result.output
