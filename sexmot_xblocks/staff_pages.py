"""Pages a browser opens directly: for course staff (the CSV export, the story's presentation view), or for
any signed-in learner (a group session's pages, which check the session themselves).

They are plain GET handlers, not JSON ones: a browser opens or downloads them directly. The role and
method checks come first, before anything of the block is read, and a refusal is a short plain-text
reply, as for the JSON handlers.
"""
import functools

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from .access import require_course_staff, require_signed_in
from .i18n import translated


def page_handler(require):
    """A decorator making ``func(self, request, suffix)`` a GET handler for whom ``require(block)`` lets through.

    A ``JsonHandlerError`` raised by the check or by the page itself becomes
    the short plain-text refusal with its status.
    """

    def decorate(func):
        @XBlock.handler
        @functools.wraps(func)
        def wrapper(self, request, suffix=""):
            if request.method != "GET":
                return Response("Method must be GET.", status=405, allow=["GET"])
            try:
                require(self)
                return func(self, request, suffix)
            except JsonHandlerError as error:
                return Response(translated(self, error.message), status=error.status_code,
                                content_type="text/plain")

        return wrapper

    return decorate


#: A GET page for course staff only (405 / 403 otherwise).
staff_page_handler = page_handler(require_course_staff)
#: A GET page for any signed-in user (405 / 403 otherwise); the page checks anything further itself.
signed_in_page_handler = page_handler(require_signed_in)
