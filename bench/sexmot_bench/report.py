"""docs/performance.md and the console table from one run's figures, with each goal checked."""
from . import config
from .explanations import why

FLAT_TIME_FACTOR = 1.5
FLAT_BYTES_FACTOR = 1.1
ASSET_BUDGET = 15_000
LIGHTHOUSE_GOAL = 95
LCP_GOAL_MS = 2500
#: The story with an exercise inside, at most this many times the reflection alone (render median).
STORY_FACTOR = 2.0
#: The learner-write issue's target: this many learners at once, p95 at most this, on MariaDB.
CROWD, CROWD_P95_MS = 200, 1500
DB_NAMES = {"sqlite": "SQLite", "mysql": "MariaDB"}


def _ms(value):
    return "–" if value is None else f"{value:.1f}"


def _kb(value):
    return f"{value / 1000:.1f}"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


class Report:
    """One run's figures in one harness (``workbench`` or ``lms``), and the questions the report asks of them."""

    def __init__(self, results, harness="workbench", notes=None):
        self.results = results
        self.harness = harness
        #: The render, growth and http figures of this harness (the workbench's are at the top level).
        self.figures = results.get("lms", {}) if harness == "lms" else results
        self.subjects = results["subjects"]
        self.labels = {s["key"]: s["label"] for s in self.subjects}
        self.ours = [s["key"] for s in self.subjects if s["ours"]]
        self.peers = [s["key"] for s in self.subjects if not s["ours"] and s["key"] != "empty"]
        self.unexplained = []
        self.notes = {} if notes is None else notes  # each cause once, numbered in the order first cited

    def label(self, key):
        """A block's name with the version measured."""
        version = next(s["version"] for s in self.subjects if s["key"] == key)
        return f"{self.labels[key]} {version}"

    # --- tables -------------------------------------------------------------------

    def render_table(self):
        """Render times of a returning learner's page view, as ratios to the empty block."""
        rows = []
        for database, figures in self.figures["render"].items():
            floor = figures["returning"]["empty"]["median"]
            first_floor = figures["first_visit"]["empty"]["median"]
            for key, stats in figures["returning"].items():
                first = figures["first_visit"][key]
                rows.append([DB_NAMES[database], self.label(key), _ms(stats["median"]), _ms(stats["p95"]),
                             f"{stats['median'] / floor:.1f}×", f"{first['median'] / first_floor:.1f}×"])
        return _table(["DB", "Block", "median ms", "p95 ms", "× empty (median)", "first visit × empty"], rows)

    def http_table(self):
        """Submit latency (median / p95) and throughput at each concurrency, and lost updates."""
        rows = []
        for database, figures in self.figures["http"].items():
            for key, levels in figures.items():
                cells = [DB_NAMES[database], self.label(key)]
                for concurrency in config.CONCURRENCY:
                    wave = levels.get(str(concurrency))
                    if not wave or not wave["latency"]:
                        cells.append("–")
                        continue
                    errors = f", {wave['errors']} failed" if wave["errors"] else ""
                    cells.append(f"{_ms(wave['latency']['median'])} / {_ms(wave['latency']['p95'])} ms, "
                                 f"{wave['throughput']:.0f}/s{errors}")
                lost = levels.get("lost_updates")
                cells.append("–" if lost is None else str(lost))
                rows.append(cells)
        header = ["DB", "Block"] + [f"{c} at once: median / p95, submits/s" for c in config.CONCURRENCY]
        return _table(header + ["answers lost from the aggregate"], rows)

    def growth_table(self):
        """Render, submit and storage read per page view at each course size."""
        rows = []
        for database, sizes in self.figures["growth"].items():
            for key in [s["key"] for s in self.subjects]:
                for size in sizes:
                    block = size["blocks"][key]
                    submit = block["submit"]["median"] if block["submit"] else None
                    storage = block["storage"]
                    rows.append(
                        [
                            DB_NAMES[database],
                            self.label(key),
                            f"{size['size']:,}",
                            _ms(block["render"]["median"]),
                            _ms(submit),
                            storage["queries"],
                            storage["rows"],
                            f"{storage['bytes']:,}",
                            f"{storage['engine_work']:,} {storage['engine_unit']}",
                        ]
                    )
        return _table(["DB", "Block", "earlier answers", "render median ms", "submit median ms",
                       "queries / view", "rows fetched / view", "bytes fetched / view", "engine work / view"], rows)

    def downloads_table(self):
        """Bytes per category and requests of one unit's page load, and the block's own share."""
        downloads = self.results.get("downloads", {})
        if "skipped" in downloads:
            return f"Not measured: {downloads['skipped']}."
        rows = []
        for key, figures in downloads.items():
            total, own = figures["bytes"], figures["own"]
            own_assets = own["css"]["gz"] + own["js"]["gz"]
            rows.append(
                [self.label(key)]
                + [f"{_kb(total[c]['raw'])} / {_kb(total[c]['gz'])}" for c in ("html", "css", "js", "other")]
                + [
                    f"{figures['requests']}"
                    + (
                        f" ({len(figures['failed'])} failed: {', '.join(figures['failed'])})"
                        if figures["failed"]
                        else ""
                    ),
                    f"{_kb(own['css']['raw'] + own['js']['raw'])} / {_kb(own_assets)}",
                    figures["own_requests"],
                ]
            )
        return _table(["Block", "HTML kB raw / gz", "CSS kB raw / gz", "JS kB raw / gz", "other kB raw / gz",
                       "requests", "block's own CSS+JS kB raw / gz", "block's own requests"], rows)

    def lighthouse_table(self):
        """Mobile Lighthouse scores of every unit (peers for comparison)."""
        scores = self.results.get("lighthouse", {})
        if "skipped" in scores:
            return f"Not measured: {scores['skipped']}."
        rows = []
        for key, score in scores.items():
            if "skipped" in score:
                rows.append([self.label(key), score["skipped"], "", "", "", ""])
                continue
            failed = ", ".join(score["failed_accessibility_audits"]) or "none"
            rows.append([self.label(key), score["performance"], score["accessibility"], _ms(score["fcp_ms"]),
                         _ms(score["lcp_ms"]), _ms(score["tbt_ms"]), failed])
        return _table(["Unit", "performance", "accessibility", "FCP ms", "LCP ms", "TBT ms",
                       "failed accessibility audits"], rows)

    def build_table(self):
        """Seconds to build and check both courses."""
        build = self.results.get("course_build", {})
        if "skipped" in build:
            return f"Not measured: {build['skipped']}."
        rows = []
        for step in ("build", "check"):
            outcome = "ok" if build[step]["exit"] == 0 else (
                "failed: " + " ".join(build[step]["tail"].split())[-300:].replace("|", "/"))
            rows.append([step, f"{build[step]['seconds']:.1f}", outcome])
        return _table(["python -m course_export …", "seconds", "result"], rows)

    # --- goals --------------------------------------------------------------------

    def explained(self, kind, key):
        """The measured cause of a miss of ours; a miss without one is recorded, and the run fails."""
        cause = why(kind, key, self.harness)
        if cause is not None:
            cause = cause.format(**self.measured())
        if cause is None:
            self.unexplained.append(f"{kind} / {key}")
            return "NOT EXPLAINED: add the cause to bench/sexmot_bench/explanations.py"
        number = self.notes.setdefault(cause, len(self.notes) + 1)
        return f"see ({number})"

    def measured(self):
        """Figures of this run that the causes in ``explanations.py`` quote (``{submit_queries}`` and the like)."""
        growth = self.figures.get("growth", {})
        database = next(iter(growth), None)
        if database is None:
            return {"submit_queries": "", "submit_cpu": "", "view_queries": "", "page_bytes": "", "crowd_floor": "",
                    "growth_detail": ""}
        smallest, sizes = growth[database][0]["blocks"], growth[database]
        submits = [f"{self.labels[key]} {figures['submit_storage']['queries']} queries in "
                   f"{figures['submit_storage']['commits']} transaction(s)"
                   for key, figures in smallest.items() if figures.get("submit_storage") and key != "empty"]
        cpu = []
        for key, figures in smallest.items():
            if key == "empty" or not figures.get("submit_cpu"):
                continue
            write = figures.get("write_cpu")
            cpu.append(f"{self.labels[key]} {_ms(figures['submit_cpu']['median'])} ms"
                       + (f", {_ms(write['median'])} ms of it in the storage's write (`api.submit`)" if write else ""))
        views = [f"{self.labels[key]} {figures['storage']['queries']}"
                 for key, figures in smallest.items() if key != "empty"]
        reflection = [size["blocks"].get("reflection", {}).get("storage", {}).get("bytes") for size in sizes]
        floors = []
        for name, figures in self.figures.get("http", {}).items():
            empty, ours = figures.get("empty", {}).get(str(CROWD)), figures.get("reflection", {}).get(str(CROWD))
            if empty and ours and empty["latency"] and ours["latency"]:
                floors.append(f"{DB_NAMES[name]}: the empty XBlock's p95 {_ms(empty['latency']['p95'])} ms, "
                              f"the reflection's {_ms(ours['latency']['p95'])} ms")
        details = []
        for name, database_sizes in growth.items():
            def medians(key, measure, database_sizes=database_sizes):
                values = [size["blocks"][key][measure] for size in database_sizes]
                return " / ".join(_ms(value["median"]) if value else "–" for value in values)

            details.append(f"{DB_NAMES[name]} at " + " / ".join(f"{size['size']:,}" for size in database_sizes)
                           + f" earlier answers: the empty XBlock's render {medians('empty', 'render')} ms, "
                           f"the story's render {medians('story', 'render')} ms and submit "
                           f"{medians('story', 'submit')} ms" if "story" in database_sizes[0]["blocks"] else "")
        return {
            "growth_detail": "Measured in this run: " + "; ".join(d for d in details if d) + ".",
            "submit_queries": (f"Measured in this run ({DB_NAMES[database]}, one new learner's submission, the "
                               "request's own reads included): " + "; ".join(submits) + "."),
            "submit_cpu": (f"CPU per new learner's submission in one process ({DB_NAMES[database]}, "
                           f"{sizes[0]['size']:,} earlier answers, medians): " + "; ".join(cpu) + "."),
            "view_queries": (f"Queries per page view in this run ({DB_NAMES[database]}): " + ", ".join(views) + "."),
            "page_bytes": ("Bytes the reflection's page view fetched at " + ", ".join(
                f"{size['size']:,}: {value:,}" for size, value in zip(sizes, reflection) if value is not None)
                + f" earlier answers ({DB_NAMES[database]})."),
            "crowd_floor": "; ".join(floors) + "." if floors else "",
        }

    def notes_section(self):
        """The causes the goal tables cite, each once."""
        return "\n\n".join(f"({number}) {cause}" for cause, number in self.notes.items())

    def _versus_fastest_peer(self, name, ours_value, peer_values, lower_is_better=True, kind="", key=""):
        peer_values = {key: value for key, value in peer_values.items() if value is not None}
        if ours_value is None or not peer_values:
            return None
        pick = min if lower_is_better else max
        best_key = pick(peer_values, key=peer_values.get)
        best = peer_values[best_key]
        met = ours_value <= best if lower_is_better else ours_value >= best
        if met:
            verdict = "met"
        else:
            factor = ours_value / best if lower_is_better else best / ours_value
            verdict = f"missed by {(factor - 1) * 100:.0f} %"
        unit = "ms" if lower_is_better else "submits/s"
        cause = "" if met else self.explained(kind, key)
        return [name, f"{ours_value:.1f} {unit}", f"{best:.1f} {unit} ({self.labels[best_key]})", verdict, cause]

    def speed_goals(self):
        """Every row where ours must be at least as fast as the fastest peer."""
        rows = []
        for database, figures in self.figures["render"].items():
            for key in self.ours:
                rows.append(self._versus_fastest_peer(
                    f"{DB_NAMES[database]}: render, {self.labels[key]}", figures["returning"][key]["median"],
                    {peer: figures["returning"][peer]["median"] for peer in self.peers}, kind="render", key=key))
        levels = [c for c in config.CONCURRENCY if c <= 50] if self.harness == "lms" else config.CONCURRENCY
        for database, figures in self.figures["http"].items():
            for key in [k for k in self.ours if k in figures]:
                for concurrency in levels:
                    def latency(block, figures=figures, concurrency=concurrency):
                        wave = figures.get(block, {}).get(str(concurrency))
                        return wave["latency"]["median"] if wave and wave["latency"] else None

                    def throughput(block, figures=figures, concurrency=concurrency):
                        wave = figures.get(block, {}).get(str(concurrency))
                        return wave["throughput"] if wave else None

                    rows.append(self._versus_fastest_peer(
                        f"{DB_NAMES[database]}: submit latency at {concurrency}, {self.labels[key]}", latency(key),
                        {peer: latency(peer) for peer in self.peers}, kind="submit", key=key))
                    rows.append(self._versus_fastest_peer(
                        f"{DB_NAMES[database]}: submit throughput at {concurrency}, {self.labels[key]}",
                        throughput(key), {peer: throughput(peer) for peer in self.peers}, lower_is_better=False,
                        kind="submit", key=key))
        for database, sizes in self.figures["growth"].items():
            largest = sizes[-1]
            for key in self.ours:
                for measure in ("render", "submit"):
                    def value(block, measure=measure, largest=largest):
                        figures = largest["blocks"][block][measure]
                        return figures["median"] if figures else None

                    rows.append(self._versus_fastest_peer(
                        f"{DB_NAMES[database]}: {measure} at {largest['size']:,} earlier answers, {self.labels[key]}",
                        value(key), {peer: value(peer) for peer in self.peers}, kind="growth", key=key))
        return [row for row in rows if row]

    def flatness_goals(self):
        """Each block from the smallest to the largest course: time, bytes and engine work must not grow.

        Render times are divided by the empty block's at the same size (measured in the same interleaved
        rounds), so that a busier machine during one size does not read as growth.
        """
        rows = []
        for database, sizes in self.figures["growth"].items():
            first, last = sizes[0], sizes[-1]

            def relative_render(size, key):
                return size["blocks"][key]["render"]["median"] / size["blocks"]["empty"]["render"]["median"]

            for key in [s["key"] for s in self.subjects if s["key"] != "empty"]:
                render = relative_render(last, key) / relative_render(first, key)
                submit_first, submit_last = first["blocks"][key]["submit"], last["blocks"][key]["submit"]
                submit = submit_last["median"] / submit_first["median"] if submit_first else None
                read = last["blocks"][key]["storage"]["bytes"] / max(1, first["blocks"][key]["storage"]["bytes"])
                work = (last["blocks"][key]["storage"]["engine_work"]
                        / max(1, first["blocks"][key]["storage"]["engine_work"]))
                flat = (render <= FLAT_TIME_FACTOR and (submit is None or submit <= FLAT_TIME_FACTOR)
                        and read <= FLAT_BYTES_FACTOR and work <= FLAT_BYTES_FACTOR)
                cause = self.explained("flatness", key) if not flat and key in self.ours else ""
                rows.append([f"{DB_NAMES[database]}: {self.labels[key]}", f"{render:.2f}×",
                             "–" if submit is None else f"{submit:.2f}×", f"{read:.2f}×", f"{work:.2f}×",
                             "flat" if flat else "grows", cause])
        return rows

    def story_goals(self):
        """The story with its exercise inside against the reflection alone, render medians in the same run."""
        rows = []
        for database, figures in self.figures["render"].items():
            returning = figures["returning"]
            if "story" not in returning or "reflection" not in returning:
                continue
            ratio = returning["story"]["median"] / returning["reflection"]["median"]
            met = ratio <= STORY_FACTOR
            rows.append([f"{DB_NAMES[database]}: render, story with its exercise ÷ reflection alone, returning learner",
                         f"{ratio:.2f}×", f"≤ {STORY_FACTOR:.1f}×",
                         "met" if met else f"missed by {(ratio / STORY_FACTOR - 1) * 100:.0f} %",
                         "" if met else self.explained("story", "story")])
            first = figures["first_visit"]
            ratio = first["story"]["median"] / first["reflection"]["median"]
            met = ratio <= STORY_FACTOR
            rows.append([f"{DB_NAMES[database]}: render, story with its exercise ÷ reflection alone, first visit",
                         f"{ratio:.2f}×", f"≤ {STORY_FACTOR:.1f}×",
                         "met" if met else f"missed by {(ratio / STORY_FACTOR - 1) * 100:.0f} %",
                         "" if met else self.explained("story", "story")])
        return rows

    def crowd_goals(self):
        """Many learners at once through the server's processes: the reflection's p95, lost, orphans, 409s."""
        rows = []
        for database, figures in self.figures["http"].items():
            ours, poll = figures.get("reflection", {}), figures.get("poll", {})
            for concurrency in (50, CROWD):
                wave = ours.get(str(concurrency))
                if not wave or not wave["latency"]:
                    continue
                conflicts = wave.get("statuses", {}).get("409", 0)
                lost, orphans = ours.get("lost_updates"), ours.get("orphans")
                problems = []
                if database == "mysql" and concurrency == CROWD and wave["latency"]["p95"] > CROWD_P95_MS:
                    problems.append(f"p95 over {CROWD_P95_MS} ms by "
                                    f"{(wave['latency']['p95'] / CROWD_P95_MS - 1) * 100:.0f} %")
                for name, value in (("failed", wave["errors"]), ("lost", lost), ("orphans", orphans),
                                    ("409s", conflicts)):
                    if value:
                        problems.append(f"{value} {name}")
                verdict = "met" if not problems else "missed: " + ", ".join(problems)
                rows.append([DB_NAMES[database], concurrency, _ms(wave["latency"]["median"]),
                             _ms(wave["latency"]["p95"]), wave["errors"], lost, orphans, conflicts,
                             poll.get("lost_updates", "–"), verdict,
                             "" if not problems else self.explained("crowd", "reflection")])
        return rows

    def asset_goals(self):
        """Our blocks' own gzipped CSS+JS against the budget."""
        downloads = self.results.get("downloads", {})
        rows = []
        for key in self.ours:
            if key not in downloads:
                continue
            own = downloads[key]["own"]
            total = own["css"]["gz"] + own["js"]["gz"]
            verdict = "met" if total < ASSET_BUDGET else f"missed by {total - ASSET_BUDGET:,} bytes"
            rows.append([self.labels[key], f"{total:,} bytes", verdict])
        return rows

    def lighthouse_goals(self):
        """Our units' mobile scores against the goal."""
        rows = []
        for key, score in self.results.get("lighthouse", {}).items():
            if key not in self.ours or not isinstance(score, dict) or "skipped" in score:
                continue
            for category in ("performance", "accessibility"):
                value = score[category]
                verdict = "met" if value >= LIGHTHOUSE_GOAL else f"missed by {LIGHTHOUSE_GOAL - value} points"
                rows.append([f"{self.labels[key]}: {category}", value, verdict])
            lcp = score["lcp_ms"]
            rows.append([f"{self.labels[key]}: Largest Contentful Paint", f"{lcp / 1000:.2f} s",
                         "met" if lcp < LCP_GOAL_MS else f"missed by {lcp - LCP_GOAL_MS:.0f} ms"])
        film = self.results.get("film_start", {})
        for key, figures in film.items():
            if "skipped" in figures:
                rows.append([f"{self.labels.get(key, key)}: bytes before the film can start", figures["skipped"], ""])
            else:
                rows.append([f"{self.labels.get(key, key)}: bytes before the film can start",
                             f"{figures['bytes'] / 1000:.0f} kB ({figures['media_bytes'] / 1000:.0f} kB of film) "
                             f"in {figures['requests']} requests", "figure"])
        return rows


