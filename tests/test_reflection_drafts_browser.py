"""A half-written reflection is never lost, and never leaves the device before the learner submits.

In a real Chromium against the live preview: the text is kept as a draft in
the browser while the learner types, the save state is announced, a submit
that fails (offline, an ended session, a server fault) says so plainly and
keeps the text, a reload brings the draft back, and a submit that works
removes it.
"""
import json

import pytest
from django.db import DatabaseError
from playwright.sync_api import expect

from sexmot_xblocks.storage import api
from tests.mobile_support import EXERCISE

PHONE = {"width": 375, "height": 740}
DRAFT = "Jag märker att jag drar mig för att fråga. Kanske för att jag inte vet vad jag ska göra med svaret."
SAVED = "Draft saved on this device"
#: How long a message may take to appear on a busy test machine; a message that never comes fails after this.
WAIT_MS = 20_000


class Learner:
    """One learner's browser on the exercise, recording every request body the page sends."""

    def __init__(self, browser, live_server, preview, student):
        self.context = browser.new_context(viewport=PHONE)
        self.page = self.context.new_page()
        self.requests = []  # (handler address, body) of every request, sent or failed
        self.page.on("request", lambda request: self.requests.append((request.url, request.post_data or "")))
        self.url = f"{live_server.url}/view/{preview.name}/?student={student}"
        self.open()

    def open(self):
        self.page.goto(self.url)
        self.page.wait_for_selector(".sexmot-reflection textarea")

    def answer_and_type(self, text):
        self.page.check("input[data-statement=s1][value='2']")
        self.page.check("input[data-statement=s2][value='4']")
        self.page.locator("textarea").press_sequentially(text)

    def submit(self):
        self.page.click("button[type=submit]")

    def status(self):
        return self.page.locator(".sexmot-form > .sexmot-status")

    def draft_status(self):
        return self.page.locator(".sexmot-draft-status")

    def stored_drafts(self):
        return self.page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('sexmot-reflection-draft:'))"
                                  ".map(key => JSON.parse(localStorage.getItem(key)).text)")

    def close(self):
        self.context.close()


@pytest.fixture
def learner(browser, live_server, load_scenario):
    """A learner's browser on a fresh exercise; ``learner.preview`` reaches the same exercise over Django."""
    preview = load_scenario(EXERCISE)
    opened = Learner(browser, live_server, preview, "maja")
    opened.preview = preview
    yield opened
    opened.close()


@pytest.mark.django_db(transaction=True)
def test_a_draft_survives_a_dropped_connection_and_a_reload_and_is_sent_only_on_submit(learner):
    page = learner.page
    learner.answer_and_type(DRAFT)
    expect(learner.draft_status()).to_contain_text(SAVED, timeout=WAIT_MS)
    assert learner.draft_status().get_attribute("aria-live") == "polite"
    assert learner.stored_drafts() == [DRAFT]
    assert not any(DRAFT in body for _, body in learner.requests), "the draft left the device before submitting"

    learner.context.set_offline(True)
    learner.submit()
    expect(learner.status()).to_contain_text("You are offline, so nothing was sent.", timeout=WAIT_MS)
    assert "Your text is kept as a draft on this device." in learner.status().inner_text()
    assert page.input_value("textarea") == DRAFT

    learner.context.set_offline(False)
    learner.open()  # the reload after the connection came back
    assert page.input_value("textarea") == DRAFT
    assert "restored from this device" in learner.draft_status().inner_text()
    assert learner.preview.block("maja").submitted is False

    page.check("input[data-statement=s1][value='2']")
    page.check("input[data-statement=s2][value='4']")
    learner.submit()
    expect(learner.status()).to_contain_text("Your answers are saved.", timeout=WAIT_MS)
    sent = [(json.loads(body)["action"], json.loads(body)["data"]["free_text"])
            for url, body in learner.requests if DRAFT in body]
    assert sent == [("submit", DRAFT), ("submit", DRAFT)]  # the submit tried offline, and the one that worked
    assert learner.preview.block("maja").free_text == DRAFT
    assert learner.stored_drafts() == []
    assert learner.draft_status().inner_text() == ""

    learner.open()
    assert page.input_value("textarea") == DRAFT  # now from the learner's own record
    assert learner.draft_status().inner_text() == ""


