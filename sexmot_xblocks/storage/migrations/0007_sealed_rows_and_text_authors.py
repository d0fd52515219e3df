"""Contributions and shared texts sealed; a shared text names its author's key for the whole exercise.

A contribution's answers, the answers releases have shown and the release it waits for move into
one sealed value (``sexmot_xblocks.storage.answers.ContributionState``), and each shared text is sealed
(``sealing.seal_row``): whoever holds the database without the site's secret key can no longer pick
out the rows written since the last release. ``latest`` starts as the answers counted in the exercise
itself, which is what every earlier write kept there.

``SharedText.withdrawal_key`` is new; texts shared before it carry none until ``manage.py sexmot_rekey``
gives them theirs (it needs the learners' ids, which only the platform's learner state holds); until
then a withdrawal takes such a text out of the exercise's pool but not out of a session's. ``GroupSession.leader_key`` gets an index: it now keys the leader of
the exercise, so that a learner finds their open session again and open sessions are counted per leader.

Runs with the site's ``SECRET_KEY`` (sealing needs it); going back opens every sealed value again.
"""
import json

from django.db import migrations, models

CONTRIBUTION_SEAL = "contribution-row"
TEXT_SEAL = "shared-text-row"


def _as_shown(answers):
    """As ``answers._as_shown``: one set of answers a release showed, the same text for the same answers."""
    return json.dumps(answers, sort_keys=True, separators=(",", ":"))


def seal_rows(apps, schema_editor):
    from sexmot_xblocks.storage.sealing import seal_row  # noqa: PLC0415

    Contribution = apps.get_model("sexmot_xblocks", "Contribution")
    for row in Contribution.objects.all().iterator():
        shown = row.published_answers if row.pending_release else row.answers
        row.sealed = seal_row({"answers": row.answers,
                               "shown": [] if shown is None else [_as_shown(shown)],
                               "pending_release": row.pending_release,
                               "latest": row.answers if not row.block_key.startswith("session:") else None},
                              CONTRIBUTION_SEAL)
        row.save(update_fields=["sealed"])
    SharedText = apps.get_model("sexmot_xblocks", "SharedText")
    for row in SharedText.objects.all().iterator():
        row.text = seal_row({"text": row.text}, TEXT_SEAL)
        row.save(update_fields=["text"])


def open_rows(apps, schema_editor):
    from sexmot_xblocks.storage.sealing import unseal  # noqa: PLC0415

    Contribution = apps.get_model("sexmot_xblocks", "Contribution")
    for row in Contribution.objects.all().iterator():
        value = unseal(row.sealed, {}, CONTRIBUTION_SEAL)
        row.answers = value.get("answers")
        row.published_answers = json.loads(value["shown"][-1]) if value.get("pending_release") and value.get(
            "shown") else None
        row.pending_release = value.get("pending_release") or 0
        row.save(update_fields=["answers", "published_answers", "pending_release"])
    SharedText = apps.get_model("sexmot_xblocks", "SharedText")
    for row in SharedText.objects.all().iterator():
        row.text = unseal(row.text, {}, TEXT_SEAL).get("text", "")
        row.save(update_fields=["text"])


class Migration(migrations.Migration):

    dependencies = [
        ('sexmot_xblocks', '0006_case_sensitive_keys_on_mysql'),
    ]

    operations = [
        migrations.AddField(model_name='contribution', name='sealed', field=models.TextField(default='')),
        migrations.AddField(model_name='sharedtext', name='withdrawal_key',
                            field=models.CharField(db_index=True, default='', max_length=64)),
        migrations.AlterField(model_name='groupsession', name='leader_key',
                              field=models.CharField(db_index=True, max_length=64)),
        migrations.RunPython(seal_rows, open_rows),
        migrations.RemoveField(model_name='contribution', name='answers'),
        migrations.RemoveField(model_name='contribution', name='published_answers'),
        migrations.RemoveField(model_name='contribution', name='pending_release'),
    ]
