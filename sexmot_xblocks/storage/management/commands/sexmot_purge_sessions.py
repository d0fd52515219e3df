"""``manage.py lms sexmot_purge_sessions``: remove group sessions whose keeping time is over, with their results.

It also clears what authors wrote while trying exercises in Studio's preview (``api.storage_key``),
which never counts in a course.

Operators schedule it daily (cron, a Kubernetes CronJob, Tutor's cron); see docs/operators.md.
"""
from django.core.management.base import BaseCommand

from sexmot_xblocks.storage import api


class Command(BaseCommand):
    """Delete expired group sessions and every count, contribution and shared text of them."""

    help = "Remove group sessions (and their anonymous results) whose keeping time set by the exercise is over."

    def handle(self, *args, **options):
        removed = api.purge_sessions()
        previews = api.purge_previews()
        self.stdout.write(f"Removed {removed} group session(s) past their keeping time, and what authors tried in "
                          f"Studio's preview ({previews} preview session(s)).")
