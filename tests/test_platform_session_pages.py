"""A group session's pages as a phone and a projector meet them on a real Open edX behind its proxy.

Tutor's Caddy proxy speaks https to browsers and http to the LMS, so the
LMS's WSGI scheme (``request.host_url``) is ``http``; Open edX names its
public address in ``LMS_ROOT_URL``, and Django's ``build_absolute_uri``
honours ``SECURE_PROXY_SSL_HEADER``. A phone that scans the code before
signing in meets the page as a visitor; the LMS's sign-in page is ``/login``
with ``next``.
"""
import re

import pytest
import segno

from tests.handler_calls import action_body, action_path
from tests.security_support import EXERCISE

LEADER = "samtalsledare"
#: What Tutor's proxy passes on of a browser's https request: the host asked for, and the scheme in a header.
PROXY_HTTPS = {"HTTP_HOST": "kurs.example.se", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def exercise(load_scenario):
    return load_scenario(EXERCISE)


def start_session(exercise):
    return exercise.post("start_session", {}, LEADER).json()


def projector(exercise, code, **headers):
    """The projector view as its page receives it for the code in its address's fragment."""
    reply = exercise.client.post(action_path(exercise.usage_id, "session_document", LEADER),
                                 action_body("session_document", {"code": code, "view": "projector"}),
                                 content_type="application/json", **headers)
    assert reply.status_code == 200
    return reply.json()["html"]


def qr_path(url):
    """The drawing of a QR code of ``url`` as the projector draws it (segno, error level M)."""
    return re.search(r' d="([^"]+)"', segno.make(url, error="m").svg_inline(scale=8, border=4)).group(1)


def test_behind_a_tls_proxy_the_join_link_and_qr_code_use_https(exercise, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["testserver", "kurs.example.se"]
    session = start_session(exercise)
    page = projector(exercise, session["code"], **PROXY_HTTPS)
    join_url = "https://kurs.example.se" + session["join_url"]
    assert join_url.endswith("#" + session["code"])
    assert join_url.replace("&", "&amp;") in page
    assert "http://kurs.example.se" not in page
    assert qr_path(join_url) in page, "the QR code holds the https link"


def test_the_join_link_and_qr_code_use_the_lms_s_public_address_when_set(exercise, settings):
    settings.LMS_ROOT_URL = "https://kurs.example.se"
    session = start_session(exercise)
    page = projector(exercise, session["code"])
    join_url = "https://kurs.example.se" + session["join_url"]
    assert join_url.replace("&", "&amp;") in page
    assert qr_path(join_url) in page


def test_a_phone_not_signed_in_gets_a_page_with_a_link_to_sign_in_and_back(exercise, settings):
    settings.LMS_ROOT_URL = "https://kurs.example.se"
    session = start_session(exercise)
    path = f"/handler/{exercise.usage_id}/session_page/?student=none"
    reply = exercise.client.get(path)
    assert reply.status_code == 403
    assert reply["Content-Type"].startswith("text/html")
    page = reply.content.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "Please sign in to take part in this exercise." in page
    links = re.findall(r'<a class="sexmot-sign-in-link" href="([^"]+)"', page)
    assert links and links[0].startswith("https://kurs.example.se/login?next=/handler/")
    assert session["code"] not in page


@pytest.mark.parametrize("handler", ["session_page", "session_projector", "session_run_sheet"])
def test_session_pages_refuse_to_be_framed(exercise, handler):
    reply = exercise.client.get(f"/handler/{exercise.usage_id}/{handler}/?student={LEADER}")
    assert reply.status_code == 200
    assert reply["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in reply["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_a_phone_that_signs_in_first_comes_back_to_the_session_of_its_link(browser, live_server, load_scenario):
    """The code is in the link's fragment, which no server sees and the sign-in's redirects drop: the sign-in
    page keeps it in the tab, and the session's page takes it back once the visitor is signed in."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415

    exercise = load_scenario(EXERCISE)
    code = start_session(exercise)["code"]
    context = browser.new_context(viewport={"width": 320, "height": 700})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/handler/{exercise.usage_id}/session_page/?student=none#{code}")
    phone.locator(".sexmot-sign-in-link").wait_for()
    assert Axe().run(phone).violations_count == 0
    assert "/login?next=" in phone.locator(".sexmot-sign-in-link").get_attribute("href")
    # Signed in (the preview's ``?student=``), the LMS sends the browser back to the page, without the fragment.
    phone.goto(f"{live_server.url}/handler/{exercise.usage_id}/session_page/?student=deltagare_1")
    phone.locator(".sexmot-form").wait_for()
    assert f"Group session {code}" in phone.inner_text("h1")
    assert phone.evaluate("window.location.hash") == f"#{code}"
    context.close()
