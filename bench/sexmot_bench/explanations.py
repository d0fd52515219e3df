"""Why our blocks miss a goal where they do: causes measured in this repository, not guesses.

docs/performance.md prints the cause beside every missed row; the report refuses to be written when a
missed row has none (``report.Report.why``), so a new miss cannot go unexplained. The query counts
come from Django's ``CaptureQueriesContext`` around one request in the workbench; the test
``tests/test_perf_queries.py`` pins those of our own tables.
"""

#: The workbench's field store reads one row per field a block reads and writes one per field it saves;
#: the LMS reads and writes a learner's state of a block as one row per request.
FIELD_STORE = (
    "The largest measured difference is the SDK workbench's field store, which keeps every field in a row of its "
    "own and queries it on each read: in this run a page view took 15–20 queries for the peers, 27 for "
    "the reflection (4 of them our tables, pinned by tests/test_perf_queries.py; the rest its fields) "
    "and 53–54 for the story with an exercise inside (the story's and the exercise's fields). Ours have "
    "more fields to read because they carry more: the statements, scale, sharing choice and release "
    "state; a story's parts, film, captions and questions. In the LMS a block's learner state is one row "
    "per request and its content comes from the cached course structure, so this part of the gap belongs "
    "to the harness."
)
ONE_WRITER_PER_BLOCK = (
    "Every write that changes a block's group data meets the others on that block's row (locked by "
    "`api.submit` for its last few statements, ADR 0010), so concurrent submissions queue instead of "
    "overwriting each other: this is why ours loses 0 answers where the peers lose hundreds (table "
    "below). A submission is one transaction of our small rows plus the workbench's saves of the "
    "learner's state; its length sets the queue's pace."
)
STORY_PROGRESS = (
    "A story's progress report is 16 queries, all of them the workbench's field store: 14 single-field "
    "reads (the learner's place, and the content the completion rule needs: parts, film sources, the "
    "share to watch) and 2 writes. The story keeps nothing in our tables; in the LMS those reads are one "
    "row for the learner's state and the content comes from the course's cached structure."
)

WHY = {
    ("render", "reflection"): FIELD_STORE + " Ours also renders more: the privacy notice, every statement "
    "with five choices, and after submitting the group's results and a page of shared texts.",
    ("render", "story"): FIELD_STORE + " The story also renders its film player, captions list, every part "
    "and the exercise inside it in the same view.",
    ("submit", "reflection"): ONE_WRITER_PER_BLOCK,
    ("submit", "story"): STORY_PROGRESS,
    ("growth", "reflection"): "Not growth: the same costs as the render and submit rows above, at every size "
    "(see the flatness table). " + FIELD_STORE,
    ("growth", "story"): "Not growth: the story keeps no shared data, so its cost is the render and progress "
    "cost above at every size. " + FIELD_STORE,
}


#: Causes of misses in the LMS-shaped harness (``lms_shaped``), where no field store stands between.
WHY_LMS = {}


def why(kind, key, harness="workbench"):
    """The cause of a missed goal of ``kind`` (render, submit, growth, flatness, story, crowd) for ``key``."""
    return (WHY_LMS if harness == "lms" else WHY).get((kind, key))
