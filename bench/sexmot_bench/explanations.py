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
    "own and queries it on each read. {view_queries} The reflection's include 3 of our tables (pinned by "
    "tests/test_perf_queries.py), the rest are its fields; the story's include the exercise inside it. Ours have "
    "more fields to read because they carry more: the statements, scale, sharing choice and release "
    "state; a story's parts, film, captions and questions. In the LMS a block's learner state is one row "
    "per request and its content comes from the cached course structure, so this part of the gap belongs "
    "to the harness."
)
ONE_WRITER_PER_BLOCK = (
    "{submit_queries} Every write that changes a block's group data meets the others on that block's row (locked by "
    "`api.submit` for its last few statements, ADR 0021), so concurrent submissions queue instead of "
    "overwriting each other: this is why ours loses 0 answers where the peers lose hundreds (table "
    "below). A submission is one transaction of our small rows plus the workbench's saves of the "
    "learner's state; its length sets the queue's pace."
)
STORY_PROGRESS = (
    "{submit_queries} A story's progress report is all the workbench's field store: single-field reads "
    "(the learner's place, and the content the completion rule needs: parts, film sources, the share to "
    "watch) and writes. The story keeps nothing in our tables; in the LMS those reads are one "
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


#: Causes of misses in the LMS-shaped harness (``lms_shaped``), where no field store stands between. The
#: ``{...}`` fields are figures of the same run, filled in by ``report.Report.measured``.
OWN_VIEW_WORK = (
    "In this harness a block's learner state is one row and its content costs no query, so what "
    "remains is each block's own work. The reflection's view also reads 3 rows of our tables (the release "
    "snapshot with the count of released texts, one page of shared texts, the learner's own shared text; pinned by "
    "tests/test_perf_queries.py) where the peers keep everything in their one row, and it renders more: the "
    "privacy notice, every statement with five choices, and after submitting the group's results and a page of "
    "shared texts. A profile of the reflection's render in this harness (SQLite, after ADR 0021) puts about "
    "half of its own time in Django's rendering of that markup (templates compiled once per process), about a "
    "quarter in the reads of our tables, and the rest in opening the sealed record, loading its scripts and "
    "building the context."
)
OWN_VIEW = "{view_queries} " + OWN_VIEW_WORK
STORY_VIEW = (
    "The story's view contains the reflection's whole view (the exercise inside it) and adds its own film "
    "player, captions, transcript and every part; the runtime also renders and wraps each of the two blocks "
    "on its own, so the story pays the per-block runtime cost twice. {view_queries}"
)
OWN_WRITE = (
    "{submit_queries} {submit_cpu} A reflection submission is one transaction (ADR 0018, ADR 0021): it creates "
    "and locks the learner's contribution row, saves the learner's sealed state and looks up their text in the "
    "pool, then locks the block's row and, under it, moves the statement counters in one statement, puts the "
    "learner's shared text in the pool, counts towards a release and saves the block's row and the "
    "contribution; the reply renders the group's results from the row the write saved, with one read for the "
    "page of shared texts. The peers read one JSON row, change it and write it back, without a lock, and "
    "answer with a few values: that is why they lose answers when learners submit together (the "
    "many-learners table) and the reflection loses none. Per request the reflection does more work than the "
    "peers (the CPU figures above: the write's statements and the rendered results), and the server's 4 "
    "processes share 2 cores, so at 10 and 50 at once its throughput is bounded by that CPU; submissions to one "
    "block also pass its row one at a time, from the lock to the commit, and on SQLite every transaction "
    "takes the database's single write lock."
)
OWN_PROGRESS = (
    "{submit_queries} The story's progress report saves the learner's place in their one row like the peers, "
    "and before that reads the content its completion rule needs (the parts, the film's sources, the share to "
    "watch) and reports completion; the rest of the difference is the runtime's per-request work, which the "
    "empty XBlock's row in the same table shows."
)
CROWD_QUEUE = (
    "{crowd_floor} Every submission passes the block's row lock (ADR 0021) and, on SQLite, the "
    "database's single write lock, in one transaction (see the submit cause). The server's 4 processes "
    "share 2 CPU cores with other work on this machine, so the p95 at 200 at once is mostly the "
    "queue for the CPU and the locks, which the empty XBlock's p95 in the same run shows."
)
ONE_PAGE_FILLS = (
    "{page_bytes} The view shows one page of at most 20 shared texts: with 10 earlier answers only 5 are "
    "shared, from 1,000 on the page is full. So bytes and engine work rise once between the two smaller "
    "courses and stay flat from 1,000 to 100,000 (growth table); the times are flat."
)
STORY_FLAT = (
    "{growth_detail} The story keeps no shared data and reads the same 2 rows and the same bytes at every size "
    "(growth table). Its relative render reads high where the empty XBlock's own median at the smallest size "
    "was slower than at the larger ones (the divisor), and its submit where the machine was busier: the peers' "
    "submit ratios in the same rows are as high or higher."
)
WHY["flatness", "reflection"] = ONE_PAGE_FILLS
WHY["flatness", "story"] = STORY_FLAT
WHY_LMS = {
    ("render", "reflection"): OWN_VIEW,
    ("render", "story"): STORY_VIEW + " " + OWN_VIEW_WORK,
    ("submit", "reflection"): OWN_WRITE,
    ("submit", "story"): OWN_PROGRESS,
    ("growth", "reflection"): "Not growth: the same costs as the render and submit rows above, at every size "
    "(see the flatness table).",
    ("growth", "story"): "Not growth: the story keeps no shared data, so its cost is the render and progress "
    "cost above at every size.",
    ("flatness", "reflection"): ONE_PAGE_FILLS,
    ("flatness", "story"): STORY_FLAT,
    ("story", "story"): STORY_VIEW,
    ("crowd", "reflection"): CROWD_QUEUE,
}


def why(kind, key, harness="workbench"):
    """The cause of a missed goal of ``kind`` (render, submit, growth, flatness, story, crowd) for ``key``."""
    return (WHY_LMS if harness == "lms" else WHY).get((kind, key))
