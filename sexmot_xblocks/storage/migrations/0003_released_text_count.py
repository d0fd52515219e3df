"""Pages of shared texts read an index range: a stored count of released texts and a (block, order) index."""
import sexmot_xblocks.storage.models
from django.db import migrations, models


def count_released_texts(apps, schema_editor):
    """Set each block's count to the shared texts its releases have already made visible."""
    participant_tally = apps.get_model("sexmot_xblocks", "ParticipantTally")
    shared_reflection = apps.get_model("sexmot_xblocks", "SharedReflection")
    for row in participant_tally.objects.all().only("id", "block_key", "releases"):
        released = shared_reflection.objects.filter(block_key=row.block_key, release__lte=row.releases).count()
        participant_tally.objects.filter(id=row.id).update(released_texts=released)


class Migration(migrations.Migration):

    dependencies = [
        ("sexmot_xblocks", "0002_release_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="participanttally",
            name="released_texts",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(count_released_texts, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="sharedreflection",
            index=models.Index(fields=["block_key", "shuffle_key"], name="sexmot_shared_in_order"),
        ),
        migrations.AlterField(
            model_name="sharedreflection",
            name="block_key",
            field=models.CharField(max_length=255),
        ),
        migrations.AlterField(
            model_name="sharedreflection",
            name="shuffle_key",
            field=models.BigIntegerField(default=sexmot_xblocks.storage.models._random_shuffle_key),
        ),
    ]