def _environment_section(environment, results):
    versions = ", ".join(f"{name} {version}" for name, version in environment["versions"].items() if version)
    lines = [
        f"- Measured {environment['date']} at commit {environment['commit']}"
        f"{' — QUICK MODE: too few samples to mean anything' if environment['quick'] else ''}.",
        f"- Machine: {environment['cpu']}, {environment['cores']} cores, {environment['memory_gib']} GiB "
        f"(shared with other work while measuring), {environment['os']}.",
        f"- Python {environment['python']}, SQLite {environment['sqlite']}, "
        f"MariaDB {environment['mariadb'] or 'not reachable'}"
        f"{' through ' + environment['mariadb_driver'] if environment.get('mariadb_driver') else ''}, "
        f"{environment['chromium'] or 'no Chromium'}, "
        f"Lighthouse {environment['lighthouse'] or 'not installed'} on Node {environment['node'] or '–'}.",
        f"- Packages: {versions}.",
        f"- The whole run took {results['seconds'] / 60:.1f} minutes.",
    ]
    load = results.get("load")
    if load:
        lines.append(f"- The machine's 1-minute load average during the run (2 cores: above 2, work waits for a core): "
                     f"median {load['median']:.1f}, from {load['min']:.1f} to {load['max']:.1f} "
                     f"({load['samples']} samples, every 30 s).")
    for database, reason in results.get("skipped_databases", {}).items():
        lines.append(f"- {DB_NAMES[database]} was not measured: {reason}.")
    return "\n".join(lines)


