"""The reflection exercise's group sessions: starting one, joining it on a phone, its projector view and run sheet.

A session (``sexmot_xblocks.storage.api``) is opened by any signed-in learner,
where the exercise's author offers sessions (``group_sessions_enabled``),
and reveals nothing beyond the group's anonymous results, so no staff role
is needed: its pages check the session's code, the projector view and the
run sheet check that the caller leads the session (or is course staff), and
the live results are for its leader and its participants. An answer given
through a session counts in the session's results only (ADR 0024).

The sessions use nothing of the exercise but ``ExerciseForSessions``, and
the exercise nothing of them but their public methods below (ADR 0030);
a story of the plan is read as a ``StoryForRunSheet``.
"""
import hashlib

import segno
from django.utils import translation
from django.utils.translation import gettext_noop as _
from webob import Response
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Integer, List, Scope

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.api import storage_key
from sexmot_xblocks.toolkit.access import is_course_staff, require_signed_in
from sexmot_xblocks.toolkit.content_language import in_language
from sexmot_xblocks.toolkit.handlers import ACTION_HANDLER, RetryLater, json_handler, signed_in_page_handler
from sexmot_xblocks.toolkit.i18n import javascript_catalog_path
from sexmot_xblocks.toolkit.package_files import package_text
from sexmot_xblocks.toolkit.page_headers import page_that_posts
from sexmot_xblocks.toolkit.rate_limit import count_write, look_up_code
from sexmot_xblocks.toolkit.sanitize import clean_rich_text
from sexmot_xblocks.toolkit.site_addresses import absolute_url

from . import payloads
from .session_seams import StoryForRunSheet

#: How often the projector view and the run sheet ask for news: a release shows within about two seconds.
POLL_MILLISECONDS = 1500
#: How often a participant's phone asks for news once they have answered: a room of thirty phones asks ten times
#: a second, and a release shows on the phones within a few seconds of the projector.
PHONE_POLL_MILLISECONDS = 3000
#: Modules of white around the projector's QR code: the quiet zone the QR standard (ISO/IEC 18004) asks for.
QR_QUIET_ZONE = 4
#: Minutes per exercise on the run sheet when the plan does not say.
DEFAULT_EXERCISE_MINUTES = 15
#: Shared texts on the projector: a group's, so one page holds them all.
PROJECTOR_TEXTS = 50
TOO_MANY_LED = _("You already lead an open group session of this exercise. Close it before you start another.")
TOO_MANY_OPEN = _("This exercise has as many open group sessions as it can take. Please try again in a while.")
NOT_IN_SESSION = _("The group's answers in a session are shown to its participants after they have answered, "
                   "and to the person who leads it.")
NO_GROUP_SESSIONS = _("This exercise offers no group sessions.")
NO_RESULTS = _("There is no group session with this code whose results you may see.")
NO_SESSION = _("There is no open group session with this code. Check the code with the person who leads the group.")


