"""A story-with-film unit: a film with captions and transcript, the story in parts, questions, exercises inside.

This module declares fields, views and handlers and delegates the rest: the
order of the pieces to ``sequence``, the completion rule to ``completion``,
the film's sources and captions to ``film``, input checks to ``payloads``,
the XML to ``olx``.
"""

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_noop as _
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, List, Scope, String
from xblock.utils.studio_editable import (
    NestedXBlockSpec,
    StudioContainerWithNestedXBlocksMixin,
    StudioEditableXBlockMixin,
)

from sexmot_xblocks.toolkit.access import is_course_staff, require_content_editor, require_signed_in
from sexmot_xblocks.toolkit.block_basics import SexmotBlockBasics
from sexmot_xblocks.toolkit.content_language import in_language
from sexmot_xblocks.toolkit.content_rules import problem_messages
from sexmot_xblocks.toolkit.handlers import JsonActions, json_handler, staff_page_handler
from sexmot_xblocks.toolkit.i18n import JS_NAMESPACE
from sexmot_xblocks.toolkit.package_files import package_text
from sexmot_xblocks.toolkit.sanitize import clean_rich_text
from sexmot_xblocks.toolkit.studio_edits import STUDIO_EDIT_SCHEMA, checked_studio_submit
from sexmot_xblocks.toolkit.studio_lists import StudioListsMixin

from . import completion, olx, payloads, sequence
from .film import film_media, film_playable
from .studio import STUDIO_LISTS, child_placement

