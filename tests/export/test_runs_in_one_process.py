"""An export run is a unit of work of its own: a process that exports again (a worker
that runs for days) follows the site settings as they are now, not as its last run or
request read them."""

import pytest
from django.db.models import F
from django.utils import timezone

from newsdesk.content.models import SiteSettings
from newsdesk.export.exporter import Options, export
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_second_run_follows_a_permalink_style_changed_by_another_process(tmp_path):
    factories.site_settings(name="Harbour Daily")
    post = factories.post("Council approves budget")
    mirror = tmp_path / "mirror"
    export(Options(mirror))
    assert (mirror / "council-approves-budget/index.html").is_file()

    # The admin, in another process, switches to dated addresses: the row changes in the
    # database (and its generation goes up), and nothing tells this process.
    SiteSettings.objects.filter(pk=1).update(
        permalink_style=SiteSettings.Permalink.DATED, generation=F("generation") + 1
    )
    report = export(Options(mirror, full=True))

    day = timezone.localtime(post.published_at)
    dated = f"{day:%Y/%m/%d}/council-approves-budget/index.html"
    assert dated in report.written
    assert (mirror / dated).is_file()
    assert not (mirror / "council-approves-budget/index.html").exists()
