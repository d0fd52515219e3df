"""What the security tests share: a reference exercise, the whole stored state, recounts and role calls.

The security tests prove claims of the form "nothing changed" and "the
shared counters equal a recount from the learners' own state"; both need
the complete stored state, read the same way in every test.
"""
import http.cookiejar
import json
import urllib.error
import urllib.request

from workbench.models import XBlockState
from workbench.runtime import WorkbenchRuntime

from devtools.preview.services import ANONYMOUS_VISITOR
from sexmot_xblocks.storage import answers, api, keyed_hashes, sealing
from sexmot_xblocks.storage.models import Contribution, GroupSession, ParticipantTally, SharedText, StatementTally
from tests.handler_calls import action_body, action_path, envelope, handler_for

EXERCISE = """
<sexmot_reflection display_name="Säkerhet" threshold="3" max_length="400" group_sessions_enabled="true">
  <prompt><p>Fundera över dina föreställningar.</p></prompt>
  <statement id="s1">Påstående ett</statement>
  <statement id="s2">Påstående två</statement>
  <free_text_prompt>Vad tänker du?</free_text_prompt>
</sexmot_reflection>
"""

#: The three kinds of caller every handler is tried with.
ROLES = ("anonymous", "learner", "staff")
ROLE_STUDENTS = {"anonymous": ANONYMOUS_VISITOR, "learner": "learner_role", "staff": "staff_role"}


def submission(s1=1, s2=5, text="", sharing="private"):
    """A valid submission to ``EXERCISE``."""
    return {"answers": {"s1": s1, "s2": s2}, "free_text": text, "sharing": sharing}


def pool_texts(**filters):
    """The texts of the shared pool (rows matching ``filters``) as the storage opens them: the rows hold them sealed."""
    return [sealing.unseal(token, {}, answers.TEXT_SEAL).get("text")
            for token in SharedText.objects.filter(**filters).values_list("text", flat=True)]


def counted_answers(**filters):
    """``{contribution key: answers}`` of the contributions matching ``filters`` that count answers (opened)."""
    opened = {row.key: answers.ContributionState.of(row).answers for row in Contribution.objects.filter(**filters)}
    return {key: answers for key, answers in opened.items() if answers is not None}


def stored_state():
    """Every row a handler of the blocks can change: the shared tables and every learner's XBlock state."""
    def rows(model):
        return sorted(
            tuple((field.name, str(getattr(row, field.attname))) for field in model._meta.fields)
            for row in model.objects.all()
        )

    return {
        "participants": rows(ParticipantTally),
        "statements": rows(StatementTally),
        "contributions": rows(Contribution),
        "shared": rows(SharedText),
        "sessions": rows(GroupSession),
        # Reading a field makes the workbench create an empty row ("{}"), where the LMS creates nothing.
        "learner_state": sorted(
            (row.scope, row.scope_id, str(row.user_id), row.state)
            for row in XBlockState.objects.exclude(state="{}")
        ),
    }


def learner_states(usage_id):
    """``{learner: block}`` for every learner with stored state in the block ``usage_id``."""
    learners = set(
        XBlockState.objects.filter(scope="usage", scope_id=usage_id)
        .exclude(user_id=None)
        .values_list("user_id", flat=True)
    )
    return {learner: WorkbenchRuntime(learner).get_block(usage_id) for learner in learners}


def assert_counters_match_a_recount(usage_id, members=None):
    """The counters, the contributions and the shared pool equal what the learners' own state says, exactly.

    Every learner who submitted (of ``members``, when some also answered in a group session, which counts
    there only) counts once with the answers in their state;
    every shared text belongs to one learner whose state says they share it
    (no orphan text, no learner with two); the stored count of released texts
    and the released snapshot are whole.
    """
    learners = {learner: block for learner, block in learner_states(usage_id).items()
                if block.submitted and (members is None or learner in members)}
    expected = {}
    for block in learners.values():
        for statement, choice in block.answers.items():
            expected.setdefault(statement, {}).setdefault(choice, 0)
            expected[statement][choice] += 1
    assert api.participant_count(usage_id) == len(learners)
    assert api.statement_tallies(usage_id) == expected
    contributions = counted_answers(block_key=usage_id)
    assert contributions == {keyed_hashes.learner_key(usage_id, learner): block.answers
                             for learner, block in learners.items()}, "one contribution per learner, as in their state"
    assert_pool_is_owned(usage_id, learners)
    tally = ParticipantTally.objects.get(block_key=usage_id)
    released = SharedText.objects.filter(block_key=usage_id, release__lte=tally.releases).count()
    assert tally.released_texts == released, "the stored count of released texts equals a recount"
    results = api.published_results(usage_id)
    for choices in results.tallies.values():
        assert sum(choices.values()) <= results.participants, "a released snapshot is never torn"


