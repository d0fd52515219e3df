"""What one page view costs the package's own storage: a few small reads, none that grows with the pool.

Timing belongs to the benchmarks (bench/); this pins the shape of the work, which does not depend on
the machine: how many queries reach our tables per view, and that no view counts or sorts the whole
pool of shared texts.
"""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks.models import ParticipantTally

EXERCISE = """<sexmot_reflection threshold="3"><statement id="s1">Ett</statement><statement id="s2">Två</statement>
  <statement id="s3">Tre</statement><statement id="s4">Fyra</statement></sexmot_reflection>"""
#: Reads of our tables per learner view: the block's release snapshot, its count of released texts, one page of
#: texts, and the learner's own shared text (by its key).
MOST_QUERIES_PER_VIEW = 4


def our_queries(captured):
    return [query["sql"] for query in captured if "sexmot_xblocks_" in query["sql"]]


@pytest.mark.parametrize("learners", [6, 30])
def test_a_learner_s_view_reads_a_fixed_handful_of_rows_however_many_texts_are_shared(load_scenario, learners):
    preview = load_scenario(EXERCISE)
    for number in range(learners):
        payload = {"answers": {"s1": 1, "s2": 2, "s3": 3, "s4": 4}, "free_text": f"Text {number}", "sharing": "shared"}
        assert preview.post("submit", payload, f"learner{number}").status_code == 200
    assert ParticipantTally.objects.get().released_texts >= learners - 3
    with CaptureQueriesContext(connection) as captured:
        html = WorkbenchRuntime("learner0").get_block(preview.usage_id).render("student_view", {}).content
    queries = our_queries(captured.captured_queries)
    assert "Text " in html
    assert len(queries) <= MOST_QUERIES_PER_VIEW, json.dumps(queries, indent=1)
    pages = [sql for sql in queries if "sharedtext" in sql and "ORDER BY" in sql.upper()]
    assert len(pages) == 1 and "LIMIT 20" in pages[0].upper()
    assert not any("COUNT(" in sql.upper() for sql in queries)
