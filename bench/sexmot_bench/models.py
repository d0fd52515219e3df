"""The LMS-shaped harness's learner storage: the two tables of edx-platform's courseware app it needs.

``LearnerBlockState`` is ``courseware_studentmodule``: one row per learner and
block, the block's whole ``Scope.user_state`` as one JSON text.
``SummaryField`` is ``courseware_xmoduleuserstatesummaryfield``: one row per
block and ``Scope.user_state_summary`` field (the peers' group tallies live
there). Created by ``migrate --run-syncdb`` in the benchmark's own database.
"""
from django.db import models


class LearnerBlockState(models.Model):
    """One learner's state of one block, as one JSON row (edx-platform's ``StudentModule``)."""

    student_id = models.CharField(max_length=255)
    usage_key = models.CharField(max_length=255)
    block_type = models.CharField(max_length=64)
    state = models.TextField(default="{}")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "sexmot_bench"
        unique_together = [("student_id", "usage_key")]


class SummaryField(models.Model):
    """One field every learner of a block shares (edx-platform's ``XModuleUserStateSummaryField``)."""

    usage_key = models.CharField(max_length=255)
    field_name = models.CharField(max_length=64)
    value = models.TextField(default="null")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "sexmot_bench"
        unique_together = [("usage_key", "field_name")]
