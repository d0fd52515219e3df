"""The "about your work" step (``sexmot_about_work``): an anonymous question, and the course's reach report for staff.

A learner picks the target group they work in and their county. The choice counts in the storage's
reach scope of the course (``sexmot_xblocks.storage.api``), released like the reflection's answers; the
learner's own state holds it sealed, and nothing else does. Course staff see the course's reach
report as its last release shows it, with every small count hidden, and download it as CSV or as
the JSON document the authority merges. The block declares fields, views and handlers; the rules
are the shared modules'.
"""
import csv
import io
import json

from django.utils.translation import gettext_noop as _
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, List, Scope, String

from sexmot_xblocks.storage import api
from sexmot_xblocks.toolkit import olx
from sexmot_xblocks.toolkit.access import ACTING_AS_ANOTHER, acts_as_another, is_course_staff, require_signed_in
from sexmot_xblocks.toolkit.block_basics import SexmotBlockBasics
from sexmot_xblocks.toolkit.csv_cells import csv_safe
from sexmot_xblocks.toolkit.handlers import JsonActions, json_handler, staff_page_handler
from sexmot_xblocks.toolkit.i18n import JS_NAMESPACE
from sexmot_xblocks.toolkit.learner_state import save_all
from sexmot_xblocks.toolkit.rate_limit import count_write

#: The report's column headings, in the staff member's language.
COLUMN_HEADINGS = {"started": _("Answered this step"), "completed": _("Completed the web training"),
                   "discussed": _("Took part in a group discussion")}
TABLE_HEADINGS = {api.REACH_TARGET_GROUP: _("Target group"), api.REACH_COUNTY: _("County")}


