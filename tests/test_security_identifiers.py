"""No identifiers anywhere: a whole learner and facilitator session, with every event, log record and error captured.

Every logger is opened to DEBUG for the session, every tracking event the
blocks publish is kept, every error reply and every exception that reaches
Django is recorded. None may carry a username, user id, anonymous id or
email of anyone, nor any text a learner wrote.
"""
import json
import logging
import traceback
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.signals import got_request_exception
from django.db import OperationalError, connection
from workbench.runtime import WorkbenchRuntime

from devtools.preview.services import anonymous_user_id
from tests.handler_calls import action_body, action_path

STORY = (Path(__file__).parent.parent / "story_xblock" / "scenarios" / "text_only.xml").read_text(encoding="utf-8")
LEARNERS = ("kalle_anka_4711", "stina.berg.1982", "joel-nyman-77")
FACILITATOR = "staff_maria_lind_99"
#: The workbench's own request logging names the ``?student=`` of each request: it stands in for the LMS, whose
#: request logs are the platform's concern. Every other logger, our packages' and all libraries', is checked.
HARNESS_LOGGERS = ("workbench",)


def identifiers_of(user):
    return {user, anonymous_user_id(user), f"{user}@example.org"}


class EverythingLogged(logging.Handler):
    """A root handler at DEBUG that keeps each record's message and exception text."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.records.append((record.name, text + (record.exc_text or "") + (record.stack_info or "")))


@pytest.fixture
def captured(published):
    """Events, log records of every logger at DEBUG, and exceptions that reach Django, during one test."""
    handler = EverythingLogged()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    saved = [(logger, logger.level, logger.propagate, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.propagate = logger is not loggers[0]
        logger.disabled = False
    logging.getLogger().addHandler(handler)
    exceptions = []

    def keep(sender, request=None, **kwargs):
        exceptions.append(traceback.format_exc())

    got_request_exception.connect(keep)
    yield {"events": published, "logs": handler.records, "exceptions": exceptions, "replies": []}
    got_request_exception.disconnect(keep)
    logging.getLogger().removeHandler(handler)
    for logger, level, propagate, disabled in saved:
        logger.setLevel(level)
        logger.propagate, logger.disabled = propagate, disabled


class FailOnceOnSharedText:
    """Make the next insert of a shared text fail, as a lost database connection would."""

    failed = False

    def __call__(self, execute, sql, params, many, context):
        if not self.failed and "INSERT INTO" in sql and "sexmot_xblocks_sharedtext" in sql:
            self.failed = True
            raise OperationalError("injected failure: the database went away")
        return execute(sql, params, many, context)


def full_session(preview, captured, settings):
    """Learners answer, share, change, withdraw, err and hit limits; the facilitator uses every staff feature."""
    settings.SEXMOT_WRITE_LIMIT = (8, 600)
    story = WorkbenchRuntime(FACILITATOR).get_block(preview.usage_id)
    exercise = str(story.children[0])
    texts = []

    def post(usage_id, handler, student, payload, raw=None):
        reply = preview.client.post(action_path(usage_id, handler, student), action_body(handler, payload, raw),
                                    content_type="application/json")
        if reply.status_code != 200:
            captured["replies"].append(reply.content.decode("utf-8", "replace"))
        return reply

    def answer(student, s1, s2):
        return {"answers": {"s1": s1, "s2": s2}, "sharing": "private"}

    for number, learner in enumerate(LEARNERS):
        preview.view(learner)
        private, shared = f"Min privata tanke {number} om fördomar", f"Delad tanke {number}: jag blev osäker"
        texts += [private, shared]
        post(exercise, "submit", learner, answer(learner, 1 + number, 5 - number))
        post(story.scope_ids.usage_id, "progress", learner, {"part": 2})
        post(story.scope_ids.usage_id, "progress", learner, {"part": 3})
        preview.view(learner)
        post(exercise, "group_page", learner, {"page": 1})
        for bad in ({"answers": {"s1": 9, "s2": 1}, "sharing": "private"},
                    {"answers": {"s1": 1, "s2": 1}, "sharing": "device", "free_text": private},
                    {"answers": {"s1": 1, "s2": 1}, "sharing": "private", "free_text": private, "x": shared}):
            assert post(exercise, "submit", learner, bad).status_code == 400
        assert post(exercise, "submit", learner, None, raw="[" * 50000 + private).status_code == 400
        assert post(exercise, "facilitator_page", learner, {"page": 1}).status_code == 403
        assert post(story.scope_ids.usage_id, "progress", learner, {"part": 99, "note": private}).status_code == 400

    # The exercise in this story has no free text: the free-text privacy paths run in a second exercise.
    free = preview.extra
    for number, learner in enumerate(LEARNERS):
        private, shared = texts[2 * number], texts[2 * number + 1]
        post(free, "submit", learner, {"answers": {}, "free_text": private, "sharing": "private"})
        post(free, "submit", learner, {"answers": {}, "free_text": shared, "sharing": "shared"})
        with connection.execute_wrapper(FailOnceOnSharedText()):
            assert post(free, "submit", learner, {"answers": {}, "free_text": shared + " (ändrad)",
                                                  "sharing": "shared"}).status_code == 503
        post(free, "submit", learner, {"answers": {}, "free_text": shared + " (ändrad)", "sharing": "shared"})
        texts.append(shared + " (ändrad)")
    assert post(free, "withdraw", LEARNERS[0], {}).status_code == 200
    for _ in range(8):
        post(free, "submit", LEARNERS[1], {"answers": {}, "free_text": texts[3], "sharing": "shared"})
    assert post(free, "withdraw", LEARNERS[1], {}).status_code == 429
    anonymous = preview.client.post(action_path(free, "submit", base="unauth_handler"),
                                    action_body("submit", {"answers": {}, "free_text": "x", "sharing": "private"}),
                                    content_type="application/json")
    assert anonymous.status_code == 403

    staff_pages = [preview.view(FACILITATOR)]
    for usage_id in (exercise, free):
        staff_pages.append(post(usage_id, "facilitator_page", FACILITATOR, {"page": 1}).content.decode())
        staff_pages.append(preview.client.get(f"/handler/{usage_id}/export_csv/?student={FACILITATOR}").content.decode())
        post(usage_id, "submit_studio_edits", FACILITATOR, {"values": {"threshold": "många"}})
    staff_pages.append(preview.client.get(
        f"/handler/{story.scope_ids.usage_id}/presentation/?student={FACILITATOR}").content.decode())
    return texts, staff_pages


@pytest.fixture
def session(load_scenario):
    """The preview of a story with its exercise, plus an exercise with a free text, in one scenario."""
    preview = load_scenario(f"""<vertical_demo>{STORY}
      <sexmot_reflection display_name="Fritext" threshold="3" free_text_enabled="true"/></vertical_demo>""")
    root = WorkbenchRuntime(FACILITATOR).get_block(preview.usage_id)
    preview.usage_id, preview.extra = str(root.children[0]), str(root.children[1])
    return preview


def test_no_event_log_record_or_error_carries_an_identifier_or_a_learners_text(session, captured, settings):
    assert not django_settings.DEBUG  # as in production: Django's SQL debug logging (with parameters) is off
    texts, staff_pages = full_session(session, captured, settings)
    identifiers = set().union(*(identifiers_of(user) for user in (*LEARNERS, FACILITATOR)))

    assert captured["events"], "the session published no events at all"
    assert len(captured["logs"]) > 20, "the session logged nothing: is the capture working?"
    assert captured["exceptions"] == []
    harness = " ".join(text for name, text in captured["logs"] if name.startswith(HARNESS_LOGGERS))
    assert LEARNERS[0] in harness, "the capture must see identifiers where they are logged, or it proves nothing"
    outputs = {
        "tracking events": [json.dumps(event, ensure_ascii=False) for event in captured["events"]],
        "log records": [text for name, text in captured["logs"] if not name.startswith(HARNESS_LOGGERS)],
        "error replies": captured["replies"],
    }
    for kind, items in outputs.items():
        for item in items:
            for secret in identifiers | set(texts) | {text[:20] for text in texts}:
                assert secret not in item, f"{kind} carry {secret!r}: {item[:300]}"
    for page in staff_pages:  # what staff see may hold shared texts by design, never who wrote them
        for identifier in identifiers - identifiers_of(FACILITATOR):
            assert identifier not in page
    assert {kind for kind, _ in captured["events"]} == {"completion"}
    assert all(set(data) == {"completion"} for _, data in captured["events"])