class GroupSessionsMixin:
    """Group sessions of a reflection exercise; mixed into ``ReflectionXBlock``, an ``ExerciseForSessions``.

    XBlock finds fields and handlers on the block's class, so the sessions are
    a mixin; they hold their own settings and call only the exercise's
    ``ExerciseForSessions`` members (``tests/unit/test_group_session_seams.py``).
    The exercise calls only the public methods under "What the exercise uses".
    """

    group_sessions_enabled = Boolean(
        display_name=_("Offer group sessions"), default=False, scope=Scope.settings,
        help=_("Let a group's leader start a group session under this exercise, and participants join it by code: "
               "for the reflection of a group discussion, not for self-study."),
    )
    session_threshold = Integer(
        display_name=_("Minimum number of answers in a group session"),
        default=api.DEFAULT_SESSION_GROUP_SIZE, scope=Scope.settings,
        help=_("A group session shows its results once this many of its participants have answered, and "
               "updates them in groups of this size. Never below 3; keep it higher than in the course, because "
               "whoever starts a session decides who joins."),
    )
    session_keep_days = Integer(
        display_name=_("Days a group session is kept"), default=api.DEFAULT_SESSION_KEEP_DAYS, scope=Scope.settings,
        help=_("After this many days a group session and its results are deleted (between 1 and 365)."),
    )
    group_plan = List(
        display_name=_("Group discussion plan"), default=[], scope=Scope.content,
        help=_("The exercises of the group discussion in order, for the session's run sheet: title, minutes, "
               "instructions and questions; the one marked as the reflection shows the session's results."),
    )

    # --- Handlers ---------------------------------------------------------------

    @json_handler(role=require_signed_in, schema=payloads.EMPTY_SCHEMA)
    def start_session(self, data, suffix=""):
        """Open a group session of this exercise, led by the caller; reply with its code and its pages.

        A leader who already leads an open session of the exercise (they
        reloaded the page, or pressed the button twice) gets that session
        again (``"resumed": true``): a second code would split the room.
        """
        if not self.group_sessions_enabled:
            raise JsonHandlerError(400, NO_GROUP_SESSIONS)
        count_write(self)
        led = self.led_open_session()
        if led is not None:
            return {"code": led.code, "resumed": True, "html": self.led_session_html(led, resumed=True),
                    **self._session_urls(led.code)}
        try:
            session = api.start_session(
                storage_key(self), self.scope_ids.user_id,
                threshold=self.effective_session_threshold(), keep_for_days=self.session_keep_days)
        except api.TooManySessions as cap:
            raise RetryLater(TOO_MANY_LED if cap.per_leader else TOO_MANY_OPEN, 600) from cap
        return {"code": session.code, "resumed": False, "html": self.led_session_html(session, resumed=False),
                **self._session_urls(session.code)}

    @json_handler(role=require_signed_in, schema=payloads.CODE_SCHEMA)
    def close_session(self, data, suffix=""):
        """Stop a session taking answers, for its leader or course staff; its results stay until it is removed."""
        session = self._led_session(data["code"])
        api.close_session(session)
        return {"open": False}

    # A session's pages carry its code in their address's fragment (``#CODE``), which the browser never sends: the
    # platform's tracking log and the web server's access log record every request's path and query with the user,
    # and must not tell who joined or led which session. Each page is a shell that reads the code and asks for its
    # content with a POST whose JSON body carries the code (``session_document``); the results poll the same way.

    @signed_in_page_handler
    def session_page(self, request, suffix=""):
        """The page a participant opens from the link, the QR code or the code: the exercise, counted in the session."""
        return self._shell("page", self.ugettext("group session"))

    @signed_in_page_handler
    def session_projector(self, request, suffix=""):
        """The projector view: how to join (code, link, QR code) and the group's results, updating by themselves."""
        return self._shell("projector", self.ugettext("projector view"))

    @signed_in_page_handler
    def session_run_sheet(self, request, suffix=""):
        """The leader's run sheet for the hour: each exercise with its timer, questions and hints, then the results."""
        return self._shell("run_sheet", self.ugettext("run sheet"))

    @signed_in_page_handler
    def session_story(self, request, suffix=""):
        """A story of the session's plan in its presentation view, with the facilitator's hints, for the leader.

        The story's own presentation handler is for course staff; a learner
        who leads a session reaches it here, authorised by the session
        (ADR 0017), and only for the stories the plan names (``step``, from 1,
        in the query: it names a step of the plan, not a session).
        """
        return self._shell("story", self.ugettext("group session"),
                           step=_number_in(request, "step", len(self.group_plan)))

    @json_handler(role=require_signed_in, schema=payloads.SESSION_DOCUMENT_SCHEMA)
    def session_document(self, data, suffix=""):
        """The whole page of one view of the session with ``code``, for the shell that asked: ``{"html": …}``.

        The participant's page for anyone with the code; the projector view,
        the run sheet and the plan's stories for its leader (or course staff).
        """
        view = data["view"]
        if view == "page":
            return {"html": self._participant_page(self._session_to_read(data["code"]))}
        session = self._led_session(data["code"])
        if view == "projector":
            return {"html": self._projector_page(session)}
        if view == "run_sheet":
            return {"html": self._page_html("templates/session_run_sheet.html", {
                **self._live_context(session, shared_heading=4), "steps": self._run_sheet_steps(session.code),
            }, ["static/session_live.js", "static/session_run_sheet.js"])}
        step = data.get("step", 1)
        if step > len(self.group_plan):
            raise JsonHandlerError(400, _("Invalid input: the address asks for a page or step that does not exist."))
        story = self.plan_story(step - 1)
        if story is None:
            raise JsonHandlerError(404, _("This step of the plan has no story that can be shown."))
        return {"html": story.presentation_page().text}

    @json_handler(role=require_signed_in, schema=payloads.SESSION_RESULTS_SCHEMA)
    def session_results(self, data, suffix=""):
        """The session's released results for the projector, the run sheet and phones, or ``{"unchanged": true}``.

        For the leader (or course staff) and for participants who have
        answered through the session, whose phones show the group's results
        as they are released, without a reload. ``page`` asks for a later
        page of the shared texts, in the same random order as every other
        view of them; ``heading`` the level of their heading. ``tag`` is the
        tag of the results the page shows: made of the release counter and
        whether the session is open, both read from two rows, so a poll that
        finds nothing new costs those reads (a participant's one more, of
        their own contribution) and no rendering.
        """
        session = self._session_if(data["code"], self._sees_session_results)
        if session is None:
            raise JsonHandlerError(404, NO_RESULTS)
        page, heading = data.get("page", 1), data.get("heading", 4)
        results = api.release_state(api.session_scope_key(session.code))
        tag = hashlib.sha256(
            f"{session.code}:{results.releases}:{results.released_texts}:{api.session_is_open(session)}:"
            f"{translation.get_language()}:{heading}:{page}".encode()).hexdigest()[:32]
        if data.get("tag") == tag:
            return {"unchanged": True}
        return {"html": self._session_group_html(session, page, shared_heading=heading),
                "open": api.session_is_open(session), "tag": tag}

    # --- What the exercise uses -----------------------------------------------------

    def exercise_session_context(self):
        """What the exercise's own view shows of group sessions: the leader's open session, how to join."""
        led = self.led_open_session()
        return {
            "session": None, "earlier_answers": False,
            "led_session_html": self.led_session_html(led, resumed=True) if led else "",
            "session_threshold": self.effective_session_threshold(),
            "join_url": self.runtime.handler_url(self, "session_page") if self.group_sessions_enabled else "",
        }

    def effective_session_threshold(self):
        """The threshold a new session of this exercise gets: the author's, never below the minimum."""
        return api.effective_threshold(self.session_threshold, api.DEFAULT_SESSION_GROUP_SIZE)

    def open_session_for_write(self, code):
        """The open session a participant's submission also counts in; 400 when the code is wrong or closed."""
        session = self._session_if(code, api.session_is_open)
        if session is None:
            raise JsonHandlerError(400, NO_SESSION)
        return session

    def session_with_code(self, code):
        """The session of this exercise with ``code``, or None; a look-up under the limit of wrong codes."""
        return self._session_if(code)

    def session_results_html(self, session):
        """A participant's view after answering: the session's results, with the way to withdraw a shared text."""
        return self.learner_results_html(self._session_group_html(session))

    def session_group_page_html(self, code, page):
        """A page of the group's results in the session with ``code``, for a caller who may see them (else 404/403)."""
        return self._session_group_html(self._session_results_for_caller(code), page)

    def plan_story(self, index):
        """The story block the plan's step ``index`` (from 0) names, or None: no such step, no story, not found.

        The plan names a story by its ``url_name``, the block id of its usage
        key in the course; a runtime whose usage ids are plain strings (the
        workbench) is given the whole id. The runtime loads the story as the
        platform loads a block for the current user, access checks included;
        a block that is no ``StoryForRunSheet`` is none.
        """
        if not 0 <= index < len(self.group_plan) or not self.group_plan[index].get("story"):
            return None
        name = str(self.group_plan[index]["story"])
        course_key = getattr(self.scope_ids.usage_id, "course_key", None)
        try:
            story = self.runtime.get_block(course_key.make_usage_key("sexmot_story", name) if course_key else name)
        except Exception:  # noqa: BLE001  # removed or renamed: the sheet goes on without it
            return None
        return story if isinstance(story, StoryForRunSheet) else None

    def led_open_session(self):
        """The caller's newest open session of this exercise, or None: what a leader finds again after a reload.

        None, without a look-up, where the exercise offers no group sessions.
        """
        if not self.group_sessions_enabled:
            return None
        return api.session_led_by(storage_key(self), self.scope_ids.user_id)

    def led_session_html(self, session, resumed):
        """What the exercise shows the leader of an open ``session``: its code, the links to run sheet and projector."""
        return self.render_html("templates/_session_led.html", {
            "code": session.code, "resumed": resumed, **self._session_urls(session.code)})

    def _may_lead(self, session):
        return api.leads_session(session, self.scope_ids.user_id) or is_course_staff(self)

    def _sees_session_results(self, session):
        """A session's results are for whoever leads it and for those who answered through it, nobody else."""
        return self._may_lead(session) or api.takes_part_in_session(session, self.scope_ids.user_id)

    def _session_results_for_caller(self, code):
        """The session with ``code`` whose results the caller may see; 404 for a wrong code, 403 for an outsider."""
        session = self._session_to_read(code)
        if not self._sees_session_results(session):
            raise JsonHandlerError(403, NOT_IN_SESSION)
        return session

    def _session_if(self, code, usable=None):
        """The session of this exercise with ``code`` (if ``usable(session)``, when given), else None.

        Every look-up of a code a learner typed or opened comes here, counted
        atomically against the learner's limit of wrong codes
        (``rate_limit.look_up_code``): once it is reached every look-up is
        refused (429) for a while, the right code too, so codes cannot be enumerated.
        """
        def usable_session():
            session = api.find_session(storage_key(self), code)
            return session if session is not None and (usable is None or usable(session)) else None

        return look_up_code(self, usable_session)

    def _session_to_read(self, code):
        """The session with ``code``, open or closed, for its page and its results; 404 otherwise."""
        session = self._session_if(code)
        if session is None:
            raise JsonHandlerError(404, NO_SESSION)
        return session

    def _led_session(self, code):
        """The session with ``code`` if the caller leads it (or is course staff); 404 otherwise, nothing told."""
        session = self._session_if(code, self._may_lead)
        if session is None:
            raise JsonHandlerError(404, _("There is no group session with this code that you lead."))
        return session

    def _handler(self, name, query=""):
        return self.runtime.handler_url(self, name, query=query)

    def _session_urls(self, code):
        """The session's pages, the code in each address's fragment: never sent to the server, never in a log."""
        return {
            "join_url": self._join_path(code),
            "projector_url": f"{self._handler('session_projector')}#{code}",
            "run_sheet_url": f"{self._handler('session_run_sheet')}#{code}",
        }

    def _join_path(self, code):
        """The address everyone joins by, site-relative: the participant's page, no query, the code in the fragment.

        A runtime may add a query naming the caller to its handler addresses
        (the workbench's ``?student=``, which acts as that learner); a link
        given to the whole group must not carry the leader's.
        """
        return f"{self._handler('session_page').split('?', 1)[0]}#{code}"

    def _live_context(self, session, shared_heading):
        """What the projector view and the run sheet share: the results now and where to ask for news."""
        return {
            "display_name": self.display_name, "session": session, "session_open": api.session_is_open(session),
            "poll_ms": POLL_MILLISECONDS, **self._session_urls(session.code),
            "group_html": self._session_group_html(session, 1, shared_heading),
            "action_url": self._handler(ACTION_HANDLER), "shared_heading": shared_heading,
        }

    def _participant_page(self, session):
        """The participant's page of ``session``: the exercise while it is open, counted in the session only.

        A learner who answered the exercise before (in the course or an earlier
        session) finds their answers filled in and is offered one step that
        counts them in this session (``earlier_answers``); the block keeps no
        record of where, so the notice names both. A text they shared in the
        course is not carried into the session's pool: the form offers it as
        private, and sharing it here is their own choice.
        """
        is_open = api.session_is_open(session)
        leads = self._may_lead(session)
        takes_part = api.takes_part_in_session(session, self.scope_ids.user_id)
        form = self.form_context(api.session_scope_key(session.code))
        context = {
            **form,
            "session": session, "session_open": is_open,
            "session_threshold": session.threshold,
            "leads": leads,
            "earlier_answers": is_open and form["submitted"] and not takes_part,
            "results_html": self.session_results_html(session) if leads or takes_part else "",
            "action_url": self._handler(ACTION_HANDLER), "poll_ms": PHONE_POLL_MILLISECONDS,
            **self._session_urls(session.code),
        }
        context["exercise_html"] = self.render_html("templates/reflection.html", context) if is_open else ""
        return self._page_html("templates/session_page.html", context, ["static/drafts.js", "static/reflection.js"])

    def _projector_page(self, session):
        """The projector view of ``session``: the code, the link and its QR code with the site's address, the
        results."""
        join_url = absolute_url(self._join_path(session.code))
        # A viewBox instead of a fixed size, so that the drawing scales with the screen and is never cropped; the quiet
        # zone of four modules the QR standard asks for, so that a phone's camera finds the code on a dark screen.
        qr_svg = segno.make(join_url, error="m").svg_inline(
            scale=8, border=QR_QUIET_ZONE, omitsize=True, title=self.ugettext("QR code with the link to the session"))
        return self._page_html("templates/session_projector.html", {
            **self._live_context(session, shared_heading=3), "join_url": join_url,
            "qr_svg": qr_svg.replace("<svg ", '<svg role="img" ', 1),
        }, ["static/session_live.js"])

    def _session_group_html(self, session, page=1, shared_heading=4):
        """The session's released results and one page of its shared texts (``PROJECTOR_TEXTS`` a page)."""
        return self.group_html(page=page, scope_key=api.session_scope_key(session.code), threshold=session.threshold,
                                page_size=PROJECTOR_TEXTS, session=True, shared_heading=shared_heading)

    def _run_sheet_steps(self, code):
        """The plan's exercises in order; without a plan, this exercise alone. Exactly one step shows results.

        A step built on a story has the story's discussion questions with the
        facilitator's hints and a link to its presentation (``session_story``).
        """
        steps = []
        for number, item in enumerate(self.group_plan or [{"title": self.display_name, "reflection": True}], 1):
            story = self.plan_story(number - 1) if item.get("story") else None
            steps.append({
                "title": item.get("title") or (story.display_name if story else self.display_name),
                "lang": story.content_lang if story and not item.get("title") else self.content_lang,
                "minutes": _minutes(item.get("minutes")),
                "instructions": clean_rich_text(item.get("instructions", "")),
                "questions": [str(question) for question in item.get("questions", [])],
                "reflection": bool(item.get("reflection")),
                "story": {
                    "title": in_language(story.display_name, story.content_lang),
                    "lang": story.content_lang,
                    "questions": [{"text": question.get("text", ""), "hint": question.get("hint", "")}
                                  for question in story.questions],
                    "url": f"{self._handler('session_story', f'step={number}')}#{code}",
                } if story else None,
                "story_missing": bool(item.get("story")) and story is None,
            })
        if not any(step["reflection"] for step in steps):
            steps.append({"title": self.display_name, "lang": self.content_lang, "minutes": DEFAULT_EXERCISE_MINUTES,
                          "instructions": "", "questions": [], "reflection": True, "story": None,
                          "story_missing": False})
        return steps

    def _shell(self, view, title, step=None):
        """The page a session's address opens: it reads the code from the fragment and asks for the view by POST."""
        return page_that_posts(Response(self._page_html("templates/session_shell.html", {
            "title": title, "view": view, "step": step or "", "action_url": self._handler(ACTION_HANDLER),
        }, ["static/session_shell.js"]), content_type="text/html", charset="utf-8"))

    def _page_html(self, template, context, scripts):
        """A whole HTML page of this block, with its styles, the translations and the given scripts inline."""
        catalogue = javascript_catalog_path(translation.get_language())
        return self.render_html(
            template,
            {
                **context,
                "language": translation.get_language() or "sv",
                "css": package_text(__name__, "static/reflection.css") + package_text(__name__, "static/session.css"),
                "scripts": ([package_text("sexmot_xblocks.toolkit", catalogue)] if catalogue else [])
                + [package_text("sexmot_xblocks.toolkit", "static/sexmot.js")]
                + [package_text(__name__, path) for path in scripts],
            },
        )


def _number_in(request, name, highest):
    """The whole number a GET gives as ``name``, 1 when it gives none; 400 when it is not one from 1 to ``highest``."""
    text = request.GET.get(name, "1")
    # The length first: int() refuses (ValueError) strings of more than 4300 digits.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(highest))) or not 1 <= int(text) <= highest:
        raise JsonHandlerError(400, _("Invalid input: the address asks for a page or step that does not exist."))
    return int(text)


def _minutes(value):
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_EXERCISE_MINUTES
    return min(max(1, minutes), payloads.MAX_MINUTES)
