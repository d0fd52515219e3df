"""A search over write sequences for two released views that tell fewer than the threshold of learners apart.

The promise (ADR 0024): whatever learners do in the course and in group sessions, no two views an
attacker may see, of one scope at two times or of two scopes, differ by the answers or texts of fewer
learners than the smaller threshold of the two. Hypothesis drives the real storage (``api``,
``sessions``, a real database) through random sequences of submissions, changes, shares, edits,
withdrawals, session starts and closes by six learners and an attacker, records every released view,
and checks every pair.

What "differ by" means: the test keeps its own ledger of which write each view shows for each learner.
In one scope, a learner is told apart when the two views show them with different answers (or a
different text); across two scopes, unless both views show the very same write, which is how an answer
counted in two scopes would cancel out of their difference. A text that disappears because its
learner withdrew it (or stopped sharing it) is the one change allowed between releases: the learner's
right comes first, and the view shows that a text is gone, never whose.

The ledger is checked against the storage at every step: the released tallies and texts of each scope
must be exactly what the ledger says the releases showed, so the ledger cannot drift from what the
storage really does.
"""
import itertools
import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from sexmot_xblocks.storage import api, sessions

LEARNERS = ["attacker", "l1", "l2", "l3", "l4", "l5", "l6"]
STATEMENTS = ["s1", "s2"]
COURSE_THRESHOLD, SESSION_THRESHOLD = 3, 4
TEXTS = ["En tanke", "En annan tanke"]


def _answers():
    return st.fixed_dictionaries({statement: st.integers(1, 2) for statement in STATEMENTS})


class ReleaseModel(RuleBasedStateMachine):
    """The storage of one exercise, its sessions, and the ledger of what each released view shows."""

    def __init__(self):
        super().__init__()
        self.exercise = f"release-model-{uuid.uuid4().hex[:10]}"
        self.thresholds = {self.exercise: COURSE_THRESHOLD}
        self.open_sessions = []  # GroupSession rows still taking answers
        self.writes = 0
        # The ledger: per scope, each learner's counted answers (write id, answers) and text (write id, text) ...
        self.current, self.current_text = {}, {}
        # ... what the scope's last release shows, and how many releases it has made.
        self.shown, self.shown_text, self.releases = {}, {}, {}
        self.withdrawn = set()  # text write ids taken back: their disappearance is allowed
        self.views = []  # (scope, shown answers, shown texts), every view ever released

    # --- What learners do ---------------------------------------------------------------

    @rule(learner=st.sampled_from(LEARNERS), where=st.integers(0, 3), answers=_answers(),
          text=st.sampled_from([None, *TEXTS]))
    def submit(self, learner, where, answers, text):
        """A learner answers in the course, or in one of the open sessions."""
        session = self.open_sessions[where - 1] if 0 < where <= len(self.open_sessions) else None
        scope = sessions.release_scope(session) if session else None
        self.writes += 1
        written = api.submit(
            self.exercise, learner, api.Submission(answers=answers, text=text or "",
                                                   sharing="shared" if text else "private"),
            statement_ids=STATEMENTS, release_size=COURSE_THRESHOLD, keep=lambda record: None, session=scope)
        for key, results in written.results.items():
            self.current.setdefault(key, {})[learner] = (self.writes, answers)
            texts = self.current_text.setdefault(key, {})
            if text is None:  # no longer shared: taken back at once, like a withdrawal
                for pool in (texts, self.shown_text.get(key, {})):
                    if learner in pool:
                        self.withdrawn.add(pool.pop(learner)[0])
            elif texts.get(learner, (None, None))[1] != text:
                texts[learner] = (self.writes, text)
            if results.releases != self.releases.get(key, 0):
                self.releases[key] = results.releases
                self.shown[key] = dict(self.current[key])
                self.shown_text[key] = dict(texts)
        self._observe()

    @rule(learner=st.sampled_from(LEARNERS))
    def withdraw(self, learner):
        """A learner takes their shared texts back, everywhere, at once."""
        if api.withdraw(self.exercise, learner, keep=lambda record: None) is None:
            return
        for texts in (*self.current_text.values(), *self.shown_text.values()):
            if learner in texts:
                self.withdrawn.add(texts.pop(learner)[0])
        self._observe()

    @rule(leader=st.sampled_from(LEARNERS))
    def start_session(self, leader):
        """Anyone may lead a group session of the exercise."""
        try:
            session = sessions.start(self.exercise, leader, threshold=SESSION_THRESHOLD, keep_for_days=30)
        except sessions.TooManySessions:
            return
        self.open_sessions.append(session)
        self.thresholds[sessions.scope_key(session.code)] = session.threshold

    @precondition(lambda self: self.open_sessions)
    @rule(index=st.integers(0, 2))
    def close_session(self, index):
        """The leader closes a session: it takes no more answers; its results stay."""
        sessions.close(self.open_sessions.pop(index % len(self.open_sessions)))

    # --- What the attacker sees ---------------------------------------------------------

    def _observe(self):
        for scope in self.shown:
            self.views.append((scope, dict(self.shown[scope]), dict(self.shown_text[scope])))

    @invariant()
    def the_ledger_is_what_the_storage_shows(self):
        """Each scope's released tallies and texts are exactly those of the writes its releases showed."""
        for scope, shown in self.shown.items():
            published = api.published_results(scope)
            expected = {}
            for _, answers in shown.values():
                for statement, choice in answers.items():
                    expected.setdefault(statement, {}).setdefault(choice, 0)
                    expected[statement][choice] += 1
            assert published.tallies == expected and published.participants == len(shown), scope
            texts = sorted(item["text"] for item in api.shared_page(scope, 1, 100).texts)
            assert texts == sorted(text for _, text in self.shown_text[scope].values()), (
                f"{scope}: the released texts changed other than in a release or by a withdrawal")

    @invariant()
    def no_two_views_tell_fewer_than_the_threshold_apart(self):
        """Every pair of released views differs by nobody, or by at least the smaller threshold of learners."""
        for first, second in itertools.combinations(self.views, 2):
            apart = self._told_apart(first, second)
            smallest = min(self.thresholds[first[0]], self.thresholds[second[0]])
            assert not apart or len(apart) >= smallest, (
                f"{first[0]} and {second[0]} differ by {sorted(apart)} alone (threshold {smallest})")

    def _told_apart(self, first, second):
        (scope_a, answers_a, texts_a), (scope_b, answers_b, texts_b) = first, second
        same_scope = scope_a == scope_b
        texts_a = {learner: text for learner, text in texts_a.items() if text[0] not in self.withdrawn}
        texts_b = {learner: text for learner, text in texts_b.items() if text[0] not in self.withdrawn}
        apart = set()
        for learner in set(answers_a) | set(answers_b) | set(texts_a) | set(texts_b):
            for one, other in ((answers_a.get(learner), answers_b.get(learner)),
                               (texts_a.get(learner), texts_b.get(learner))):
                if one == other:
                    continue  # the very same write: it cancels out of the difference
                if same_scope and one is not None and other is not None and one[1] == other[1]:
                    continue  # the same answers (or text) again in the same scope: nothing moved
                apart.add(learner)
        return apart


@pytest.mark.slow  # a search through write sequences: minutes
@pytest.mark.django_db
def test_no_sequence_of_writes_lets_two_released_views_tell_fewer_than_the_threshold_apart():
    run_state_machine_as_test(ReleaseModel, settings=settings(
        max_examples=100, stateful_step_count=40, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