@pytest.mark.django_db(transaction=True)
def test_a_server_fault_on_submit_is_explained_and_the_text_kept(learner, monkeypatch):
    def failing_database(*args, **kwargs):
        raise DatabaseError("the database is not answering")

    monkeypatch.setattr(api, "submit", failing_database)  # the real handler, its storage failing as a full disk would
    learner.answer_and_type(DRAFT)
    learner.submit()
    expect(learner.status()).to_contain_text(
        "The server had a problem, so your answers were not saved.", timeout=WAIT_MS
    )
    assert "Your text is kept as a draft on this device." in learner.status().inner_text()
    assert learner.page.input_value("textarea") == DRAFT
    assert learner.stored_drafts() == [DRAFT]  # saved at the submit, without waiting for the typing pause

    monkeypatch.undo()
    learner.submit()
    expect(learner.status()).to_contain_text("Your answers are saved.", timeout=WAIT_MS)
    assert learner.stored_drafts() == []


@pytest.mark.django_db(transaction=True)
def test_an_ended_session_is_explained_and_after_a_reload_the_draft_is_back(learner):
    learner.answer_and_type(DRAFT)
    learner.context.clear_cookies()  # the session's CSRF cookie is gone, as after signing out in another tab
    learner.submit()
    expect(learner.status()).to_contain_text("Your session has ended, so nothing was saved.", timeout=WAIT_MS)
    assert learner.page.input_value("textarea") == DRAFT

    learner.open()
    assert learner.page.input_value("textarea") == DRAFT
    learner.page.check("input[data-statement=s1][value='2']")
    learner.page.check("input[data-statement=s2][value='4']")
    learner.submit()
    expect(learner.status()).to_contain_text("Your answers are saved.", timeout=WAIT_MS)


@pytest.mark.django_db(transaction=True)
def test_a_refusal_from_the_exercise_shows_its_reason_and_keeps_the_text(learner):
    learner.page.check("input[data-statement=s1][value='2']")
    learner.page.check("input[data-statement=s2][value='4']")
    learner.page.locator("textarea").press_sequentially("   ")
    learner.page.check("input[value=shared]")
    learner.submit()
    expect(learner.status()).to_contain_text("Write a text before you share it.", timeout=WAIT_MS)
    assert learner.status().get_attribute("class").split().count("sexmot-error") == 1
    assert learner.page.input_value("textarea") == "   "


@pytest.mark.django_db(transaction=True)
def test_another_learner_on_the_same_browser_never_gets_the_draft(browser, live_server, load_scenario):
    preview = load_scenario(EXERCISE)
    first = Learner(browser, live_server, preview, "nils")
    first.answer_and_type(DRAFT)
    expect(first.draft_status()).to_contain_text(SAVED, timeout=WAIT_MS)
    first.url = first.url.replace("student=nils", "student=ola")  # the same browser profile, someone else
    first.open()
    assert first.page.input_value("textarea") == ""
    assert first.draft_status().inner_text() == ""
    first.close()


@pytest.mark.django_db(transaction=True)
def test_a_text_kept_on_the_device_and_a_draft_survive_a_rotation_of_the_sites_secret(learner, settings):
    """The browser's names are keyed with the site's secret: after a rotation (the old key kept in
    ``SECRET_KEY_FALLBACKS``) the page moves the learner's texts to today's names instead of losing them."""
    page = learner.page
    learner.answer_and_type(DRAFT)
    page.check("input[name$=sharing][value='device']")
    learner.submit()
    expect(learner.status()).to_contain_text("Your answers are saved.", timeout=WAIT_MS)
    assert learner.preview.block("maja").free_text == ""  # the text never reached the server
    page.fill("textarea", DRAFT + " Ett tillägg.")
    expect(learner.draft_status()).to_contain_text(SAVED, timeout=WAIT_MS)
    names_before = page.evaluate("Object.keys(localStorage).sort()")

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-site-s-new-secret-key-after-a-rotation-" + "y" * 20
    learner.open()
    assert page.input_value("textarea") == DRAFT + " Ett tillägg."
    names_after = page.evaluate("Object.keys(localStorage).sort()")
    assert len(names_after) == len(names_before) == 2 and not set(names_after) & set(names_before)
    learner.open()
    assert page.input_value("textarea") == DRAFT + " Ett tillägg."
