"""Writes start from a per-learner contribution under its own lock; shared texts keyed without order.

- ``Contribution``: what each learner's answers add to a block's tallies, keyed by a keyed hash.
- ``SharedText`` replaces ``SharedReflection``: its primary key is a keyed hash of block and author
  instead of an auto-increment id, which recorded the order of sharing.
- The released snapshot of the tallies moves into one JSON value on the block's row, so a release
  no longer locks the statement rows that concurrent writers hold.

The group data starts afresh: the learners' own records of the development builds before this
migration (no release of the package had them) are no longer read, so counts kept from them could
never be moved again and would count their learners twice.
"""
from django.db import migrations, models

import sexmot_xblocks.storage.models


def start_group_data_afresh(apps, schema_editor):
    """Empty the counters and the pool of the development builds (see the module docstring)."""
    for model in ("ParticipantTally", "StatementTally", "SharedReflection"):
        apps.get_model("sexmot_xblocks", model).objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("sexmot_xblocks", "0003_released_text_count"),
    ]

    operations = [
        migrations.RunPython(start_group_data_afresh, migrations.RunPython.noop),
        migrations.DeleteModel(name="SharedReflection"),
        migrations.RemoveField(model_name="statementtally", name="published"),
        migrations.AddField(
            model_name="participanttally",
            name="published_tallies",
            field=models.JSONField(default=dict),
        ),
        migrations.CreateModel(
            name="Contribution",
            fields=[
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("block_key", models.CharField(db_index=True, max_length=255)),
                ("answers", models.JSONField(null=True)),
                ("published_answers", models.JSONField(null=True)),
                ("pending_release", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="SharedText",
            fields=[
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("block_key", models.CharField(max_length=255)),
                ("text", models.TextField()),
                ("shared_on", models.DateField()),
                ("release", models.IntegerField()),
                ("shuffle_key", models.BigIntegerField(default=sexmot_xblocks.storage.models._random_shuffle_key)),
            ],
            options={
                "indexes": [models.Index(fields=["block_key", "shuffle_key"], name="sexmot_text_in_order")],
            },
        ),
    ]
