"""Why our blocks miss a goal where they do: causes measured in this repository, not guesses.

docs/performance.md prints the cause beside every missed row; the report refuses to be written when a
missed row has none (``report.Report.why``), so a new miss cannot go unexplained. The query counts
come from Django's ``CaptureQueriesContext`` around one request in the workbench; the test
``tests/test_perf_queries.py`` pins those of our own tables.
"""

#: The workbench's field store reads one row per field a block reads and writes one per field it saves;
#: the LMS reads and writes a learner's state of a block as one row per request.
FIELD_STORE = (
    "The SDK workbench keeps every field in its own row and queries it on each read: a reflection view "
    "is 20 workbench queries and 4 of ours, a story view (with an exercise inside) 45 workbench queries "
    "and none of ours. The peers read 2–5 fields; in the LMS a block's learner state is one row per "
    "request, so this share of the gap is the harness's, not the platform's."
)
ONE_WRITER_PER_BLOCK = (
    "Every write to a block takes that block's counter row lock (`api.lock_block`) for the whole "
    "transaction, so concurrent submissions queue instead of overwriting each other: this is why ours "
    "loses 0 answers where the peers lose hundreds (table below). A submission is one transaction of "
    "16 statements on our small rows plus the workbench's 34 (one UPDATE per saved field); its length "
    "sets the queue's pace."
)
STORY_PROGRESS = (
    "A story's progress report saves the learner's place and the film share through the workbench's "
    "field store (one SELECT per field read, one UPDATE per field written), and one learner's reports go "
    "one at a time (`one_write_at_a_time`), so that a slow reply never undoes a later part."
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


def why(kind, key):
    """The cause of a missed goal of ``kind`` (render, submit, growth, flatness) for our block ``key``."""
    return WHY.get((kind, key))
