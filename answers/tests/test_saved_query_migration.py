"""The office's saved queries survive their move from reporting to answers (issue 19): an existing database keeps
every row, its link (the key) and the admin's content type, and the move can be undone."""

from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.db import connection

from tests.migrating import migrate

BEFORE = [("answers", "0004_excluded_projects_history"), ("reporting", "0007_ministry_deadline")]
AFTER = [("answers", "0005_savedquery_from_reporting")]


def test_saved_queries_move_with_their_rows_and_content_type(back_to_newest):
    old = migrate(BEFORE)
    # The real model: the accounts app is not rolled back, and its state at these targets may be older than its table.
    office = get_user_model().objects.create(username="leitstelle-migration")
    key = uuid.uuid4()
    old.get_model("reporting", "SavedQuery").objects.create(
        key=key, title="Bochum seit 2024", params={"municipality": "bochum", "as_of": "2024"}, created_by_id=office.pk
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="reporting", model="savedquery")

    new = migrate(AFTER)
    saved = new.get_model("answers", "SavedQuery").objects.get(key=key)
    assert (saved.title, saved.params, saved.created_by_id) == (
        "Bochum seit 2024",
        {"municipality": "bochum", "as_of": "2024"},
        office.pk,
    )
    tables = connection.introspection.table_names()
    assert "answers_savedquery" in tables and "reporting_savedquery" not in tables
    content_types = new.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="answers", model="savedquery").count() == 1
    assert not content_types.filter(app_label="reporting", model="savedquery").exists()

    back = migrate(BEFORE)
    assert back.get_model("reporting", "SavedQuery").objects.get(key=key).title == "Bochum seit 2024"
    assert back.get_model("contenttypes", "ContentType").objects.filter(app_label="reporting", model="savedquery")
