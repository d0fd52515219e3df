"""``manage.py lms sexmot_rekey``: move the anonymous storage to the site's current secret key after a rotation.

Rotating ``SECRET_KEY`` as Django documents it keeps the old key in
``SECRET_KEY_FALLBACKS``; every learner's next write then moves their rows to
the new key. This command moves all of them at once, learner by learner
(the keyed hashes name a learner only through the key, so it needs each
learner's id, which only the platform's learner state holds), seals the
learner's own record in that state again, and seals every row of the storage
again under the current key. After it has run, the old key can leave
``SECRET_KEY_FALLBACKS`` without losing a count or a text; see docs/operators.md.
"""
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from sexmot_xblocks.storage import api, sealing

#: Where the learners of our exercises come from: the LMS's learner state (``courseware.StudentModule``, one row
#: per learner and block); ``SEXMOT_LEARNER_SOURCE`` names another callable (the preview's workbench state).
LMS_LEARNER_SOURCE = "sexmot_xblocks.storage.management.commands.sexmot_rekey.lms_learners"
BLOCK_TYPE = "sexmot_reflection"
#: The reflection block's field that holds the learner's sealed record (``ReflectionXBlock.sealed_record``).
SEALED_FIELD = "sealed_record"


def lms_learners():
    """``(usage key, user id, state row)`` of every learner with state in a reflection exercise, as the LMS has them.

    The row is the learner's ``StudentModule``: its ``state`` is the block's user state as JSON.
    """
    try:
        from lms.djangoapps.courseware.models import StudentModule  # noqa: PLC0415
    except ImportError as missing:
        raise CommandError("Run this command in the LMS (manage.py lms sexmot_rekey): it reads the platform's "
                           "learner state to find the learners of each exercise.") from missing
    for row in StudentModule.objects.filter(module_type=BLOCK_TYPE).iterator(chunk_size=1000):
        yield str(row.module_state_key), row.student_id, row


class Command(BaseCommand):
    """Re-key every learner's contributions, texts and led sessions and the kept sessions' marks in the reach
    report, then seal every row under the current key."""

    help = ("After rotating SECRET_KEY (old key kept in SECRET_KEY_FALLBACKS), move the sexmot storage to the new "
            "key so that the old one can be dropped.")

    def handle(self, *args, **options):
        if not getattr(settings, "SECRET_KEY_FALLBACKS", None):
            raise CommandError("SECRET_KEY_FALLBACKS is empty: keep the old key there while this command runs.")
        learners = import_string(getattr(settings, "SEXMOT_LEARNER_SOURCE", LMS_LEARNER_SOURCE))()
        moved = 0
        for exercise_key, user_id, state_row in learners:
            api.rekey_learner(exercise_key, user_id)
            _reseal_learner_record(state_row)
            moved += 1
        api.rekey_session_discussions()
        lost = api.reseal_rows()
        self.stdout.write(f"Re-keyed the rows of {moved} learner(s) of the exercises and sealed every row again.")
        if lost:
            self.stdout.write(f"{lost} row(s) could not be opened with any key of the site (a key was lost); "
                              "see docs/operators.md.")


def _reseal_learner_record(state_row):
    """Seal the learner's own record in their state row again under the current key (it stays unread otherwise)."""
    state = json.loads(state_row.state or "{}")
    fresh = sealing.reseal(state[SEALED_FIELD], sealing.LEARNER_STATE) if state.get(SEALED_FIELD) else None
    if fresh:
        state[SEALED_FIELD] = fresh
        state_row.state = json.dumps(state)
        state_row.save(update_fields=["state"])
