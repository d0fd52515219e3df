"""Measurements inside one Django process: render times and the cost of course size.

Run by ``sexmot_bench.__main__`` in a child process per database
(``python -m sexmot_bench.inprocess render|growth|tally [workbench|lms]``, database chosen by
the preview's ``SEXMOT_DB`` variables), so that every block is measured with the same runtime
(the SDK's ``WorkbenchRuntime``, or the LMS-shaped store of ``lms_shaped``), database and Python
process, in interleaved rounds that spread the machine's noise evenly over the blocks.
"""
import json
import os
import random
import sys
import time

import django

from . import config
from .stats import summary

#: Which harness this process measures: the SDK workbench's field store, or the LMS-shaped one.
HARNESS = "workbench"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sexmot_bench.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    django.setup()
    from . import storage, subjects  # noqa: PLC0415

    storage.install_meter()
    chosen = subjects.all_subjects()
    subjects.register_scenarios(chosen)
    if HARNESS == "lms":
        from .lms_shaped import load_structure  # noqa: PLC0415

        load_structure(subject.usage_id for subject in chosen)
    return chosen


def _runtime(student, subject):
    from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415

    from .lms_shaped import runtime_for  # noqa: PLC0415

    return runtime_for(student, subject.usage_id) if HARNESS == "lms" else WorkbenchRuntime(student)


def page_view(subject, student):
    """What the learner page does for one block: load it for the learner and render its student view."""
    block = _runtime(student, subject).get_block(subject.usage_id)
    fragment = block.render("student_view", {"activate_block_id": None})
    return fragment.body_html() + fragment.head_html() + fragment.foot_html()


def submit(subject, student, number):
    """One submission through the block's handler, as the workbench's handler view makes it."""
    from webob import Request  # noqa: PLC0415

    from .subjects import payload_bytes  # noqa: PLC0415

    request = Request.blank("/", method="POST", body=payload_bytes(subject, number),
                            headers={"Content-Type": "application/json"})
    runtime = _runtime(student, subject)
    block = runtime.get_block(subject.usage_id)
    response = runtime.handle(block, subject.handler, request)
    if response.status_code != 200:
        raise RuntimeError(f"{subject.key} {subject.handler}: HTTP {response.status_code} {response.body[:200]!r}")
    return response


def _timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1000.0


def timed_submit(subject, student, number):
    """One submission's wall and CPU milliseconds, and the CPU milliseconds inside our storage's write.

    The last is the time spent in ``sexmot_xblocks.storage.api.submit`` (None for a block that never calls it): what
    separates the write from the rest of the request, the reply's rendering of the group's results above all.
    """
    from sexmot_xblocks.storage import api  # noqa: PLC0415

    inside = []
    write = api.submit

    def measured_write(*args, **kwargs):
        started = time.process_time()
        try:
            return write(*args, **kwargs)
        finally:
            inside.append(time.process_time() - started)

    api.submit = measured_write
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        submit(subject, student, number)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        api.submit = write
    return wall * 1000.0, cpu * 1000.0, sum(inside) * 1000.0 if inside else None


def _progress(message):
    print(message, file=sys.stderr, flush=True)