def _findings():
    path = config.ROOT / "bench" / "findings.md"
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def _method():
    path = config.ROOT / "bench" / "method.md"
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def _lms_harness():
    path = config.ROOT / "bench" / "lms-harness.md"
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def _speed_goals_text(report):
    return _table(["Row", "ours", "fastest peer", "verdict", "why (where missed)"], report.speed_goals())


def _flatness_text(report):
    return (f"Flat in the number of earlier answers (largest course ÷ smallest; render relative to the empty "
            f"block at the same size; flat = times ≤ {FLAT_TIME_FACTOR}×, bytes fetched and engine work ≤ "
            f"{FLAT_BYTES_FACTOR}×), peers shown for comparison:\n\n"
            + _table(["Block", "render", "submit", "bytes fetched / view", "engine work / view", "verdict", "why"],
                     report.flatness_goals()))


def _server_text():
    return (f"A real gunicorn server ({config.SERVER_WORKERS} worker processes of one thread each, as Tutor runs the "
            "LMS: `server.worker_options`), "
            "every learner submitting once, that many at the same time; \"answers lost\" is the number of "
            "submissions answered 200 that the block's group aggregate does not count afterwards (– where the "
            "block keeps no count).")


def _session_polls_text(figures):
    """The group sessions' polling (``session_polls``) as a paragraph, or nothing where it was not measured."""
    if not figures:
        return ""
    share = figures["server_cpu_share_of_one_core_in_quiet_window"]
    return (
        "## Group sessions' polling\n\n"
        f"`bench/sexmot_bench/session_polls.py`: gunicorn {figures['workers']} processes of one thread each "
        f"on SQLite, {figures['sessions']} sessions with a projector view and a run sheet each "
        f"({figures['pollers']} pollers, every {figures['poll_seconds']} s with the tag of the results shown, "
        f"the session's code in the JSON body) while {figures['participants']} participants answer. "
        f"{figures['answered_unchanged']:,} polls answered \"unchanged\" (median {figures['median_ms_unchanged']} ms, "
        f"p95 {figures['p95_ms_unchanged']} ms) and {figures['answered_changed']:,} with new results (median "
        f"{figures['median_ms_changed']} ms, the rendered results). In a window of "
        f"{figures['window_seconds']} s of polls only, about {figures['quiet_window_polls_per_second']} polls a "
        f"second cost {figures['server_cpu_ms_per_quiet_poll']} ms of server CPU each: {share * 100:.0f} % of one "
        f"core for all {figures['sessions']} sessions, {share / figures['sessions'] * 100:.1f} % of a core for one "
        "group. Of a poll that finds nothing new, our own part is two single-row reads "
        "(`tests/test_group_sessions.py` pins them); the rest is the runtime loading the block.")


