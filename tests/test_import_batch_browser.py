"""The admin batch page in Chromium while a job runs: counts update live, the end status names failures."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import BatchStatus, ImportBatch, ImportFile, ImportStatus
from tests.conftest import ADMIN_PASSWORD, log_in_as_admin

pytestmark = pytest.mark.browser


@pytest.fixture
def batch_page(live_server, transactional_db, desktop):
    get_user_model().objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
    batch = ImportBatch.objects.create(
        status=BatchStatus.RUNNING, uploads=[{"name": "pages.zip", "path": "x", "size": 1}], is_scanned=True, total=4, worker="run"
    )
    ImportFile.objects.bulk_create(ImportFile(batch=batch, position=n, name=f"p{n}.html") for n in range(4))
    log_in_as_admin(desktop, live_server.url)
    desktop.goto(live_server.url + batch.get_absolute_url())
    return batch, desktop


def test_counts_update_while_the_job_runs_and_the_end_status_names_the_failures(batch_page):
    batch, page = batch_page
    assert page.locator('[data-count="pending"]').inner_text() == "4"
    ImportFile.objects.filter(batch=batch, position__in=[0, 1]).update(status=ImportStatus.CREATED)
    ImportFile.objects.filter(batch=batch, position=2).update(status=ImportStatus.FAILED, error="No article body")
    expect(page.locator("[data-count=created]")).to_have_text("2")
    assert page.locator('[data-count="failed"]').inner_text() == "1"
    assert page.locator('[data-count="pending"]').inner_text() == "1"
    assert page.locator("#progress-done").inner_text() == "3"
    ImportFile.objects.filter(batch=batch, position=3).update(status=ImportStatus.CREATED)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, worker="")
    expect(page.locator("#progress-status")).to_have_text("done with 1 failure")
