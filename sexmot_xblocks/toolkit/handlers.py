"""The blocks' handler decorators: a handler says who may call it and what it takes, the decorator does the rest.

Every handler of both blocks is one of two kinds:

- ``json_handler(role=..., schema=...)``: a learner's or facilitator's JSON action. The platform's
  tracking log (``TrackMiddleware``, ``common/djangoapps/track/middleware.py``) and the web server's
  access log record every request's path and query with the user, so no action has an address of
  its own: each block has one handler, ``ACTION_HANDLER`` (``JsonActions``), and the action's name
  travels in the JSON body, ``{"action": name, "data": {...}}``, which neither log reads. POST only;
  a JSON body (a form upload, whose body Django's CSRF middleware has already read, is a 415;
  malformed or deeply nested JSON a 400, because Python's parser raises ``RecursionError`` on depth,
  which XBlock's own decorator lets through); an action the block does not have a 400; then the
  role check, before anything of the block is read; then the JSON Schema (a dict, or a function of
  the block for schemas that depend on its settings); then the action, and the save of whatever it
  changed in the learner's state. A ``JsonHandlerError`` becomes its status with the message in the
  learner's language; a failure to store anything (our tables, or the learner's state) a 503 with
  the retry message, after the transaction has rolled everything back. The LMS does not let a
  failed state save through as a database error: ``UserStateCache.set_many``
  (``lms/djangoapps/courseware/model_data.py``) turns it into ``KeyValueMultiSaveError``, which
  ``XBlock.save`` and ``force_save_fields`` raise as ``XBlockSaveError``; both are a failed save here.
  ``own_url=True`` keeps a handler of its own name for a caller that is not ours: Studio's editor
  posts to ``submit_studio_edits``.
- ``page_handler(role)`` (``staff_page_handler``, ``signed_in_page_handler``): a GET page a browser
  opens or downloads directly (the CSV export, the story's presentation, a group session's pages);
  a refusal is a short plain-text reply (a 429 with its ``Retry-After``), except to a visitor who is
  not signed in (a phone that scanned a session's QR code): a page with a link to the LMS's sign-in.
"""
import functools
import json

from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext_noop as _
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError, XBlockSaveError

from .access import is_signed_in, require_course_staff, require_signed_in
from .i18n import translated
from .package_files import package_text
from .page_headers import private_page
from .site_addresses import sign_in_url
from .templates import render_template
from .validation import validate_payload

#: No payload of ours nests deeper than three levels; anything beyond this is refused unread.
MAX_DEPTH = 8
#: What a learner reads when the database failed: nothing was written, so trying again is safe.
RETRY_MESSAGE = _("Your answers could not be saved. Nothing was changed; please try again.")
#: What a failed write raises: the database's own error (our tables), or the runtime's failed state save (the LMS).
SAVE_FAILURES = (DatabaseError, XBlockSaveError)
#: Bodies that are not JSON; a form upload's body is read by the CSRF middleware before any handler.
_FORM_TYPES = ("multipart/form-data",)


#: The one handler name of every JSON action of a block: the path tells nothing of what a learner did.
ACTION_HANDLER = "action"


def json_handler(func=None, *, role=None, schema=None, own_url=False):
    """Make ``func(self, data, suffix)`` a JSON action for callers that pass ``role`` (see the module docstring).

    ``role(block)`` raises a ``JsonHandlerError`` for a caller who may not call it (``access.require_*``);
    ``schema`` is a JSON Schema or a function of the block that returns one. Usable bare
    (``@json_handler``) for an action that checks both itself. The action is reached through the block's
    ``ACTION_HANDLER`` under its own name; ``own_url`` makes it a handler of that name instead.
    """
    if func is None:
        return functools.partial(json_handler, role=role, schema=schema, own_url=own_url)

    @functools.wraps(func)
    def run(self, data, suffix=""):
        try:
            if role is not None:
                role(self)
            if schema is not None:
                data = validate_payload(data, schema(self) if callable(schema) else schema)
            reply = func(self, data, suffix)
            self.save()  # here, not after the handler: a failed save is the learner's 503, not the LMS's 500
        except SAVE_FAILURES:
            self._clear_dirty_fields()  # nothing left for the runtime to save
            response = JsonHandlerError(503, translated(self, RETRY_MESSAGE)).get_response()
            response.headers["Retry-After"] = "1"
            return response
        except JsonHandlerError as error:
            error.message = translated(self, error.message)
            return error.get_response()
        return Response(json.dumps(reply), content_type="application/json", charset="utf8")

    run.role = role
    if not own_url:
        run.json_action = func.__name__
        return run

    @XBlock.handler
    @functools.wraps(func)
    def handler(self, request, suffix=""):
        data, refusal = _decoded(request)
        return refusal if refusal is not None else run(self, data, suffix)

    handler.role = role
    return handler


