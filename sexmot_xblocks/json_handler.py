"""A JSON handler decorator that answers every bad request with a 4xx and every database failure with a 503.

XBlock's own ``json_handler`` turns malformed JSON into a 400, but a body
nested thousands of levels deep makes Python's JSON parser raise
``RecursionError``, and a form upload arrives with its body already read by
Django's CSRF middleware; it lets both through as server errors. Handlers of
these blocks use this decorator instead; it also refuses nesting deeper than
any payload of ours needs before a schema validator has to walk it, and turns
a database failure anywhere in the handler (the learner's state, our tables)
into the JSON retry message, after the transaction has rolled everything back.
"""
import functools
import json

from django.db import DatabaseError
from django.utils.translation import gettext_noop as _
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from .i18n import translated

#: No payload of ours nests deeper than three levels; anything beyond this is refused unread.
MAX_DEPTH = 8
#: What a learner reads when the database failed: nothing was written, so trying again is safe.
RETRY_MESSAGE = _("Your answers could not be saved. Nothing was changed; please try again.")
#: Bodies that are not JSON; a form upload's body is read by the CSRF middleware before any handler.
_FORM_TYPES = ("multipart/form-data",)


def json_handler(func):
    """Like ``XBlock.json_handler``: POST only, JSON in and out, ``JsonHandlerError`` as an error reply."""

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "POST":
            return JsonHandlerError(405, "Method must be POST.").get_response(allow=["POST"])
        if request.content_type in _FORM_TYPES:
            return JsonHandlerError(415, "Invalid input: send the request as JSON, not as a form.").get_response()
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (ValueError, RecursionError):
            return JsonHandlerError(400, "Invalid input: the request is not valid JSON.").get_response()
        if _too_deep(data):
            return JsonHandlerError(400, "Invalid input: the request is nested too deeply.").get_response()
        try:
            reply = func(self, data, suffix)
        except DatabaseError:
            error = JsonHandlerError(503, translated(self, RETRY_MESSAGE))
            response = error.get_response()
            response.headers["Retry-After"] = "1"
            return response
        except JsonHandlerError as error:
            error.message = translated(self, error.message)
            return error.get_response()
        return Response(json.dumps(reply), content_type="application/json", charset="utf8")

    return wrapper


def _too_deep(data):
    """True when ``data`` nests lists or objects deeper than ``MAX_DEPTH``, found without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False
