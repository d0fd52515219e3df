"""What the reflection exercise accepts: handler payloads and Studio content."""
import re

from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.api import MAX_SESSION_KEEP_DAYS as MAX_KEEP_DAYS
from sexmot_xblocks.storage.api import MIN_GROUP_SIZE
from sexmot_xblocks.toolkit.content_language import language_problems
from sexmot_xblocks.toolkit.content_rules import Problem
from sexmot_xblocks.toolkit.studio_lists import DISPLAY_NAME_LIMIT, TextLimit, list_shape_problems, too_long_problems

from .studio import STORY_NAME, STUDIO_LISTS

#: The longest exercise of the group plan, in minutes, as the run sheet's timer takes it.
MAX_MINUTES = 120
EMPTY_SCHEMA = {"type": "object", "additionalProperties": False, "maxProperties": 0}
#: A group session's code as a participant's page sends it (``sexmot_xblocks.storage.api.find_session`` checks it).
SESSION_CODE = {"type": "string", "maxLength": 20}
CODE_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["code"],
               "properties": {"code": SESSION_CODE}}
WITHDRAW_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {"session": SESSION_CODE}}
#: The highest page of shared texts anyone may ask for.
MAX_PAGE = 100000
PAGE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
}
#: A learner's page of the group's shared texts: the course's, or with ``session`` a group session's.
GROUP_PAGE_SCHEMA = {**PAGE_SCHEMA, "properties": {**PAGE_SCHEMA["properties"], "session": SESSION_CODE}}
#: The views of a group session a page asks for by the code in its address's fragment (``group_sessions``).
SESSION_VIEWS = ("page", "projector", "run_sheet", "story")
SESSION_DOCUMENT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["code", "view"],
    "properties": {"code": SESSION_CODE, "view": {"enum": list(SESSION_VIEWS)},
                   "step": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
}
#: A poll of a session's results: the page of shared texts, the heading level, the tag of the results it shows.
SESSION_RESULTS_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["code"],
    "properties": {"code": SESSION_CODE, "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                   "heading": {"enum": [3, 4]}, "tag": {"type": "string", "maxLength": 64}},
}
STATEMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: The longest free text any configuration accepts: it bounds every page of shared texts a facilitator loads.
HARD_MAX_LENGTH = 20000
#: The longest texts of the settings that are no lists (the lists' are their inputs', in ``studio``).
TEXT_LIMITS = (
    DISPLAY_NAME_LIMIT,
    TextLimit("prompt", 5000, _("The prompt can have at most 5,000 characters.")),
    TextLimit("free_text_prompt", 500, _("The free-text question can have at most 500 characters.")),
)


def text_limit(block):
    """The character limit applied: what staff configured, between 1 and ``HARD_MAX_LENGTH``."""
    try:
        configured = int(block.max_length)
    except (TypeError, ValueError):
        configured = HARD_MAX_LENGTH
    return min(max(1, configured), HARD_MAX_LENGTH)


