"""The preview's learners of each reflection exercise, as ``manage.py sexmot_rekey`` asks the LMS for them.

In Open edX the command reads the platform's learner state (``courseware.StudentModule``); the workbench
keeps each learner's state of a block as one ``XBlockState`` row instead (``scope="usage"``).
"""
from workbench.models import XBlockState


def workbench_learners():
    """``(usage id, learner, state row)`` of every learner with state in a reflection exercise of the preview."""
    rows = XBlockState.objects.filter(scope="usage", scope_id__contains=".sexmot_reflection.").exclude(user_id=None)
    for row in rows.iterator():
        yield row.scope_id, row.user_id, row
