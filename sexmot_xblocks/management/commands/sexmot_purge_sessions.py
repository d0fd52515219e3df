"""``manage.py lms sexmot_purge_sessions``: remove group sessions whose keeping time is over, with their results.

Operators schedule it daily (cron, a Kubernetes CronJob, Tutor's cron); see docs/operators.md.
"""
from django.core.management.base import BaseCommand

from sexmot_xblocks import sessions


class Command(BaseCommand):
    """Delete expired group sessions and every count, contribution and shared text of them."""

    help = "Remove group sessions (and their anonymous results) whose keeping time set by the exercise is over."

    def handle(self, *args, **options):
        removed = sessions.purge()
        self.stdout.write(f"Removed {removed} group session(s) past their keeping time.")