def measure_renders(chosen, rounds, learners):
    """Median and p95 of a returning learner's page view per block, in interleaved shuffled rounds."""
    from .storage import seeded_learner  # noqa: PLC0415

    times = {subject.key: [] for subject in chosen}
    rng = random.Random(7)
    for _ in range(max(3, rounds // 10)):  # warm-up: templates compiled, caches filled
        for subject in chosen:
            page_view(subject, seeded_learner(rng.randrange(learners)))
    for _ in range(rounds):
        order = list(chosen)
        rng.shuffle(order)
        for subject in order:
            times[subject.key].append(_timed(page_view, subject, seeded_learner(rng.randrange(learners))))
    return {key: summary(values) for key, values in times.items()}


def measure_first_visits(chosen, rounds):
    """Median of a page view by a learner who has never opened the block (the runtime creates their state)."""
    times = {subject.key: [] for subject in chosen}
    for number in range(rounds):
        for subject in chosen:
            times[subject.key].append(_timed(page_view, subject, f"visitor-{number}"))
    return {key: summary(values) for key, values in times.items()}


def meter_page_view(subject, student):
    """Queries, rows and bytes that one page view reads from storage."""
    from .storage import EngineMeter, StorageMeter  # noqa: PLC0415

    meter, engine = StorageMeter(), EngineMeter()
    with engine.measuring(), meter.measuring():
        page_view(subject, student)
    return {"queries": meter.queries, "rows": meter.rows, "bytes": meter.bytes, "engine_work": engine.work,
            "engine_unit": engine.unit}


def meter_submit(subject, student, number):
    """Queries and transactions (commits) that one new learner's submission runs, the request's own reads included."""
    from .storage import StorageMeter  # noqa: PLC0415

    meter = StorageMeter()
    with meter.measuring():
        submit(subject, student, number)
    return {"queries": meter.queries, "commits": meter.commits}


def run_render():
    """The render table: every block at the smallest course size."""
    from .storage import seed_answers  # noqa: PLC0415

    chosen = _setup()
    learners = config.GROWTH_SIZES[0]
    for subject in chosen:
        seed_answers(subject, 0, learners, HARNESS)
    _progress(f"  render: {config.RENDER_ROUNDS} rounds of {len(chosen)} blocks")
    return {
        "returning": measure_renders(chosen, config.RENDER_ROUNDS, learners),
        "first_visit": measure_first_visits(chosen, max(5, config.RENDER_ROUNDS // 5)),
    }


def _analyze():
    """Refresh the planner's statistics after a bulk load, as a maintained production database has them."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"ANALYZE TABLE `{table}`")
                cursor.fetchall()


def run_growth():
    """Render, submit and bytes read per page view at each course size, seeded cumulatively."""
    from .storage import seed_answers, seeded_learner  # noqa: PLC0415

    chosen = _setup()
    rng = random.Random(11)
    results, seeded = [], 0
    for size in config.GROWTH_SIZES:
        started = time.perf_counter()
        for subject in chosen:
            seed_answers(subject, seeded, size, HARNESS)
        _analyze()
        _progress(f"  growth: seeded {size} earlier answers per block in {time.perf_counter() - started:.0f} s")
        seeded = size
        renders = measure_renders(chosen, config.GROWTH_ROUNDS, size)
        row = {"size": size, "blocks": {}}
        for subject in chosen:
            submits, cpu, write_cpu = [], [], []
            if subject.handler:
                for number in range(config.GROWTH_ROUNDS):
                    wall, used, inside = timed_submit(subject, f"newcomer-{size}-{number}", size + 1_000_000 + number)
                    submits.append(wall)
                    cpu.append(used)
                    if inside is not None:
                        write_cpu.append(inside)
            row["blocks"][subject.key] = {
                "submit_storage": (meter_submit(subject, f"metered-{size}", size + 2_000_000)
                                   if subject.handler else None),
                "render": renders[subject.key],
                "submit": summary(submits) if submits else None,
                "submit_cpu": summary(cpu) if cpu else None,
                "write_cpu": summary(write_cpu) if write_cpu else None,
                "storage": meter_page_view(subject, seeded_learner(rng.randrange(size))),
            }
        results.append(row)
    return results


def _summary_state(subject):
    if HARNESS == "lms":
        from .models import SummaryField  # noqa: PLC0415

        return {
            row.field_name: json.loads(row.value) for row in SummaryField.objects.filter(usage_key=subject.usage_id)
        }
    from workbench.models import XBlockState  # noqa: PLC0415

    row = XBlockState.objects.filter(scope="usage", scope_id=subject.usage_id, user_id=None).first()
    return json.loads(row.state) if row else {}


def run_tally():
    """How many submissions each block's group aggregate counts (after the HTTP load; others say lost)."""
    chosen = _setup()
    from sexmot_xblocks.storage import api  # noqa: PLC0415
    from sexmot_xblocks.storage.models import SharedText  # noqa: PLC0415

    counted = {}
    for subject in chosen:
        state = _summary_state(subject)
        if subject.key == "reflection":
            counted[subject.key] = api.participant_count(subject.usage_id)
            counted["reflection_shared_texts"] = SharedText.objects.filter(block_key=subject.usage_id).count()
        elif subject.key == "poll":
            counted[subject.key] = sum(state.get("tally", {}).values())
        elif subject.key == "survey":
            counted[subject.key] = sum(state.get("tally", {}).get("s1", {}).values())
        elif subject.key == "feedback":
            counted[subject.key] = sum(state.get("vote_aggregate") or [])
    return counted


def main():
    """Run the task named on the command line and print its figures as JSON."""
    global HARNESS  # noqa: PLW0603
    task = sys.argv[1]
    HARNESS = sys.argv[2] if len(sys.argv) > 2 else "workbench"
    figures = {"render": run_render, "growth": run_growth, "tally": run_tally}[task]()
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