def assert_pool_is_owned(scope_key, learners):
    """Every text in the pool of ``scope_key`` belongs to one of ``learners`` (``{learner: block}``) who shares.

    Each learner who shares has exactly one text there, and at most one edit
    of it waiting for the next release; they read the newest as their own.
    """
    pool = set(SharedText.objects.filter(block_key=scope_key).values_list("key", flat=True))
    sharing = {learner: block for learner, block in learners.items() if block.sharing == "shared"}
    texts = {keyed_hashes.shared_text_key(scope_key, learner) for learner in sharing}
    edits = {keyed_hashes.text_edit_key(scope_key, learner) for learner in sharing}
    assert texts <= pool <= texts | edits, "every shared text belongs to exactly one learner who chose to share it"
    shown = pool_texts(block_key=scope_key)
    for block in sharing.values():
        assert block.free_text_in(scope_key) in shown, "a learner who shares reads their text as the pool holds it"


def call(preview, handler, role_or_student, payload=None, method="POST"):
    """Call ``handler`` as a role (or a named learner); an anonymous visitor comes without any session.

    The workbench has no logged-out user. Its ``unauth_handler`` URL is how
    Open edX's handler URLs without authentication look, and it runs the
    block for the user ``none``, whom the preview's user service presents
    exactly as the LMS presents an anonymous visitor: not authenticated,
    without id, username or email.
    """
    student = ROLE_STUDENTS.get(role_or_student, role_or_student)
    name = handler_for(handler)
    if student == ANONYMOUS_VISITOR:
        url = f"/unauth_handler/{preview.usage_id}/{name}/"
    else:
        url = f"/handler/{preview.usage_id}/{name}/?student={student}"
    if method == "GET":
        return preview.client.get(url)
    body = action_body(handler, payload)
    return preview.client.generic(method, url, body, content_type="application/json")


class LiveClient:
    """A learner's browser without the browser: real HTTP to the live server, holding the CSRF cookie.

    ``post`` returns the status and never raises on 4xx/5xx, so that a test
    can count every reply, refused or not.
    """

    def __init__(self, base_url, view_path):
        self.base_url = base_url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(base_url + view_path).read()
        self.token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    def post_json(self, path, payload):
        """POST and return the decoded JSON reply of a handler that must succeed."""
        request = urllib.request.Request(
            self.base_url + path, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token, "Referer": self.base_url},
        )
        with self.opener.open(request, timeout=120) as response:
            return json.loads(response.read())

    def act(self, usage_id, action, student, payload):
        """Run a JSON action of the block ``usage_id`` as ``student``; its status, as ``post`` gives it."""
        return self.post(action_path(usage_id, action, student), envelope(action, payload))

    def act_json(self, usage_id, action, student, payload):
        """Run a JSON action that must succeed; its decoded reply."""
        return self.post_json(action_path(usage_id, action, student), envelope(action, payload))

    def post(self, path, payload):
        request = urllib.request.Request(
            self.base_url + path, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token, "Referer": self.base_url},
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def assert_session_matches_a_recount(usage_id, code, members):
    """A group session's counters, contributions and pool equal a recount of its ``members``' own state, exactly.

    Every member wrote only through the session's page, so each counts once
    in the session with the answers in their state, and a text is in the
    session's pool exactly when their state says they share it.
    """
    from sexmot_xblocks.storage import sessions  # noqa: PLC0415

    scope = sessions.scope_key(code)
    blocks = {learner: block for learner, block in learner_states(usage_id).items() if learner in members}
    expected = {}
    for block in blocks.values():
        for statement, choice in block.answers.items():
            expected.setdefault(statement, {}).setdefault(choice, 0)
            expected[statement][choice] += 1
    assert api.participant_count(scope) == len(members)
    assert api.statement_tallies(scope) == expected
    contributions = counted_answers(block_key=scope)
    assert contributions == {
        keyed_hashes.learner_key(scope, learner): block.answers for learner, block in blocks.items()
    }
    assert_pool_is_owned(scope, blocks)
    tally = ParticipantTally.objects.get(block_key=scope)
    assert tally.released_texts == SharedText.objects.filter(block_key=scope, release__lte=tally.releases).count()
    results = api.published_results(scope)
    for choices in results.tallies.values():
        assert sum(choices.values()) <= results.participants, "a released snapshot is never torn"
