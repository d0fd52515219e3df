"""``manage.py lms sexmot_reach_report COURSE_ID [--json FILE] [--target-group ID=LABEL …]``: the operator's one step.

It counts the course's completions from the platform's certificates (``reach_completion``), then
writes the course's reach report as its last release shows it: the JSON document the authority
merges (``sexmot-reach/1``). Counts appear only in releases, so a completion counted now may show in
a later report; operators run it daily (cron) and send the JSON when the authority asks.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from sexmot_xblocks.storage import api


class Command(BaseCommand):
    """Count a course's completions, then write its reach report."""

    help = "Count a course's completions and write its reach report (JSON, sexmot-reach/1) for the national merge."

    def add_arguments(self, parser):
        parser.add_argument("course_id")
        parser.add_argument("--json", dest="json_path", help="Write the report here (default: standard output).")
        parser.add_argument("--target-group", action="append", default=[], metavar="ID=LABEL",
                            help="A target group of the course, in order, as its step names it.")

    def handle(self, *args, course_id, json_path=None, target_group=(), **options):
        try:
            asked = api.count_reach_completions(course_id)
        except api.CompletionsUnavailable as error:
            raise CommandError(str(error)) from None
        groups = [tuple(item.split("=", 1)) for item in target_group]
        text = json.dumps(api.reach_report(course_id, groups), ensure_ascii=False, indent=1)
        if json_path:
            with open(json_path, "w", encoding="utf-8") as out:
                out.write(text + "\n")
            self.stdout.write(f"Counted the completions of {asked} learner(s); wrote {json_path}.")
        else:
            self.stdout.write(text)
