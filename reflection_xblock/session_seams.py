"""The two surfaces the group sessions meet other code through: their exercise, and a story of their plan.

The group sessions (``group_sessions``) are a part of the reflection exercise
with fields and handlers of their own. They use nothing of the exercise but
``ExerciseForSessions``, and the exercise uses nothing of them but their
public methods (ADR 0030). A story the plan names is loaded through the
runtime by its url_name, where no import says which block comes back:
``StoryForRunSheet`` names what the run sheet and ``session_story`` read of
it, and ``tests/unit/test_group_session_seams.py`` checks the story block
against it, as it checks the reflection against ``ExerciseForSessions``.
"""
from typing import Any, Protocol, runtime_checkable


class ExerciseForSessions(Protocol):
    """What a group session asks of its reflection exercise: the exercise's own views, for a session's scope."""

    display_name: str
    #: The language of the exercise's content (``ContentLanguageMixin``).
    content_lang: str
    #: XBlock's own: handler addresses, services, the block's usage and the caller's user id.
    runtime: Any
    scope_ids: Any

    def ugettext(self, text):
        """``text`` in the user's language."""

    def render_html(self, template, context):
        """One of the exercise's templates, rendered in the user's language."""

    def form_context(self, scope_key=None):
        """The exercise's form for the current learner, with their answers; ``scope_key`` a session's pool."""

    def group_html(self, page=1, scope_key=None, threshold=None, page_size=20, session=False, shared_heading=4,
                   released=None):
        """What anyone may see of the group of ``scope_key`` (a session's) with its ``threshold``."""

    def learner_results_html(self, group_html, shares=None):
        """What a learner sees after answering: ``group_html`` and the way to withdraw a shared text."""


@runtime_checkable
class StoryForRunSheet(Protocol):
    """What a session's run sheet and its ``session_story`` page read of a story its plan names."""

    display_name: str
    #: The language of the story's content, for the ``lang`` of its title and questions.
    content_lang: str
    #: The story's discussion questions, ``[{"text": ..., "hint": ...}]``.
    questions: list

    def presentation_page(self):
        """The story's presentation for a projector, with the facilitator's hints, as a ``webob.Response``."""