@XBlock.needs("i18n")
@XBlock.wants("user")
class AboutWorkXBlock(SexmotBlockBasics, JsonActions, XBlock):
    """Where the learner works, asked anonymously and optionally, for the authority's report of the training's reach."""

    #: Optional: the step counts towards no one's progress, answered or not.
    completion_mode = XBlockCompletionMode.EXCLUDED
    i18n_js_namespace = JS_NAMESPACE
    #: Every field an attribute (the target groups one line of JSON), as the shared OLX helpers write them.
    read_olx = staticmethod(olx.set_fields_from_attributes)
    write_olx = staticmethod(olx.write_fields_as_attributes)

    display_name = String(display_name=_("Display name"), default="Om ditt arbete", scope=Scope.settings)
    intro = String(
        display_name=_("Introduction"), scope=Scope.content,
        default="Frivilligt: berätta var du arbetar, så att vi kan se vilka yrkesgrupper och län utbildningen når.",
        help=_("Why the step asks, in one or two sentences. Plain text."),
    )
    target_groups = List(
        display_name=_("Target groups"), scope=Scope.content, default=[],
        help=_("The course's target groups: each an id and the label learners see, the last one for everyone else."),
    )

    answered = Boolean(default=False, scope=Scope.user_state, help="Whether the learner has answered.")
    sealed_record = String(
        default="", scope=Scope.user_state,
        help="The learner's target group and county, sealed (api.seal): staff reports export raw "
             "state beside the username.",
    )

    # --- Views ----------------------------------------------------------------------

    def student_view(self, context=None):
        """The question, the learner's own answer once given, and for course staff the course's reach report."""
        if acts_as_another(self):
            return Fragment(self.render_html("templates/about_work.html", {
                "dom_id": self._dom_id(), "display_name": self.display_name,
                "notice": self.ugettext(ACTING_AS_ANOTHER)}))
        chosen = self._record()
        staff = is_course_staff(self)
        html = self.render_html("templates/about_work.html", {
            "dom_id": self._dom_id(), "display_name": self.display_name, "intro": self.intro,
            "target_groups": [{**group, "checked": group["id"] == chosen.get("target_group")}
                              for group in self.target_groups],
            "counties": [{"id": code, "label": label, "selected": code == chosen.get("county")}
                         for code, label in api.REACH_COUNTIES],
            "answered": self.answered, "threshold": api.reach_threshold(), "notice": "",
            "report": self._report_context() if staff else None,
            "csv_url": self.runtime.handler_url(self, "report_csv") if staff else "",
            "json_url": self.runtime.handler_url(self, "report_json") if staff else "",
        })
        return self._add_learner_resources(Fragment(html), "static/about_work.css", ["static/about_work.js"],
                                           "SexmotAboutWork")

    # --- Handlers ---------------------------------------------------------------------

    @json_handler(role=require_signed_in, schema=lambda block: block.answer_schema())
    def answer(self, data, suffix=""):
        """Count the learner's target group and county, anonymously; their own state keeps them sealed."""
        count_write(self)
        api.count_reach_choice(api.reach_scope_key(self), self.scope_ids.user_id, data["target_group"], data["county"],
                               keep=lambda record: save_all(self, {"answered": True, "sealed_record": api.seal(data)}))
        return {"message": self.ugettext(_("Thank you. Your answer is saved and counted without your name."))}

    @staff_page_handler
    def report_csv(self, request, suffix=""):
        """The reach report as CSV for course staff: both tables, hidden counts empty, every cell spreadsheet-safe."""
        return self._download(self._csv(), "text/csv", "csv")

    @staff_page_handler
    def report_json(self, request, suffix=""):
        """The reach report as the versioned JSON document (``sexmot-reach/1``) the authority merges."""
        return self._download(json.dumps(self._report(), ensure_ascii=False, indent=1), "application/json", "json")

    def answer_schema(self):
        """The answer's JSON Schema: one of the course's target groups and one of the counties, nothing else."""
        return {"type": "object", "additionalProperties": False, "required": ["target_group", "county"],
                "properties": {"target_group": {"enum": [group["id"] for group in self.target_groups]},
                               "county": {"enum": [code for code, _label in api.REACH_COUNTIES]}}}

    # --- Helpers ----------------------------------------------------------------------

    def _record(self):
        return api.unseal(self.sealed_record, {})

    def _report(self):
        course_key = getattr(self.scope_ids.usage_id, "course_key", None)
        scope = api.reach_scope_key(self)
        return api.reach_report(str(course_key) if course_key else scope,
                                [(group["id"], group["label"]) for group in self.target_groups], course_scope=scope)

    def _report_context(self):
        document = self._report()
        return {
            "columns": [self.ugettext(COLUMN_HEADINGS[column]) for column in api.REACH_COLUMNS],
            "tables": [{"heading": self.ugettext(TABLE_HEADINGS[name]), "rows": content["rows"],
                        "totals": content["totals"]} for name, content in document["tables"].items()],
            "threshold": document["threshold"],
        }

    def _csv(self):
        """Both tables one after the other: a heading row of each, its rows, its totals; a hidden count is empty."""
        out = io.StringIO()
        writer = csv.writer(out)
        document = self._report()
        columns = [csv_safe(self.ugettext(COLUMN_HEADINGS[column])) for column in api.REACH_COLUMNS]
        for name, content in document["tables"].items():
            writer.writerow([csv_safe(self.ugettext(TABLE_HEADINGS[name])), *columns])
            for row in content["rows"]:
                writer.writerow([csv_safe(row["label"]), *["" if count is None else count for count in row["counts"]]])
            writer.writerow([csv_safe(self.ugettext(_("Total"))),
                             *["" if count is None else count for count in content["totals"]]])
            writer.writerow([])
        writer.writerow([csv_safe(self.ugettext(
            _("Counts below {threshold} are left empty, and so are the counts that would give them away.")).format(
            threshold=document["threshold"]))])
        return out.getvalue()

    def _download(self, body, content_type, extension):
        response = Response(body, content_type=content_type, charset="utf-8",
                            content_disposition=f'attachment; filename="rackvidd-{self._dom_id()}.{extension}"')
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
