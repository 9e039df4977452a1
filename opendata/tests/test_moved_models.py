"""Upload and Subscription moved from the api app (issue 19): a database of the old layout migrates without loss.

Starts from the migration state before the move, writes rows as the old api models did, migrates to today's
state and reads them through today's models; then migrates back, as a rollback of the deployment would.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.migrating import migrate

BEFORE_THE_MOVE = [("api", "0001_initial"), ("alerts", None), ("opendata", None)]


@pytest.mark.slow  # four migration runs over the whole graph: about 20 s on a busy machine
def test_rows_permissions_and_the_waiting_alert_run_follow_the_models(back_to_newest):
    from django_tasks_db.models import DBTaskResult

    old = migrate(BEFORE_THE_MOVE)
    content_types = old.get_model("contenttypes", "ContentType")
    permissions = old.get_model("auth", "Permission")
    subscription_type, _ = content_types.objects.get_or_create(app_label="api", model="subscription")
    upload_type, _ = content_types.objects.get_or_create(app_label="api", model="upload")
    permissions.objects.get_or_create(content_type=upload_type, codename="view_upload", defaults={"name": "x"})
    subscription = old.get_model("api", "Subscription").objects.create(
        email="leser@example.org", scope="municipality", target="05911000", label="Kommune Bochum"
    )
    upload = old.get_model("api", "Upload").objects.create(
        filename="projekte.csv", content=b"code;title", dataset="projects", status="applied", changes=[{"a": 1}]
    )
    waiting = DBTaskResult.objects.create(
        task_path="api.tasks.send_alert_mails",
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )

    migrate()

    from alerts.models import Subscription
    from opendata.models import Upload

    moved = Subscription.objects.get(key=subscription.key)
    assert (moved.email, moved.target, moved.label) == ("leser@example.org", "05911000", "Kommune Bochum")
    assert Upload.objects.get(key=upload.key).changes == [{"a": 1}]
    assert bytes(Upload.objects.get(key=upload.key).content) == b"code;title"
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.get(pk=subscription_type.pk).app_label == "alerts"
    assert ContentType.objects.get(pk=upload_type.pk).app_label == "opendata"
    assert Permission.objects.get(content_type_id=upload_type.pk, codename="view_upload")
    assert DBTaskResult.objects.get(pk=waiting.pk).task_path == "alerts.tasks.send_alert_mails"

    migrate(BEFORE_THE_MOVE)
    assert ContentType.objects.get(pk=upload_type.pk).app_label == "api"
    assert DBTaskResult.objects.get(pk=waiting.pk).task_path == "api.tasks.send_alert_mails"
    assert old.get_model("api", "Upload").objects.filter(key=upload.key).exists()

    migrate()
