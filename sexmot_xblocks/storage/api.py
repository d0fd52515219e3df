"""The anonymous storage's one public door: everything outside the app imports this module, and only this one.

Every write of the storage goes through a function named here: a learner's
answers and texts (``submit``, ``withdraw``), the course's reach counts
(``count_reach_choice``, ``count_reach_session_answer``,
``count_reach_completions``: ``answers.amend``, a write computed from the
answers the storage holds), a group session's life
(``start_session``, ``close_session``, the purges) and the moves after a
rotation of the site's secret (``rekey_learner``, ``reseal_rows``). Each owns
its transaction. Reads give back values, never querysets, so no caller
reaches a model. The rules about what others may see come from one module,
``visibility`` (thresholds, rounded shares, ``GroupView``); the keys that
name a learner from another, ``keyed_hashes``. ``.importlinter`` keeps every
other module of the app private to it (``tests/test_layers.py``), as
openedx-learning's apps keep theirs behind their ``api``.
"""
from . import answers, reach, sessions
from .answers import (
    LearnerRecord,
    PublishedResults,
    ReleaseState,
    Scope,
    SharedPage,
    Submission,
    Written,
    own_shared_text,
    participant_count,
    published_results,
    release_state,
    reseal_rows,
    shared_page,
    shares_a_text,
    statement_tallies,
    submit,
    withdraw,
)
from .keyed_hashes import fallback_secrets, keyed_hash
from .reach import COUNTIES as REACH_COUNTIES
from .reach import COUNTY as REACH_COUNTY
from .reach import TARGET_GROUP as REACH_TARGET_GROUP
from .reach import block_scope_key as reach_scope_key
from .reach import choose as count_reach_choice
from .reach import note_session_answer as count_reach_session_answer
from .reach import report as reach_report
from .reach import threshold as reach_threshold
from .reach_completion import CompletionsUnavailable
from .reach_completion import count_completions as count_reach_completions
from .reach_suppression import COLUMNS as REACH_COLUMNS
from .sealing import seal, unseal
from .sessions import DEFAULT_KEEP_DAYS as DEFAULT_SESSION_KEEP_DAYS
from .sessions import MAX_KEEP_DAYS as MAX_SESSION_KEEP_DAYS
from .sessions import TooManySessions, purge_previews
from .sessions import close as close_session
from .sessions import find as find_session
from .sessions import is_leader as leads_session
from .sessions import is_open as session_is_open
from .sessions import led_by as session_led_by
from .sessions import purge as purge_sessions
from .sessions import release_scope as session_scope
from .sessions import scope_key as session_scope_key
from .sessions import start as start_session
from .sessions import takes_part as takes_part_in_session
from .sharing import CHOICES as SHARING_CHOICES
from .sharing import DEVICE, PRIVATE, SHARED
from .storage_keys import storage_key
from .visibility import (
    DEFAULT_GROUP_SIZE,
    DEFAULT_SESSION_GROUP_SIZE,
    MIN_GROUP_SIZE,
    GroupView,
    effective_threshold,
    percentages,
)

__all__ = [
    # A learner's answers and texts
    "LearnerRecord",
    "PublishedResults",
    "ReleaseState",
    "Scope",
    "SharedPage",
    "Submission",
    "Written",
    "own_shared_text",
    "participant_count",
    "published_results",
    "release_state",
    "shared_page",
    "shares_a_text",
    "statement_tallies",
    "submit",
    "withdraw",
    # What a learner chose to do with their free text
    "DEVICE",
    "PRIVATE",
    "SHARED",
    "SHARING_CHOICES",
    # What others may see
    "DEFAULT_GROUP_SIZE",
    "DEFAULT_SESSION_GROUP_SIZE",
    "MIN_GROUP_SIZE",
    "GroupView",
    "effective_threshold",
    "percentages",
    # Group sessions
    "DEFAULT_SESSION_KEEP_DAYS",
    "MAX_SESSION_KEEP_DAYS",
    "TooManySessions",
    "close_session",
    "find_session",
    "leads_session",
    "purge_previews",
    "purge_sessions",
    "session_is_open",
    "session_led_by",
    "session_scope",
    "session_scope_key",
    "start_session",
    "takes_part_in_session",
    # Reach: the course's counts by target group and county, and its report
    "REACH_COLUMNS",
    "REACH_COUNTIES",
    "REACH_COUNTY",
    "REACH_TARGET_GROUP",
    "CompletionsUnavailable",
    "count_reach_choice",
    "count_reach_completions",
    "count_reach_session_answer",
    "reach_report",
    "reach_scope_key",
    "reach_threshold",
    # Keys, seals and the site's secrets
    "fallback_secrets",
    "keyed_hash",
    "rekey_learner",
    "rekey_session_discussions",
    "reseal_rows",
    "seal",
    "storage_key",
    "unseal",
]


def rekey_learner(exercise_key, learner_id):
    """Move one learner's rows of an exercise and of every session of it, and the sessions they lead, to the
    current key.

    What ``manage.py sexmot_rekey`` does for each learner after a rotation of
    the site's secret; a learner's next write does it for the scope it writes in.
    """
    answers.rekey_learner(exercise_key, learner_id, sessions.scope_keys_of(exercise_key))
    sessions.rekey_leader(exercise_key, learner_id)


def rekey_session_discussions():
    """Move the reach report's marks of the kept sessions' discussions to the current key (``manage.py
    sexmot_rekey``), so that a session held before a rotation is never counted again after it."""
    reach.rekey_discussions(sessions.all_scope_keys())