def render(results):
    """The whole of docs/performance.md."""
    notes = {}
    lms = Report(results, "lms", notes) if results.get("lms", {}).get("render") else None
    report = Report(results, "workbench", notes)
    environment = results["environment"]
    story_note = "" if "story" in report.labels else (
        "\n\nThe story block (`sexmot_story`) is not measured: `story_xblock/block.py` with a workbench scenario "
        "was not in the package when this run was made.")
    sections = [
        "# Performance",
        "Generated by `make bench` (`bench/`); do not edit by hand: change `bench/` and run it again. "
        "The benchmarks are not part of the test suite's pass or fail. Every block is measured twice: in a "
        "harness shaped like the LMS (learner state one JSON row per learner and block, content from an "
        "in-memory course structure; what it models and leaves out is below) and in the XBlock SDK workbench. "
        "The machine is shared with other work, so absolute times move from run to run; the goals compare "
        "figures taken in the same run, interleaved." + story_note,
        "## Where and with what\n\n" + _environment_section(environment, results),
    ]
    if lms:
        crowd = lms.crowd_goals()
        sections.append(
            "## Goals in the LMS-shaped harness\n\nAt least as fast as the fastest peer at 1, 10 and 50 learners "
            "at once, and at the largest course:\n\n" + _speed_goals_text(lms)
            + f"\n\nThe story with an exercise inside at or under {STORY_FACTOR:.0f}× the reflection alone "
              "(render medians, same run). The returning learner has answered the reflection alone, which then "
              "shows the group's results and a page of shared texts, but only the story's progress, so the "
              "exercise inside the story shows its form; on a first visit both show the form:\n\n"
            + _table(["Row", "ratio", "goal", "verdict", "why"], lms.story_goals())
            + f"\n\nMany learners at once through {config.SERVER_WORKERS} processes (the reflection's submit; "
              f"goal: {CROWD} at once on MariaDB with p95 ≤ {CROWD_P95_MS / 1000:.1f} s; on every row 0 failed, "
              "0 lost, 0 orphans, 0 spurious 409s; lost and orphans are counted over all of the run's "
              "submissions to the block, by recount; xblock-poll's lost votes in the same run beside it):\n\n"
            + _table(["DB", "learners at once", "median ms", "p95 ms", "failed", "lost", "orphan texts", "409s",
                      "xblock-poll: poll lost votes", "verdict", "why"], crowd)
            + "\n\n" + _flatness_text(lms))
    sections.append(
        "## Goals in the SDK workbench\n\nAt least as fast as the fastest peer on every row. In the workbench, "
        "xblock-free-text-response refuses every submission as past due (the workbench sets each block's due "
        "date to the current time for the LTI block), so its submit figures here are those of a refused "
        "submission that writes nothing; the LMS-shaped harness does not patch blocks.\n\n"
        + _speed_goals_text(report) + "\n\n" + _flatness_text(report)
        + f"\n\nUnder {ASSET_BUDGET:,} bytes of gzipped CSS+JS of the block's own:\n\n"
        + _table(["Block", "own CSS+JS gzipped", "verdict"], report.asset_goals())
        + f"\n\nLighthouse mobile (default throttling): performance and accessibility ≥ {LIGHTHOUSE_GOAL}, "
          f"Largest Contentful Paint under {LCP_GOAL_MS / 1000:.1f} s; and what a learner downloads before the "
          "story's film can start (page, scripts and the film's first bytes, until the video element can play):\n\n"
        + (_table(["Unit and measure", "value", "verdict"], report.lighthouse_goals())
           if report.lighthouse_goals() else "Not measured in this run."))
    if notes:
        sections.append("## Why ours misses where it does\n\nMeasured causes, `bench/sexmot_bench/explanations.py`:"
                        "\n\n" + report.notes_section())
    if lms:
        sections += [
            _lms_harness(),
            "## LMS-shaped harness: render time of `student_view`\n\nA returning learner who has answered "
            f"(course of {config.GROWTH_SIZES[0]} earlier answers), {config.RENDER_ROUNDS} interleaved renders per "
            "block in one process; the ratio divides by the empty XBlock's median in the same run.\n\n"
            + lms.render_table(),
            "## LMS-shaped harness: submit handler over HTTP\n\n" + _server_text() + "\n\n" + lms.http_table(),
            "## LMS-shaped harness: cost growth with the number of earlier answers\n\n" + lms.growth_table(),
        ]
    sections += [
        "## Render time of `student_view`\n\nA returning learner who has answered (course of "
        f"{config.GROWTH_SIZES[0]} earlier answers), {config.RENDER_ROUNDS} interleaved renders per block in one "
        "process with the SDK's `WorkbenchRuntime`; the ratio divides by the empty XBlock's median in the same "
        "run. \"First visit\" is a learner opening the block for the first time.\n\n" + report.render_table(),
        "## Submit handler over HTTP\n\n" + _server_text() + "\n\n" + report.http_table(),
        "## Cost growth with the number of earlier answers\n\nEarlier answers are seeded in bulk the way each "
        "block stores them. Render: a returning learner; submit: a new learner's first submission, in "
        "process; storage read: one page view, values fetched from the database.\n\n" + report.growth_table(),
        "## What a learner's browser downloads for one unit\n\nHeadless Chromium loading the preview's learner "
        "page of one block at 360 px width; the block's own share is that page minus the empty block's page "
        "(same runtime chrome).\n\n" + report.downloads_table(),
        "## Lighthouse (mobile)\n\n" + report.lighthouse_table(),
        _session_polls_text(results.get("session_polls")),
        "## Course build\n\n" + report.build_table(),
    ]
    findings = _findings()
    if findings:
        sections.append(findings)
    method = _method()
    if method:
        sections.append(method)
    return "\n\n".join(section for section in sections if section) + "\n"


