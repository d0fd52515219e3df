"""Each scope's row keeps the day of its last release, so that a report names the day its counts were released.

Rows released before it carry no day (None) until their next release.
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("sexmot_xblocks", "0007_sealed_rows_and_text_authors")]

    operations = [
        migrations.AddField(model_name="participanttally", name="released_on", field=models.DateField(null=True)),
    ]
