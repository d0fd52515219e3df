"""The anonymous reflection exercise: attitude statements, a free text, and group aggregates.

This module declares fields, views and handlers and delegates the rest: the
anonymous storage and the rules about what others may see to
``sexmot_xblocks.storage.api``, input checks to ``reflection_xblock.payloads``.
"""
import copy
import csv
import io

from django.utils.translation import gettext_noop as _
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Float, Integer, List, Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.api import DEVICE, PRIVATE, SHARED, GroupView, storage_key
from sexmot_xblocks.toolkit import learner_state
from sexmot_xblocks.toolkit.access import (
    ACTING_AS_ANOTHER,
    acts_as_another,
    is_course_staff,
    require_content_editor,
    require_course_staff,
    require_signed_in,
)
from sexmot_xblocks.toolkit.block_basics import SexmotBlockBasics
from sexmot_xblocks.toolkit.content_rules import problem_messages
from sexmot_xblocks.toolkit.csv_cells import csv_safe
from sexmot_xblocks.toolkit.handlers import JsonActions, RetryLater, json_handler, staff_page_handler
from sexmot_xblocks.toolkit.i18n import JS_NAMESPACE
from sexmot_xblocks.toolkit.package_files import package_text
from sexmot_xblocks.toolkit.rate_limit import count_write
from sexmot_xblocks.toolkit.sanitize import clean_rich_text
from sexmot_xblocks.toolkit.studio_edits import STUDIO_EDIT_SCHEMA, checked_studio_submit
from sexmot_xblocks.toolkit.studio_lists import StudioListsMixin

from . import device_storage, olx, payloads
from .group_sessions import GroupSessionsMixin
from .studio import STUDIO_LISTS