def _reports(results):
    notes = {}
    reports = [Report(results, "workbench", notes)]
    if results.get("lms", {}).get("render"):
        reports.append(Report(results, "lms", notes))
    return reports


def unexplained(results):
    """Our missed goals that ``explanations.py`` gives no cause for (harness: kind / block)."""
    missing = []
    for report in _reports(results):
        report.speed_goals()
        report.flatness_goals()
        if report.harness == "lms":
            report.story_goals()
            report.crowd_goals()
        missing += [f"{report.harness}: {item}" for item in report.unexplained]
    return missing


def console_tables(results):
    """The main tables for the terminal."""
    parts = []
    for report in reversed(_reports(results)):
        name = "LMS-shaped harness" if report.harness == "lms" else "SDK workbench"
        parts += [f"Goals in the {name} (ours against the fastest peer)",
                  _table(["Row", "ours", "fastest peer", "verdict", "why"], report.speed_goals())]
        if report.harness == "lms":
            parts += [f"{name}: story ÷ reflection", _table(["Row", "ratio", "goal", "verdict", "why"],
                                                            report.story_goals()),
                      f"{name}: many learners at once", _table(
                          ["DB", "at once", "median", "p95", "failed", "lost", "orphans", "409s", "poll lost",
                           "verdict", "why"], report.crowd_goals())]
        parts += [f"{name}: render", report.render_table(), f"{name}: submit over HTTP", report.http_table()]
    report = _reports(results)[0]
    parts += ["Downloads", report.downloads_table(), "Lighthouse", report.lighthouse_table(),
              "Course build", report.build_table()]
    return "\n\n".join(parts)