FILM_POSITION_CHOICES = [
    {"display_name": _("Before the story"), "value": "before"},
    {"display_name": _("Between two parts"), "value": "between"},
    {"display_name": _("After the story"), "value": "after"},
]


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("replace_urls")
@XBlock.wants("studio_user_permissions")
class StoryXBlock(
    SexmotBlockBasics, JsonActions, StudioListsMixin, StudioEditableXBlockMixin, StudioContainerWithNestedXBlocksMixin,
    XBlock,
):
    """One story unit: what a professional might meet, told in parts, to stop and think about.

    The story's content lives in content fields, written to OLX as attributes
    (ADR 0012); the child blocks (reflection exercises, texts) are real
    children, and the only child elements of its OLX, placed among the parts.
    A learner's progress (furthest part, share of the film watched, where the
    film stopped, whether the transcript was opened) lives in the learner's
    own state, and completion reaches the platform as a ``completion`` event
    that carries the value only.
    """

    has_children = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    i18n_js_namespace = JS_NAMESPACE
    read_olx = staticmethod(olx.read_story)
    write_olx = staticmethod(olx.write_story)
    has_custom_completion = True
    icon_class = "video"

    display_name = String(
        display_name=_("Display name"), default="Berättelse", scope=Scope.settings,
        help=_("The story's title, also shown in the course navigation."),
    )
    intro = String(
        display_name=_("Introduction"), default="", scope=Scope.content, multiline_editor="html",
        resettable_editor=False, help=_("A few sentences on what the learner will meet. Rich text."),
    )
    parts = List(
        display_name=_("Story parts"), default=[], scope=Scope.content,
        help=_("The story in reading order, each part with a heading and a text."),
    )
    film_sources = List(
        display_name=_("Film sources"), default=[], scope=Scope.content,
        help=_("The same film in one or more formats (mp4, webm). Leave the list empty for a story without a film."),
    )
    film_poster = String(
        display_name=_("Film poster"), default="", scope=Scope.content,
        help=_("An image shown before the film starts: /static/name.png or an https address."),
    )
    caption_tracks = List(
        display_name=_("Captions"), default=[], scope=Scope.content,
        help=_("WebVTT captions, one file per language. A film needs at least one."),
    )
    described_film_sources = List(
        display_name=_("Film with audio description"), default=[], scope=Scope.content,
        help=_("The same film with audio description: what is shown and not said is also spoken (WCAG 1.2.5). "
               "Same length as the film, mp4 or webm."),
    )
    description_tracks = List(
        display_name=_("Description tracks"), default=[], scope=Scope.content,
        help=_("WebVTT descriptions of what the film shows, read out by screen readers while the film plays; "
               "used when there is no film with audio description."),
    )
    sign_language_sources = List(
        display_name=_("Film with sign language"), default=[], scope=Scope.content,
        help=_("The same film with Swedish Sign Language, same length as the film, mp4 or webm."),
    )
    transcript = String(
        display_name=_("Transcript"), default="", scope=Scope.content, multiline_editor="html",
        resettable_editor=False,
        help=_("The film as text. Leave empty to derive it from the captions."),
    )
    film_position = String(
        display_name=_("Place of the film"), default="before", scope=Scope.content, values=FILM_POSITION_CHOICES,
        help=_("Whether the film comes before the story, between two parts, or after it."),
    )
    film_after_part = Integer(
        display_name=_("Film after part"), default=1, scope=Scope.content, values={"min": 1},
        help=_("With the film between the parts: the number of the part it follows."),
    )
    questions = List(
        display_name=_("Discussion questions"), default=[], scope=Scope.content,
        help=_("Shown at the end of the story, each with an optional hint for the facilitator: course staff and "
               "the leader of a group session see it, learners do not."),
    )
    completion_share = Float(
        display_name=_("Share of the film to watch"), default=0.9, scope=Scope.settings,
        values={"min": 0.05, "max": 1, "step": 0.05},
        help=_("How much of the film counts as watched (0.9 = 90 %). Opening the transcript counts as well."),
    )
    child_after_part = List(
        display_name=_("Place of the exercises"), default=[], scope=Scope.content,
        help=_("Where each exercise inside the story is shown: before the first part or after a part."),
    )

    furthest_part = Integer(default=0, scope=Scope.user_state, help="The furthest part the learner has reached.")
    film_watched = Float(default=0.0, scope=Scope.user_state, help="The largest share of the film played.")
    film_time = Float(default=0.0, scope=Scope.user_state, help="Where the film stopped, to resume there.")
    transcript_opened = Boolean(default=False, scope=Scope.user_state, help="Whether the transcript was opened.")
    completed = Boolean(default=False, scope=Scope.user_state, help="Whether completion was published.")

    CONTENT_SETTINGS = (
        "display_name", "content_language", "intro", "parts", "film_sources", "film_poster", "caption_tracks",
        "described_film_sources", "description_tracks", "sign_language_sources", "transcript", "film_position",
        "film_after_part", "questions", "completion_share",
    )

    @property
    def editable_fields(self):
        """Studio's form; a story with exercises inside also places them among the parts."""
        return self.CONTENT_SETTINGS + (("child_after_part",) if self.children else ())

    @property
    def allowed_nested_blocks(self):
        """What Studio's container page offers to add inside a story: a reflection exercise, or a text."""
        return [
            NestedXBlockSpec(None, category="sexmot_reflection", label=self.ugettext(_("Reflection exercise"))),
            NestedXBlockSpec(None, category="html", label=self.ugettext(_("Text"))),
        ]

    def author_preview_view(self, context):
        """Studio's unit page shows the story as learners get it, exercises in place."""
        return self.student_view(context)

    @property
    def studio_lists(self):
        """The lists Studio edits as lists, the exercises' places included when there are exercises."""
        return STUDIO_LISTS + child_placement(self, self.ugettext)

    # --- Views ----------------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        """The story for a learner, revealed part by part; course staff also see hints and the presentation link."""
        staff = is_course_staff(self)
        film = film_media(self)
        fragment = Fragment()
        child_html = []
        for child in self.get_children():
            child_fragment = self.runtime.render_child(child, "student_view", context)
            fragment.add_fragment_resources(child_fragment)
            child_html.append(self._child_content(child, child_fragment.content))
        groups = self._groups(film, self.render_html("templates/_film.html", self._film_context(film, 3)), child_html)
        visible = min(max(1, self.furthest_part), len(self.parts))
        fragment.add_content(self.render_html("templates/story.html", {
            "dom_id": self._dom_id(),
            "display_name": self.display_name,
            "intro": clean_rich_text(self.intro),
            "lead": groups[0],
            "groups": list(enumerate(groups[1:], start=1)),
            "part_count": len(self.parts),
            "reached": self.furthest_part,
            "visible": visible,
            "resume_part": self.furthest_part if self.furthest_part > 1 else 0,
            "questions": self.questions,
            "staff": staff,
            "presentation_url": self.runtime.handler_url(self, "presentation") if staff else "",
            "reached_end": self.furthest_part >= len(self.parts),
            "film_required": film["playable"],
            "completion_share": self.completion_share,
            "complete": self._is_complete(film["playable"]),
        }))
        return self._add_learner_resources(
            fragment, "static/story.css", ["static/film.js", "static/story.js"], "SexmotStory"
        )

    def student_view_data(self, context=None):
        """Content only, for the mobile apps: it is called without a user, and hints are for staff."""
        film = film_media(self)
        groups = self._groups(film, "", [str(child_id) for child_id in self.children])
        return {
            "display_name": self.display_name,
            "content_language": self.content_lang,
            "intro": clean_rich_text(self.intro),
            "parts": [{"heading": part["heading"], "html": clean_rich_text(part["text"])} for part in self.parts],
            "film": {
                "available": film["playable"],
                "sources": film["sources"],
                "poster": film["poster"],
                "captions": [
                    {key: track[key] for key in ("src", "srclang", "label", "default")} for track in film["tracks"]
                ],
                "described_sources": film["described_sources"],
                "descriptions": [
                    {key: track[key] for key in ("src", "srclang", "label")} for track in film["descriptions"]
                ],
                "sign_language_sources": film["sign_language_sources"],
                "transcript_html": film["transcript_html"],
            }
            if film["configured"]
            else None,
            "film_position": self.film_position,
            "film_after_part": self.film_after_part,
            "order": [_order_entry(item) for group in groups for item in group],
            "questions": [{"text": question["text"]} for question in self.questions],
            "completion_share": self.completion_share,
        }

    # --- Handlers ---------------------------------------------------------------

    @json_handler(role=require_signed_in, schema=payloads.progress_schema)
    def progress(self, data, suffix=""):
        """Record how far the learner has come; publish completion the first time the rule is met."""
        payloads.check_progress(data)
        state = completion.merged_progress({
            "furthest_part": self.furthest_part, "film_watched": self.film_watched,
            "film_time": self.film_time, "transcript_opened": self.transcript_opened,
        }, data)
        self.furthest_part = state["furthest_part"]
        self.film_watched = float(state["film_watched"])
        self.film_time = float(state["film_time"])
        self.transcript_opened = state["transcript_opened"]
        complete = self._is_complete(film_playable(self))
        if complete and not self.completed:
            self.completed = True
            self.runtime.publish(self, "completion", {"completion": 1.0})
        return {"furthest_part": self.furthest_part, "complete": complete}

    @staff_page_handler
    def presentation(self, request, suffix=""):
        """The story as a page for a projector, one step at a time, with hints; printable as a handout."""
        return self.presentation_page()

    def presentation_page(self):
        """The presentation as a response, for course staff here and for a group session's leader.

        A group session's run sheet (``reflection_xblock.group_sessions``)
        opens it for the leader of a session whose plan names this story,
        once it has checked that the caller leads the session (ADR 0017).
        """
        film = film_media(self)
        film_html = self.render_html("templates/_film.html", self._film_context(film, 2))
        children = [in_language(child.display_name, getattr(child, "content_lang", self.content_lang))
                    for child in self.get_children()]
        steps = [item for group in self._groups(film, film_html, children) for item in group]
        intro = clean_rich_text(self.intro)
        html = self.render_html("templates/presentation.html", {
            "language": translation.get_language() or "sv",
            "display_name": self.display_name,
            "intro": intro,
            "steps": steps,
            "questions": self.questions,
            "step_count": bool(intro) + len(steps) + len(self.questions),
            "css": package_text(__name__, "static/presentation.css"),
            "scripts": [package_text(__name__, "static/film.js"), package_text(__name__, "static/presentation.js")],
        })
        return Response(html, content_type="text/html", charset="utf-8")

    # --- Studio -----------------------------------------------------------------

    @json_handler(role=require_content_editor, schema=STUDIO_EDIT_SCHEMA, own_url=True)  # Studio's editor posts here
    def submit_studio_edits(self, data, suffix=""):
        """Studio's save button, only for the course's authors; malformed values get a 400, never a 500."""
        return checked_studio_submit(self, data, suffix)

    def validate_field_data(self, validation, data):
        """Studio refuses a film in no known place, a share outside (0, 1], and film addresses it cannot serve.

        ``data`` gives the fields as attributes: the values about to be saved, else the current ones.
        """
        from xblock.validation import ValidationMessage  # noqa: PLC0415

        values = {name: getattr(data, name) for name in payloads.STUDIO_CHECKED_FIELDS}
        course_key = getattr(self.scope_ids.usage_id, "course_key", None)  # Open edX's; the workbench has none
        for message in problem_messages(payloads.content_problems(values, course_key), self.ugettext):
            validation.add(ValidationMessage(ValidationMessage.ERROR, message))

    def structural_problems(self, data):
        """What would break the story in ``data`` (field name → value), in the author's language."""
        return problem_messages(payloads.structural_problems(data), self.ugettext)

    def clean_studio_edits(self, data):
        """Sanitize the rich texts (introduction, transcript, each part's text) before they are stored."""
        data.update(payloads.cleaned_rich_texts(data))

    # --- Helpers ----------------------------------------------------------------

    def _is_complete(self, film_required):
        return completion.is_complete(
            part_count=len(self.parts), furthest_part=self.furthest_part, film_required=film_required,
            film_watched=self.film_watched, completion_share=self.completion_share,
            transcript_opened=self.transcript_opened,
        )

    def _child_content(self, child, html):
        """A child's view as the story shows it: a text block of the platform (``html``) is all content and is
        marked with the story's language; a block of ours marks its own content and keeps its interface's."""
        if isinstance(child, SexmotBlockBasics):
            return html
        return format_html('<div lang="{}">{}</div>', self.content_lang, mark_safe(html))  # the child's own HTML

    def _film_context(self, film, heading_level):
        return {**film, "dom_id": self._dom_id(), "resume_time": self.film_time, "heading_level": heading_level}

    def _groups(self, film, film_view, child_views):
        """The story's pieces in reading order (see ``sequence``), each ready for a template."""
        part_count = len(self.parts)
        groups = sequence.reading_groups(
            part_count,
            film["configured"],
            sequence.film_slot(self.film_position, self.film_after_part, part_count),
            sequence.child_slots(self.child_after_part, len(child_views), part_count),
        )
        return [[self._group_item(kind, index, film_view, child_views) for kind, index in group] for group in groups]

    def _group_item(self, kind, index, film_view, child_views):
        if kind == "part":
            part = self.parts[index]
            return {
                "kind": kind,
                "number": index + 1,
                "heading": part["heading"],
                "html": clean_rich_text(part["text"]),
            }
        return {"kind": kind, "view": film_view if kind == "film" else child_views[index]}


def _order_entry(item):
    """One entry of the mobile data's reading order: a part by number, the film, or a child block by id."""
    if item["kind"] == "part":
        return {"kind": "part", "number": item["number"]}
    if item["kind"] == "child":
        return {"kind": "child", "id": item["view"]}
    return {"kind": "film"}
