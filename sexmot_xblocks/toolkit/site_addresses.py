"""Addresses of the site as a learner's browser reaches it: a link to print or scan, and the way to sign in.

Behind Tutor's proxy the LMS's WSGI scheme is ``http`` (``request.host_url``
follows it), while learners reach the site over ``https``. Open edX names its
public address in the ``LMS_ROOT_URL`` setting; where it is absent (the
preview), Django's ``build_absolute_uri`` on the request, which honours
``SECURE_PROXY_SSL_HEADER``, gives the address the browser used.
"""
from urllib.parse import quote

import crum
from django.conf import settings

#: The LMS's sign-in page; it sends the browser back to ``next`` once signed in.
LMS_SIGN_IN_PATH = "/login"


def absolute_url(path):
    """``path`` (a site-relative address such as a handler URL) as a whole address with the site's real scheme."""
    if not path.startswith("/"):
        return path
    root = getattr(settings, "LMS_ROOT_URL", "")
    if root:
        return root.rstrip("/") + path
    request = crum.get_current_request()
    return request.build_absolute_uri(path) if request is not None else path


def sign_in_url(next_path):
    """The LMS's sign-in page, coming back to ``next_path`` (a site-relative address) once signed in."""
    return absolute_url(LMS_SIGN_IN_PATH) + "?next=" + quote(next_path, safe="/")
