"""Pages only course staff may fetch (the CSV export, the story's presentation view).

Both are plain GET handlers, not JSON ones: a browser opens or downloads them directly. The role and
method checks come first, before anything of the block is read, and a refusal is a short plain-text
reply, as for the JSON handlers.
"""
import functools

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from .access import require_course_staff
from .i18n import translated


def staff_page_handler(func):
    """Make ``func(self, request, suffix)`` a GET handler for course staff only (405 / 403 otherwise)."""

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "GET":
            return Response("Method must be GET.", status=405, allow=["GET"])
        try:
            require_course_staff(self)
        except JsonHandlerError as error:
            return Response(translated(self, error.message), status=error.status_code, content_type="text/plain")
        return func(self, request, suffix)

    return wrapper
