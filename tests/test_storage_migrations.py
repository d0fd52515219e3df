"""A site that migrated the storage before it moved into ``sexmot_xblocks/storage/`` migrates only what came later.

The app's label, its tables and the names of its migrations are what a database records
(``django_migrations``, ``sexmot_xblocks_*``); the package's folders are not. So a database
migrated by the flat layout must find every migration of that time applied and no model changed:
``migrate`` plans only the migrations written since (``ADDED_SINCE_THE_SPLIT``),
``makemigrations --check`` finds nothing to write, as ``manage.py lms migrate`` would in an upgraded LMS.
"""
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

#: The app's migrations as every database migrated before the split recorded them, in order.
RECORDED_BEFORE_THE_SPLIT = [
    "0001_initial",
    "0002_release_snapshots",
    "0003_released_text_count",
    "0004_contributions_and_random_text_keys",
    "0005_group_sessions",
    "0006_case_sensitive_keys_on_mysql",
    "0007_sealed_rows_and_text_authors",
]
#: The migrations written since, which such a database applies, and nothing else.
ADDED_SINCE_THE_SPLIT = ["0008_the_day_of_a_release"]
#: The app's tables before the split.
TABLES_BEFORE_THE_SPLIT = {
    "sexmot_xblocks_contribution", "sexmot_xblocks_groupsession", "sexmot_xblocks_participanttally",
    "sexmot_xblocks_sharedtext", "sexmot_xblocks_statementtally",
}


def test_the_app_keeps_its_label_and_its_tables():
    storage = apps.get_app_config("sexmot_xblocks")
    assert storage.name == "sexmot_xblocks.storage"
    assert {model._meta.db_table for model in storage.get_models()} == TABLES_BEFORE_THE_SPLIT


def test_the_migration_graph_names_the_migrations_the_databases_recorded():
    graph = MigrationLoader(None).graph  # read from the package's files alone
    ours = sorted(name for label, name in graph.nodes if label == "sexmot_xblocks")
    assert ours == RECORDED_BEFORE_THE_SPLIT + ADDED_SINCE_THE_SPLIT


@pytest.mark.django_db
def test_migrate_on_a_database_migrated_before_the_split_applies_only_the_later_migrations():
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app="sexmot_xblocks").delete()
    for name in RECORDED_BEFORE_THE_SPLIT:
        recorder.record_applied("sexmot_xblocks", name)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert [(migration.app_label, migration.name) for migration, _backwards in plan] == [
        ("sexmot_xblocks", name) for name in ADDED_SINCE_THE_SPLIT]


@pytest.mark.django_db
def test_the_models_need_no_new_migration():
    output = io.StringIO()
    call_command("makemigrations", "sexmot_xblocks", check=True, dry_run=True, stdout=output, no_color=True)
    assert "No changes detected" in output.getvalue()
