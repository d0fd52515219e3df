"""A JSON handler decorator that answers hostile bodies with a 400, never a 500.

XBlock's own ``json_handler`` turns malformed JSON into a 400, but a body
nested thousands of levels deep makes Python's JSON parser raise
``RecursionError``, which it lets through as a server error. Handlers of
these blocks use this decorator instead; it also refuses nesting deeper than
any payload of ours needs before a schema validator has to walk it.
"""
import functools
import json

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from .i18n import translated

#: No payload of ours nests deeper than three levels; anything beyond this is refused unread.
MAX_DEPTH = 8


def json_handler(func):
    """Like ``XBlock.json_handler``: POST only, JSON in and out, ``JsonHandlerError`` as an error reply."""

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "POST":
            return JsonHandlerError(405, "Method must be POST.").get_response(allow=["POST"])
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (ValueError, RecursionError):
            return JsonHandlerError(400, "Invalid input: the request is not valid JSON.").get_response()
        if _too_deep(data):
            return JsonHandlerError(400, "Invalid input: the request is nested too deeply.").get_response()
        try:
            reply = func(self, data, suffix)
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