class RetryLater(JsonHandlerError):
    """A 429 that tells the browser when to try again."""

    def __init__(self, message, seconds):
        super().__init__(429, message)
        self.seconds = seconds

    def get_response(self, **kwargs):
        """The JSON error reply with a ``Retry-After`` header."""
        response = super().get_response(**kwargs)
        response.headers["Retry-After"] = str(self.seconds)
        return response


class JsonActions:
    """The block's one handler of JSON actions (``ACTION_HANDLER``): the body names the action and carries its data."""

    @XBlock.handler
    def action(self, request, suffix=""):
        """Run the action the body names (``{"action": name, "data": {...}}``) as its ``json_handler`` says."""
        envelope, refusal = _decoded(request)
        if refusal is not None:
            return refusal
        name = envelope.get("action") if isinstance(envelope, dict) and not set(envelope) - {"action", "data"} else None
        action = getattr(type(self), name, None) if isinstance(name, str) else None
        if action is None or getattr(action, "json_action", None) != name:
            return JsonHandlerError(400, "Invalid input: the request names no action of this exercise.").get_response()
        return action(self, envelope.get("data", {}), suffix)


def page_handler(role):
    """A decorator making ``func(self, request, suffix)`` a GET page for whom ``role(block)`` lets through.

    A ``JsonHandlerError`` raised by the check or by the page itself becomes a short plain-text reply
    with its status; a database failure the retry message with a 503.
    """

    def decorate(func):
        @XBlock.handler
        @functools.wraps(func)
        def wrapper(self, request, suffix=""):
            if request.method != "GET":
                return Response("Method must be GET.", status=405, allow=["GET"])
            try:
                role(self)
                return func(self, request, suffix)
            except JsonHandlerError as error:
                if error.status_code == 403 and not is_signed_in(self):
                    return _sign_in_page(self, request, error.message)
                response = Response(translated(self, error.message), status=error.status_code,
                                    content_type="text/plain")
                if isinstance(error, RetryLater):
                    response.headers["Retry-After"] = str(error.seconds)
                return response
            except SAVE_FAILURES:
                return Response(translated(self, RETRY_MESSAGE), status=503, content_type="text/plain",
                                headers={"Retry-After": "1"})

        wrapper.role = role
        return wrapper

    return decorate


#: A GET page for course staff only (405 / 403 otherwise): the CSV export, the story's presentation.
staff_page_handler = page_handler(require_course_staff)
#: A GET page for any signed-in user (405 / 403 otherwise); the page checks anything further itself.
signed_in_page_handler = page_handler(require_signed_in)


def _sign_in_page(block, request, message):
    """A whole page for a visitor who is not signed in (a phone that scanned the code): why, and a link to sign in.

    The link is the LMS's sign-in page, which brings the visitor back to the page they asked for.
    """
    html = render_template(__name__, "page_templates/sign_in.html", {
        "language": translation.get_language() or "sv",
        "css": package_text(__name__, "static/sign_in.css"),
        "message": translated(block, message),
        "sign_in_url": sign_in_url(request.path_qs),
    }, block.runtime.service(block, "i18n"))
    return private_page(Response(html, status=403, content_type="text/html", charset="utf-8"))


def _decoded(request):
    """``(data, None)`` for a POST with a usable JSON body, else ``(None, the refusal)``."""
    if request.method != "POST":
        return None, JsonHandlerError(405, "Method must be POST.").get_response(allow=["POST"])
    if request.content_type in _FORM_TYPES:
        return None, JsonHandlerError(415, "Invalid input: send the request as JSON, not as a form.").get_response()
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None, JsonHandlerError(400, "Invalid input: the request is not valid JSON.").get_response()
    if _too_deep(data):
        return None, JsonHandlerError(400, "Invalid input: the request is nested too deeply.").get_response()
    return data, None


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
