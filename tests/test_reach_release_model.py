"""A search over sequences of reach answers for a released report, or two, that tell anything of fewer than k learners.

Hypothesis drives the real storage (``reach.choose``, ``reach.note_stage``, a real database) through
random sequences of learners answering the step, changing their answer, completing and taking part in
discussions, keeps a ledger of what each release shows for each learner (from the releases the
storage reports), and checks at every step: the report's tables are exactly the ledger's counts with
the suppression rule applied, no hidden count of a report can be computed from it
(``tests/unit/test_reach_suppression.assert_protected``), and any two released reports differ by
nobody or by at least k learners.

The test was seen to fail against two deliberately broken rules, each tried once and reverted: a
stage noted with a release size of 1 (``reach.note_stage``; "two releases differ by ['l0'] alone"),
and the suppression without its complementary step (``reach_suppression.suppress``;
``assert_protected`` found a column whose hidden cells held 0 learners, computable from the total).
"""
import itertools
import uuid

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from sexmot_xblocks.storage import reach
from sexmot_xblocks.storage.reach_suppression import COLUMNS, COMPLETED, DISCUSSED, STARTED, suppress
from tests.unit.test_reach_suppression import assert_protected

K = 3
LEARNERS = [f"l{number}" for number in range(8)]
GROUPS = [("socialtjanst", "Socialtjänst"), ("skola", "Skola"), ("annat", "Annat")]


class ReachModel(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.scope = reach.scope_key(f"course-v1:Model+{uuid.uuid4().hex[:8]}+2026")
        self.current, self.shown, self.releases = {}, {}, 0
        self.views = []

    def _written(self, written, learner, state):
        if written is None:
            return
        self.current[learner] = state
        results = written.results.get(self.scope)
        if results is not None and results.releases != self.releases:
            self.releases = results.releases
            self.shown = dict(self.current)
            self.views.append(dict(self.shown))

    @rule(learner=st.sampled_from(LEARNERS), group=st.sampled_from([group for group, _ in GROUPS]),
          county=st.sampled_from(["AB", "M"]))
    def answer(self, learner, group, county):
        stages = self.current.get(learner, (None, None, frozenset()))[2] | {STARTED}
        self._written(reach.choose(self.scope, learner, group, county, keep=lambda record: None), learner,
                      (group, county, frozenset(stages)))

    @rule(learner=st.sampled_from(LEARNERS), stage=st.sampled_from([COMPLETED, DISCUSSED]))
    def reach_stage(self, learner, stage):
        if learner in self.current:
            group, county, stages = self.current[learner]
            self._written(reach.note_stage(self.scope, learner, stage), learner, (group, county, stages | {stage}))
        else:
            assert reach.note_stage(self.scope, learner, stage) is None

    @invariant()
    def each_report_is_the_ledgers_release_suppressed_and_protected(self):
        document = reach.report("course", GROUPS, course_scope=self.scope)
        truth = {group: [sum(1 for g, _, stages in self.shown.values() if g == group and stage in stages)
                         for stage in COLUMNS] for group, _ in GROUPS}
        if len(self.shown) < K:  # before the first release nothing is counted
            truth = {group: [0, 0, 0] for group in truth}
        totals = [sum(counts[column] for counts in truth.values()) for column in range(len(COLUMNS))]
        shown = suppress(truth, totals, K)
        table = document["tables"]["target_group"]
        assert {row["id"]: row["counts"] for row in table["rows"]} == shown.cells and table["totals"] == shown.totals
        assert_protected(truth, shown, K)

    @invariant()
    def no_two_released_reports_tell_fewer_than_k_learners_apart(self):
        for first, second in itertools.combinations(self.views, 2):
            apart = {learner for learner in set(first) | set(second) if first.get(learner) != second.get(learner)}
            assert not apart or len(apart) >= K, f"two releases differ by {sorted(apart)} alone"


@pytest.mark.slow  # a search through answer sequences, as test_release_model's: seconds to minutes
@pytest.mark.django_db
def test_no_sequence_of_answers_lets_a_report_or_two_tell_fewer_than_k_learners_apart(settings):
    settings.SEXMOT_REACH_THRESHOLD = K
    run_state_machine_as_test(ReachModel, settings=hypothesis_settings(
        max_examples=60, stateful_step_count=30, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