def submit_schema(block):
    """The shape of a submission for this block's configuration (statement count, text limit)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["answers", "sharing"],
        "properties": {
            "answers": {
                "type": "object",
                "maxProperties": max(1, len(block.statements)),
                "propertyNames": {"pattern": STATEMENT_ID.pattern},
                "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
            },
            "free_text": {"type": "string", "maxLength": text_limit(block)},
            "sharing": {"enum": list(api.SHARING_CHOICES)},
            "session": SESSION_CODE,
        },
    }


def check_submission(block, data):
    """Rules the schema cannot say: every statement answered, and a free text that fits the choice."""
    expected = {statement["id"] for statement in block.statements}
    answered = set(data["answers"])
    if answered - expected:
        raise JsonHandlerError(400, "Invalid input: an answer names a statement this exercise does not have.")
    if expected - answered:
        raise JsonHandlerError(400, _("Please answer every statement before you submit."))
    text = data.get("free_text", "").strip()
    sharing = data["sharing"]
    if text and not block.free_text_enabled:
        raise JsonHandlerError(400, "Invalid input: this exercise has no free-text question.")
    if sharing == api.SHARED and not block.allow_sharing:
        raise JsonHandlerError(400, _("Sharing is not allowed in this exercise."))
    if sharing == api.SHARED and not text:
        raise JsonHandlerError(400, _("Write a text before you share it."))
    if sharing == api.DEVICE and text:
        raise JsonHandlerError(400, "A text kept on this device only must not be sent to the server.")
    if not expected and not text and sharing != api.DEVICE:
        raise JsonHandlerError(400, _("Write a reflection before you submit."))


def _whole_number(value):
    """``value`` as an int, or None when it is not a whole number (None, text, a fraction)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def content_problems(data):
    """What Studio must refuse in an exercise's settings, as message ids next to the fields (``content_rules``).

    ``data`` maps field names to the values about to be saved.
    """
    problems = []
    threshold = _whole_number(data.get("threshold", MIN_GROUP_SIZE))
    if threshold is None or threshold < MIN_GROUP_SIZE:
        problems.append(Problem(_("The minimum number of answers must be a whole number and cannot be below "
                                  "{minimum}."), minimum=MIN_GROUP_SIZE))
    session_threshold = _whole_number(data.get("session_threshold", MIN_GROUP_SIZE))
    if session_threshold is None or session_threshold < MIN_GROUP_SIZE:
        problems.append(Problem(_("The minimum number of answers in a group session must be a whole number and "
                                  "cannot be below {minimum}."), minimum=MIN_GROUP_SIZE))
    keep_days = _whole_number(data.get("session_keep_days", 1))
    if keep_days is None or not 1 <= keep_days <= MAX_KEEP_DAYS:
        problems.append(Problem(_("A group session must be kept between 1 and {maximum} days."), maximum=MAX_KEEP_DAYS))
    max_length = _whole_number(data.get("max_length", 1))
    if max_length is None or not 1 <= max_length <= HARD_MAX_LENGTH:
        problems.append(Problem(_("The character limit must be a whole number between 1 and {maximum}."),
                                maximum=HARD_MAX_LENGTH))
    labels = data.get("scale_labels", ["x"] * 5)
    if not isinstance(labels, list) or len(labels) != 5 or not all(
        isinstance(label, str) and label.strip() for label in labels
    ):
        problems.append(_("The scale needs exactly five non-empty labels."))
    problems += too_long_problems(STUDIO_LISTS, TEXT_LIMITS, data)
    return problems + plan_problems(data.get("group_plan", [])) + structural_problems(data)


def plan_problems(plan):
    """What Studio must refuse in the group plan (its shape is the list editor's, checked before this)."""
    problems = []
    if not isinstance(plan, list) or not all(isinstance(item, dict) for item in plan):
        return problems
    if any(not str(item.get("title", "")).strip() for item in plan):
        problems.append(_("Each exercise of the group plan needs a title."))
    minutes = [_whole_number(item.get("minutes")) for item in plan]
    if any(number is None or not 1 <= number <= MAX_MINUTES for number in minutes):
        problems.append(Problem(_("Each exercise of the group plan needs its minutes as a whole number from 1 to "
                                  "{maximum}."), maximum=MAX_MINUTES))
    if any(item.get("story") and not re.fullmatch(STORY_NAME, str(item["story"])) for item in plan):
        problems.append(_("A story of the group plan is named by its url_name: letters, digits and _ - . : ~ only."))
    if sum(1 for item in plan if item.get("reflection") is True) > 1:
        problems.append(_("Mark at most one exercise of the group plan as the reflection."))
    return problems


def structural_problems(data):
    """What would break an exercise outright (lists of the wrong shape, statements learners cannot answer,
    a weight that is no number, a content language that is no language tag), as message ids.

    Unlike a low threshold or a long character limit, which the block
    corrects when it runs, these are refused wherever content comes in:
    Studio's save, the OLX reader and (through ``content_problems``) Studio's
    validation.
    """
    problems = list_shape_problems(STUDIO_LISTS, data)
    weight = data.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight < float("inf"):
        problems.append(_("The weight must be a number, at least 0."))
    statements = data.get("statements", [])
    if not statements_well_formed(statements):
        problems.append(_("Each statement needs a text."))
    else:
        ids = [item["id"] for item in statements if item.get("id")]
        if len(ids) != len(set(ids)) or not all(STATEMENT_ID.fullmatch(item) for item in ids):
            problems.append(_("Statement ids must be unique and use only letters, digits, - and _."))
    return problems + language_problems(data)


def statements_well_formed(statements):
    """True for a list of ``{"id": "...", "text": "..."}`` with a text in each (the id may still be missing)."""
    return isinstance(statements, list) and all(
        isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip()
        and isinstance(item.get("id", ""), str)
        for item in statements
    )