DEFAULT_SCALE = ["Instämmer inte alls", "Tar delvis avstånd", "Varken eller", "Instämmer delvis", "Instämmer helt"]
SHARED_PAGE_SIZE = 20


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("studio_user_permissions")
class ReflectionXBlock(
    SexmotBlockBasics, JsonActions, GroupSessionsMixin, StudioListsMixin, StudioEditableXBlockMixin, XBlock,
):
    """A reflection exercise on one's own attitudes, whose group results stay anonymous.

    A learner's own answers live in the learner's XBlock state, so the
    platform's state reset and user retirement reach them; the group's tallies
    and shared texts live in the storage app, free of any identifier.
    """

    completion_mode = XBlockCompletionMode.COMPLETABLE
    i18n_js_namespace = JS_NAMESPACE
    read_olx = staticmethod(olx.read_reflection)
    write_olx = staticmethod(olx.write_reflection)
    has_custom_completion = True

    display_name = String(
        display_name=_("Display name"), default="Reflektionsövning", scope=Scope.settings,
        help=_("The name learners see in the course navigation."),
    )
    prompt = String(
        display_name=_("Prompt"), default="<p>Ta en stund och fundera över dina egna föreställningar.</p>",
        scope=Scope.content, multiline_editor="html", resettable_editor=False,
        help=_("What to reflect on and why. Rich text; scripts and styles are removed."),
    )
    statements = List(
        display_name=_("Attitude statements"), default=[], scope=Scope.content,
        help=_("Statements the learner answers on the five-step scale. Moving a statement keeps its answers."),
    )
    scale_labels = List(
        display_name=_("Scale labels"), default=DEFAULT_SCALE, scope=Scope.content,
        help=_("Five labels, from the weakest to the strongest agreement."),
    )
    free_text_enabled = Boolean(
        display_name=_("Free-text reflection"), default=True, scope=Scope.content,
        help=_("Ask learners for a written reflection besides the statements."),
    )
    free_text_prompt = String(
        display_name=_("Free-text question"), default="Vad väcker dina svar för tankar?", scope=Scope.content,
        help=_("The question above the free-text field."),
    )
    max_length = Integer(
        display_name=_("Character limit"), default=5000, scope=Scope.settings,
        help=_("The longest free text a learner may write."),
    )
    allow_sharing = Boolean(
        display_name=_("Allow anonymous sharing"), default=True, scope=Scope.settings,
        help=_("Let learners share their free text anonymously with the group."),
    )
    threshold = Integer(
        display_name=_("Minimum number of answers"), default=api.DEFAULT_GROUP_SIZE, scope=Scope.settings,
        help=_("Group results are hidden until this many learners have answered. Never below 3."),
    )
    #: Not ``graded``: Open edX mixes an inherited ``graded`` into every block (a reflection in a graded
    #: subsection would take its ``true``); older OLX with ``graded=`` still imports (see ``olx``).
    participation_scored = Boolean(
        display_name=_("Participation score"), default=False, scope=Scope.settings,
        help=_("Give a participation score (1 of 1) when the learner submits."),
    )
    weight = Float(
        display_name=_("Problem weight"), default=1.0, scope=Scope.settings, values={"min": 0},
        help=_("How much the participation score counts in the grade."),
    )

    submitted = Boolean(default=False, scope=Scope.user_state, help="Whether the learner has submitted.")
    sealed_record = String(
        default="", scope=Scope.user_state,
        help="The learner's answers, sharing choice and private text, sealed (sexmot_xblocks.storage.api.seal): staff "
             "reports export raw state beside the username, and must not tell what anyone answered or shared.",
    )

    editable_fields = (
        "display_name",
        "content_language",
        "prompt",
        "statements",
        "scale_labels",
        "free_text_enabled",
        "free_text_prompt",
        "max_length",
        "allow_sharing",
        "threshold",
        "participation_scored",
        "weight",
        "group_sessions_enabled",
        "session_threshold",
        "session_keep_days",
        "group_plan",
    )
    studio_lists = STUDIO_LISTS

    # --- The learner's own record ------------------------------------------------

    @property
    def answers(self):
        """The learner's own answers, ``{statement_id: choice}``."""
        return self._record()["answers"]

    @property
    def sharing(self):
        """What the learner chose to do with their free text (``sexmot_xblocks.storage.api.SHARING_CHOICES``)."""
        return self._record()["sharing"]

    @property
    def free_text(self):
        """The learner's own free text: a private one from their state, a shared one from the exercise's pool."""
        return self.free_text_in()

    def free_text_in(self, scope_key=None):
        """The learner's own free text as ``free_text``, a shared one from the pool of ``scope_key`` (a session's)."""
        if self.sharing == SHARED:
            return api.own_shared_text(storage_key(self), self.scope_ids.user_id, scope_key)
        return self._record()["text"]

    def _record(self):
        """The learner's record, unsealed once per sealed value (a view reads it once per statement)."""
        token = self.sealed_record
        opened = getattr(self, "_opened_record", None)
        if opened is None or opened[0] != token:
            opened = self._opened_record = (
                token, api.unseal(token, {"answers": {}, "sharing": PRIVATE, "text": ""}))
        return copy.deepcopy(opened[1])

    def _keep(self, record):
        """Save the learner's new record in their own state, inside the write's transaction.

        The reply that follows reads the record again: it is kept opened, not unsealed a second time.
        """
        opened = {"answers": record.answers, "sharing": record.sharing, "text": record.private_text}
        token = api.seal(opened)
        learner_state.save_all(self, {"submitted": True, "sealed_record": token})
        self._opened_record = (token, copy.deepcopy(opened))

    def _grade_and_keep(self, record):
        """Publish the participation score, then keep the record: both inside the write, under the learner's lock.

        The LMS answers a ``grade`` event with ``set_score``
        (``lms/djangoapps/courseware/model_data.py``), which reads the
        learner's whole state row and saves it again with the grade. Published
        after the write committed, that save could put back an older record
        over a newer submission of the same learner; published here, before
        the record is saved and while the learner's other writes wait, the
        record saved is the last word.
        """
        if self.has_score:
            self.runtime.publish(self, "grade", {"value": 1.0, "max_value": 1.0})
        self._keep(record)

    # --- Open edX grading ---------------------------------------------------

    @property
    def has_score(self):
        """Only an exercise that gives a participation score appears in the gradebook."""
        return self.participation_scored

    @property
    def icon_class(self):
        """The course outline shows scored exercises as problems."""
        return "problem" if self.participation_scored else "other"

    def max_score(self):
        """Participation: one point, scaled by ``weight`` in the platform."""
        return 1

    # --- Open edX staff reports -------------------------------------------------

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """Rows of the platform's "problem responses" report: whether each learner took part, nothing they wrote.

        ``ProblemResponses`` (``instructor_task/tasks_helper/grades.py`` in
        edx-platform) puts these columns beside the username and the raw
        state, which holds the learner's answers and text only sealed. The
        exercise is anonymous: what the group answered is in the facilitator
        view and its CSV, never per person.
        """
        rows = (user_state for user_state in user_state_iterator if user_state.state.get("submitted"))
        for count, user_state in enumerate(rows):
            if limit_responses is not None and count >= limit_responses:
                return
            yield user_state.username, {"Answer": "submitted (anonymous: answers are not reported)"}

    # --- Views ----------------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        """The exercise, the learner's results, and for course staff the facilitator panel.

        Whoever acts as the learner (course staff viewing the course as them) reads a notice instead: nothing
        of the learner's, and no form that could write for them.
        """
        if acts_as_another(self):
            notice = Fragment(self.render_html("templates/acting_as_another.html", {
                "dom_id": self._dom_id(), "display_name": self.display_name,
                "notice": self.ugettext(ACTING_AS_ANOTHER),
            }))
            notice.add_css(package_text(__name__, "static/reflection.css"))
            return notice
        staff = is_course_staff(self)
        html = self.render_html("templates/reflection.html", {
            **self.form_context(),
            "results_html": self._results_html() if self.submitted else "",
            "facilitator_html": self.group_html(page=1) if staff else "",
            **self.exercise_session_context(),
            "csv_url": self.runtime.handler_url(self, "export_csv") if staff else "",
        })
        return self._add_learner_resources(
            Fragment(html), "static/reflection.css", ["static/drafts.js", "static/reflection.js"], "SexmotReflection")

    def student_view_data(self, context=None):
        """Content only, for the mobile apps: it is called without a user."""
        return {
            "display_name": self.display_name,
            "content_language": self.content_lang,
            "prompt": clean_rich_text(self.prompt),
            "statements": [{"id": s["id"], "text": s["text"]} for s in self.statements],
            "scale_labels": self._scale(),  # the labels learners see
            "free_text_enabled": self.free_text_enabled,
            "free_text_prompt": self.free_text_prompt,
            "max_length": payloads.text_limit(self),
            "allow_sharing": self.allow_sharing,
            "threshold": api.effective_threshold(self.threshold),
            "participation_scored": self.participation_scored,
        }

    # --- Handlers ---------------------------------------------------------------

    @json_handler(role=require_signed_in, schema=payloads.submit_schema)
    def submit(self, data, suffix=""):
        """Save the learner's answers and free text for themselves and the group, all or nothing."""
        payloads.check_submission(self, data)
        count_write(self)
        session = self.open_session_for_write(data["session"]) if "session" in data else None
        session_scope = api.session_scope(session) if session else None
        submission = api.Submission(
            answers={key: int(value) for key, value in data.get("answers", {}).items()},
            text=data.get("free_text", "").strip(),
            sharing=data["sharing"],
        )
        written = api.submit(
            storage_key(self), self.scope_ids.user_id, submission,
            statement_ids=[statement["id"] for statement in self.statements],
            release_size=api.effective_threshold(self.threshold),
            keep=self._grade_and_keep,
            session=session_scope,
        )
        self.runtime.publish(self, "completion", {"completion": 1.0})
        if session:
            # Taking part counts in the course's reach (the learner's own categories); the discussion once it released.
            api.count_reach_session_answer(api.reach_scope_key(self), self.scope_ids.user_id, session_scope.key,
                                           written.results.get(session_scope.key))
            return {"results_html": self.session_results_html(session)}
        return {"results_html": self._results_html(released=written.results.get(storage_key(self)),
                                                   shares=written.shares_a_text)}

    @json_handler(role=require_signed_in, schema=payloads.WITHDRAW_SCHEMA)
    def withdraw(self, data, suffix=""):
        """Take the learner's shared text out of the pool at once; it stays in their own state, private."""
        if not api.shares_a_text(storage_key(self), self.scope_ids.user_id):
            raise JsonHandlerError(400, _("There is no shared text to withdraw."))
        count_write(self)
        withdrawn = api.withdraw(storage_key(self), self.scope_ids.user_id, keep=self._keep)
        if withdrawn is None:
            raise JsonHandlerError(
                409, _("Your text was already withdrawn, in another window. Please reload the page.")
            )
        # The reply shows the session's results when the code is right: a look-up under the limit of wrong codes
        # like every other. Over the limit the withdrawal still stands, and the reply is the course's.
        try:
            session = self.session_with_code(data["session"]) if "session" in data else None
        except RetryLater:
            session = None
        return {"results_html": self.session_results_html(session) if session else self._results_html()}

    @json_handler(role=require_signed_in, schema=payloads.GROUP_PAGE_SCHEMA)
    def group_page(self, data, suffix=""):
        """Another page of the group's shared texts, for a learner who has submitted (as in their results).

        With ``session``, a page of that group session's texts, as its page shows them after answering.
        """
        if not self.submitted:
            raise JsonHandlerError(403, _("The group's answers are shown after you have submitted your own."))
        if "session" in data:
            return {"html": self.session_group_page_html(data["session"], data.get("page", 1))}
        return {"html": self.group_html(page=data.get("page", 1))}

    @json_handler(role=require_course_staff, schema=payloads.PAGE_SCHEMA)
    def facilitator_page(self, data, suffix=""):
        """One page of the facilitator panel (aggregates and shared texts), for course staff only."""
        return {"html": self.group_html(page=data.get("page", 1))}

    @staff_page_handler
    def export_csv(self, request, suffix=""):
        """Aggregates and shared texts as CSV for course staff; empty of identifiers by construction."""
        response = Response(
            self._csv(), content_type="text/csv", charset="utf-8",
            content_disposition=f'attachment; filename="reflektion-{self._dom_id()}.csv"',
        )
        response.headers["X-Content-Type-Options"] = "nosniff"  # never sniffed and shown as a page
        return response

    # --- Studio -----------------------------------------------------------------

    @json_handler(role=require_content_editor, schema=STUDIO_EDIT_SCHEMA, own_url=True)  # Studio's editor posts here
    def submit_studio_edits(self, data, suffix=""):
        """Studio's save button, only for the course's authors; malformed values get a 400, never a 500."""
        return checked_studio_submit(self, data, suffix)

    def validate_field_data(self, validation, data):
        """Studio refuses thresholds below the anonymity minimum and malformed statement lists.

        Studio passes the values about to be saved as attributes of an object; tests may pass a dict.
        """
        if not isinstance(data, dict):
            data = {name: getattr(data, name) for name in self.editable_fields}
        for message in problem_messages(payloads.content_problems(data), self.ugettext):
            validation.add(self._validation_message(message))

    @staticmethod
    def _validation_message(text):
        from xblock.validation import ValidationMessage  # noqa: PLC0415

        return ValidationMessage(ValidationMessage.ERROR, text)

    def structural_problems(self, data):
        """What would break the exercise in ``data`` (field name → value), in the author's language."""
        return problem_messages(payloads.structural_problems(data), self.ugettext)

    def clean_studio_edits(self, data):
        """Sanitize the prompt and the plan's instructions; give new statements stable ids (tallies survive moves)."""
        if "prompt" in data:
            data["prompt"] = clean_rich_text(data["prompt"])
        if isinstance(data.get("group_plan"), list):
            data["group_plan"] = [{**item, "instructions": clean_rich_text(item.get("instructions", ""))}
                                  if isinstance(item, dict) else item for item in data["group_plan"]]
        if "statements" in data and payloads.statements_well_formed(data["statements"]):
            data["statements"] = olx.with_statement_ids(
                [{"id": item.get("id", ""), "text": item["text"]} for item in data["statements"]]
            )

    # --- What the group sessions use (``session_seams.ExerciseForSessions``) --------------------

    def form_context(self, scope_key=None):
        """The exercise's form for the current learner: the content, their answers, their text and sharing choice.

        For a group session's form, ``scope_key`` is the session's pool: a text
        the learner shared in the course is not carried into it, so the form
        offers it as private, and sharing it there is their own choice.
        """
        free_text = self.free_text_in(scope_key)
        chosen = PRIVATE if scope_key is not None and self.sharing == SHARED and not free_text else None
        return {
            **self._content_context(),
            "statements": [{**statement, "answer": self.answers.get(statement["id"])} for statement in self.statements],
            "submitted": self.submitted,
            "free_text": free_text,
            **self._sharing_context(chosen),
            **device_storage.storage_context(self),
        }

    def group_html(self, page=1, scope_key=None, threshold=None, page_size=SHARED_PAGE_SIZE, session=False,
                   shared_heading=4, released=None):
        """What anyone may see of the group: the released results and, with them, the shared texts.

        ``scope_key`` and ``threshold`` name a group session's results instead
        of the course-wide ones. For a group session (``session``), the waiting
        message names the threshold, not how many answers are missing, which
        would tick with each participant of a small group.
        """
        group = self._group(scope_key, threshold, released)
        return self.render_html("templates/_group.html", {
            "aggregates": group.aggregates(self.statements, self._scale()),
            "shared": group.shared_page(page, page_size),
            "session": session, "shared_heading": shared_heading,
        })

    def learner_results_html(self, group_html, shares=None):
        """What a learner sees after answering: ``group_html`` (the course's or a session's), and a way to withdraw.

        ``shares``: True or False when the caller knows whether the learner has a shared text (their write told:
        ``Written.shares_a_text``); else (None) the pool is asked, since texts shared in the course and in sessions
        each stay in their own pool.
        """
        if shares is None:
            shares = api.shares_a_text(storage_key(self), self.scope_ids.user_id)
        return self.render_html("templates/_results.html", {"has_shared_text": shares, "group_html": group_html})

    # --- Helpers ----------------------------------------------------------------

    def _scale(self):
        """The five labels learners see, the author's when there are five of them."""
        return list(self.scale_labels) if len(self.scale_labels) == 5 else DEFAULT_SCALE

    def _sharing_context(self, chosen=None):
        """The learner's sharing choices as the form offers them (private first: the default), theirs checked.

        ``chosen`` checks another choice than the learner's record holds (a session's page, see ``form_context``).
        """
        chosen = chosen or self.sharing
        offered = [(PRIVATE, _("Only me (saved in my course record)"))]
        if self.allow_sharing:
            offered.append((SHARED, _("Share anonymously with the group")))
        offered.append((DEVICE, _("Keep it on this device only (not sent)")))
        return {
            "sharing_choices": [{"value": value, "label": self.ugettext(label), "checked": value == chosen,
                                 "on_device": value == DEVICE} for value, label in offered],
            "default_sharing": PRIVATE,
            "kept_on_device": chosen == DEVICE,
        }

    def _content_context(self):
        labels = self._scale()
        return {
            "dom_id": self._dom_id(),
            "display_name": self.display_name,
            "prompt": clean_rich_text(self.prompt),
            "statements": self.statements,
            "scale": list(enumerate(labels, start=1)),
            "free_text_enabled": self.free_text_enabled,
            "free_text_prompt": self.free_text_prompt,
            "max_length": payloads.text_limit(self),
            "allow_sharing": self.allow_sharing,
            "threshold": api.effective_threshold(self.threshold),
        }

    def _group(self, scope_key=None, threshold=None, released=None):
        """The group as others may see it (``sexmot_xblocks.storage.api.GroupView``): one read for the whole view.

        ``scope_key`` and ``threshold`` name a group session's results instead of the course-wide ones;
        ``released`` are the results a write has just committed (then nothing is read).
        """
        return GroupView(scope_key or storage_key(self), self.threshold if threshold is None else threshold,
                         self.allow_sharing, released)

    def _results_html(self, released=None, shares=None):
        """The learner's view of the group after submitting, with the way to withdraw a shared text.

        ``released``: the block's results as the learner's write has just committed them, when it changed them;
        ``shares`` as ``learner_results_html`` takes it.
        """
        return self.learner_results_html(self.group_html(released=released), shares)

    def _csv(self):
        """The CSV export: what ``GroupView`` shows, texts with their day only, every cell spreadsheet-safe.

        Headers are in the staff member's language; a share is a whole number of percent (the first
        header says so), which a spreadsheet reads as a number in any locale: no sign, no decimal separator.
        """
        out = io.StringIO()
        writer = csv.writer(out)
        group = self._group()
        writer.writerow([csv_safe(self.ugettext(_("Statement (shares in %)"))),
                         *[csv_safe(label) for label in self._scale()]])
        if not group.visible:
            writer.writerow([csv_safe(self.ugettext(_("Results hidden: fewer answers than the minimum number.")))])
            return out.getvalue()
        writer.writerow([csv_safe(self.ugettext(_("Participants"))), group.participants])
        for row in group.statement_shares(self.statements, self._scale()):
            writer.writerow([csv_safe(row["text"]), *[share for _label, share in row["shares"]]])
        if self.allow_sharing:
            writer.writerow([])
            writer.writerow([csv_safe(self.ugettext(_("Shared text"))), csv_safe(self.ugettext(_("Day")))])
            for item in group.shared_texts():
                writer.writerow([csv_safe(item["text"]), item["day"]])
        return out.getvalue()

