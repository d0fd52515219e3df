"""What the platform's request logs record of the blocks: no action a learner took, no session they are in.

Open edX's ``TrackMiddleware`` (``common/djangoapps/track/middleware.py``)
writes every request to the tracking log with the username, the user id, the
IP, the path (``PATH_INFO``) and the ``GET`` and ``POST`` dicts; a JSON body
is not parsed into ``POST``. The web server's access log holds the path and
query too. Here real browsers go through the learners' flows (submit, change,
withdraw; start, lead and join a group session by the code and by its link;
the projector's polls) while every request the server gets is recorded as
``TrackMiddleware`` records it; no path, query or form field may name what
the learner did or a session's code.
"""
import re
from urllib.parse import parse_qs

import pytest
from django.core.signals import request_started

from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.storage import api, sessions
from story_xblock.block import StoryXBlock
from tests.handler_calls import json_actions

EXERCISE = """
<sexmot_reflection display_name="Loggen" threshold="3" group_sessions_enabled="true">
  <prompt><p>Tänk på din egen arbetsplats.</p></prompt>
  <statement id="s1">Vi frågar alla unga vi möter.</statement>
  <statement id="s2">Jag vet vem jag ska kontakta.</statement>
  <free_text_prompt>Vad vill du ändra?</free_text_prompt>
</sexmot_reflection>
"""
PHONE = {"width": 360, "height": 740}
#: Every action of both blocks: none may appear in a request's path.
ACTIONS = json_actions(ReflectionXBlock) | json_actions(StoryXBlock)


class TrackingLog:
    """Each request as ``TrackMiddleware.process_request`` logs it: the path, the GET dict and the POST dict.

    Recorded when the server starts the request (Django's ``request_started``, with the WSGI environ);
    ``POST`` is what Django parses from a form body, and nothing from a JSON one.
    """

    def __init__(self):
        self.entries = []

    def __call__(self, sender, environ=None, **kwargs):
        form = environ.get("CONTENT_TYPE", "").startswith(("application/x-www-form-urlencoded", "multipart/"))
        self.entries.append({
            "method": environ.get("REQUEST_METHOD"), "path": environ.get("PATH_INFO", ""),
            "GET": parse_qs(environ.get("QUERY_STRING", "")), "form_body": form,
        })

    def text(self):
        return "\n".join(f"{entry['method']} {entry['path']} {entry['GET']}" for entry in self.entries)


@pytest.fixture
def tracking_log():
    log = TrackingLog()
    request_started.connect(log)
    yield log
    request_started.disconnect(log)


def answer(page, s1, s2, text=None, sharing=None):
    page.check(f"input[data-statement=s1][value='{s1}']")
    page.check(f"input[data-statement=s2][value='{s2}']")
    if text is not None:
        page.fill("textarea", text)
        page.check(f"input[value={sharing}]")
    page.click(".sexmot-form button[type=submit]")
    page.locator(".sexmot-status").filter(has_text="Your answers are saved.").wait_for()


@pytest.mark.django_db(transaction=True)
def test_no_request_path_or_query_tells_what_a_learner_did_or_which_session_they_are_in(
        browser, live_server, load_scenario, tracking_log):
    preview = load_scenario(EXERCISE)
    base = live_server.url

    # A learner answers, shares a text, changes the answers, withdraws the text.
    learner_context = browser.new_context(viewport=PHONE)
    learner = learner_context.new_page()
    learner.goto(f"{base}/view/{preview.name}/?student=elev_a")
    answer(learner, 1, 5, "Min delade tanke", "shared")
    answer(learner, 2, 4, "Min delade tanke", "shared")
    learner.click(".sexmot-withdraw")
    learner.locator(".sexmot-status").filter(has_text="withdrawn").wait_for()

    # A leader starts a session and opens the projector view (which polls) and the run sheet.
    leader_context = browser.new_context()
    course = leader_context.new_page()
    course.goto(f"{base}/view/{preview.name}/?student=ledare_a")
    course.click(".sexmot-start-session")
    started = course.locator(".sexmot-session-started")
    started.locator("a").first.wait_for()
    code = re.search(r"code is ([A-Z0-9]{6})", started.inner_text()).group(1)
    run_sheet_url, projector_url = (started.locator("a").nth(n).get_attribute("href") for n in (0, 1))
    projector = leader_context.new_page()
    projector.goto(base + projector_url)
    projector.locator(".sexmot-projector-join").wait_for()
    sheet = leader_context.new_page()
    sheet.goto(base + run_sheet_url)
    sheet.locator(".sexmot-run-sheet-step").first.wait_for()

    # One participant types the code on the exercise's page; another opens the link the QR code holds.
    typing = browser.new_context(viewport=PHONE)
    phone = typing.new_page()
    phone.goto(f"{base}/view/{preview.name}/?student=deltagare_a")
    phone.fill(".sexmot-join-code", code)
    phone.press(".sexmot-join-code", "Enter")  # the session opens in the same tab
    joined = phone
    joined.locator(".sexmot-form").wait_for()
    answer(joined, 3, 3, "Text i sessionen", "shared")
    linked_context = browser.new_context(viewport=PHONE)
    linked = linked_context.new_page()
    join_url = projector.locator(".sexmot-projector-link a").get_attribute("href")
    linked.goto(join_url.replace("/#", "/?student=deltagare_b#"))  # the link names nobody: the preview's learner added
    linked.locator(".sexmot-form").wait_for()
    answer(linked, 4, 2)
    projector.wait_for_timeout(2000)  # at least one poll of the projector with its code
    sheet.click(".sexmot-close-session")
    sheet.locator(".sexmot-status").filter(has_text="The session is closed.").wait_for()

    # The flows happened: the session counted both participants, the learner's text was withdrawn.
    assert api.participant_count(sessions.scope_key(code)) == 2
    assert not api.own_shared_text(preview.usage_id, "elev_a")
    log = tracking_log.entries
    assert sum(entry["method"] == "POST" for entry in log) >= 10, tracking_log.text()

    for entry in log:
        logged = entry["path"] + " " + " ".join(f"{name}={value}" for name, values in entry["GET"].items()
                                                 for value in values)
        assert code not in logged.upper(), logged
        for action in ACTIONS:
            assert not re.search(rf"(?<![a-z_]){action}(?![a-z_])", logged), (action, logged)
        assert not entry["form_body"], f"a form body is parsed into the logged POST dict: {logged}"
    for context in (learner_context, leader_context, typing, linked_context):
        context.close()
