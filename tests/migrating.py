"""Migrating the test database to a given state and back, for the tests of migrations that move models between
apps (answers, places, opendata): they start from the state before a move, write rows as the old code did, and
migrate forward and back. The fixture `back_to_newest` (root conftest.py) returns every app to its newest
migration after such a test, also when it failed, so the tests after it find the schema they expect."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets=None):
    """Migrate to `targets` (app, migration) — (app, None) unapplies an app — or, without them, to the newest
    migration of every app; return the apps as they are at the named migrations, for writing rows as then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps
