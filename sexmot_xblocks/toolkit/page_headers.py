"""The headers of every whole page the blocks serve on their own (group sessions, the way to sign in).

Such a page opens outside the course's frame, names a session, and may be
shown on a shared screen: no cache keeps it, no link out names it in its
referrer, and no other site may frame it (a framing page could overlay it and
trick a click: X-Frame-Options for older browsers, CSP ``frame-ancestors``
for the rest). A page whose script posts back (a session's page asks for
its view by POST) gets Django's CSRF cookie, which a phone that opens it
straight from a QR code may not have yet.
"""
import crum
from django.middleware.csrf import get_token


def private_page(response):
    """``response`` with the headers of a page of its own: not cached, no referrer outside, never framed."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return response


def page_that_posts(response):
    """``private_page(response)``, and the request's CSRF cookie set on it (Django's middleware adds it)."""
    request = crum.get_current_request()
    if request is not None:
        get_token(request)
    return private_page(response)
