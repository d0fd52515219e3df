"""Studio's save button for both blocks: only the course's authors, and malformed values get a 400.

``StudioEditableXBlockMixin.submit_studio_edits`` trusts its body: a learner could call it, a body
without ``values`` or with a value of the wrong type ends in a server error. Both blocks declare
their save handler with the author role and ``STUDIO_EDIT_SCHEMA`` and route it through
:func:`checked_studio_submit` instead.
"""
import json

from webob import Request
from xblock.exceptions import JsonHandlerError
from xblock.utils.studio_editable import StudioEditableXBlockMixin

#: What Studio's editor sends: the edited values, and the names of fields reset to their defaults.
STUDIO_EDIT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["values"],
    "properties": {
        "values": {"type": "object", "maxProperties": 30},
        "defaults": {"type": "array", "maxItems": 30, "items": {"type": "string", "maxLength": 64}},
    },
}


def check_studio_values(block, values):
    """Each edited value must name an editable field and convert to its type, and nothing may break the block
    (its ``structural_problems``, the rule its OLX reader applies too); otherwise a 400."""
    for name, value in values.items():
        if name not in block.editable_fields:
            raise JsonHandlerError(400, "Invalid input: a value names a setting this block does not have.")
        try:
            block.fields[name].from_json(value)
        except (TypeError, ValueError) as error:
            raise JsonHandlerError(400, f"Invalid input: {name} has a value of the wrong type.") from error
    problems = block.structural_problems(values)
    if problems:
        raise JsonHandlerError(400, " ".join(problems))


def checked_studio_submit(block, data, suffix=""):
    """Check the values, then save through the mixin's own handler (its validation messages included).

    The handler that calls this declares the author role and ``STUDIO_EDIT_SCHEMA``. The mixin's
    ``submit_studio_edits`` is an ``XBlock.json_handler``: it is called as any handler is, with a JSON
    request, and its reply read back (its 400 with the validation messages raised as ours).
    """
    check_studio_values(block, data["values"])
    request = Request.blank("/", method="POST", content_type="application/json",
                            body=json.dumps({"defaults": [], **data}).encode("utf-8"))
    reply = StudioEditableXBlockMixin.submit_studio_edits(block, request, suffix)
    body = json.loads(reply.body)
    if reply.status_code != 200:
        raise JsonHandlerError(reply.status_code, body.get("error", ""))
    return body
