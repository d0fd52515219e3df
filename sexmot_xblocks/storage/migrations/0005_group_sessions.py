"""Group sessions: a short code under which a group's answers to one exercise also count in results of their own."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sexmot_xblocks', '0004_contributions_and_random_text_keys'),
    ]

    operations = [
        migrations.CreateModel(
            name='GroupSession',
            fields=[
                ('code', models.CharField(max_length=12, primary_key=True, serialize=False)),
                ('block_key', models.CharField(db_index=True, max_length=255)),
                ('leader_key', models.CharField(max_length=64)),
                ('threshold', models.IntegerField()),
                ('open_until', models.DateTimeField()),
                ('remove_on', models.DateField(db_index=True)),
            ],
        ),
    ]
