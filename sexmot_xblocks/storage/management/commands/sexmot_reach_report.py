"""``manage.py lms sexmot_reach_report COURSE_ID [--json FILE] [--target-group ID=LABEL …]``: the operator's one step.

It reads the course's target groups from its about-work step in the LMS's modulestore
(``reach_course_groups``), counts the course's completions from the platform's certificates
(``reach_completion``), then writes the course's reach report as its last release shows it: the JSON
document the authority merges (``sexmot-reach/1``). Counts appear only in releases, so a completion
counted now may show in a later report; operators run it daily (cron) and send the JSON when the
authority asks.

``--target-group`` names the groups instead, in order, where the step cannot be read (no modulestore,
as in the workbench preview) or should not be. Whatever is wrong, the command says what and changes
nothing: no groups, no completions counted, no file written.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from sexmot_xblocks.storage import api, reach_course_groups


def named_groups(items):
    """``[(id, label)]`` of the ``--target-group`` items, in order; a ``CommandError`` naming a malformed one."""
    value = []
    for item in items:
        group_id, separator, label = item.partition("=")
        if not (separator and group_id.strip() and label.strip()):
            raise CommandError(f"--target-group {item!r} is not ID=LABEL: a target group's id and label, "
                               "both non-empty, separated by '='.")
        value.append({"id": group_id.strip(), "label": label.strip()})
    return reach_course_groups.checked_groups(value, "--target-group")


class Command(BaseCommand):
    """Read the course's target groups, count its completions, then write its reach report."""

    help = ("Count a course's completions and write its reach report (JSON, sexmot-reach/1) for the national "
            "merge, with the target groups the course's about-work step offers.")

    def add_arguments(self, parser):
        parser.add_argument("course_id")
        parser.add_argument("--json", dest="json_path", help="Write the report here (default: standard output).")
        parser.add_argument("--target-group", action="append", default=[], metavar="ID=LABEL",
                            help="Instead of the step's: a target group of the course, one per option, in the "
                                 "step's order (where no modulestore is, as in the preview).")

    def handle(self, *args, course_id, json_path=None, target_group=(), **options):
        try:
            groups = named_groups(target_group) if target_group else reach_course_groups.course_target_groups(course_id)
            asked = api.count_reach_completions(course_id)
        except (reach_course_groups.CourseGroupsUnavailable, api.CompletionsUnavailable) as error:
            raise CommandError(str(error)) from None
        text = json.dumps(api.reach_report(course_id, groups), ensure_ascii=False, indent=1)
        if json_path:
            with open(json_path, "w", encoding="utf-8") as out:
                out.write(text + "\n")
            self.stdout.write(f"Counted the completions of {asked} learner(s); wrote {json_path} with the "
                              f"target groups {', '.join(group_id for group_id, _label in groups)}.")
        else:
            self.stdout.write(text)
