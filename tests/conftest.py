"""Shared fixtures: the real workbench runtime, the preview's Django, a learner-facing HTTP client."""
import os
import shutil
import socket
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.db import transaction
from django.test import Client
from workbench import scenarios
from workbench.runtime import WorkbenchRuntime

from devtools.preview.testfilm import make_test_film
from tests.handler_calls import action_body, action_path
from tests.tiers import queries_refused, slow_fixture, tier_markers

CHROMIUM = shutil.which("chromium")
# Playwright's sync API keeps an event loop in the test thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live test server accepts 50 simultaneous learners: Django's default backlog of 10 would reset connections.
WSGIServer.request_queue_size = 128


def free_port():
    """A port nobody listens on, for a server a test starts itself."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """A scenario loaded into the workbench, reached over Django HTTP as any named learner."""

    def __init__(self, name, usage_id, client):
        self.name = name
        self.usage_id = usage_id
        self.client = client

    def post(self, handler, payload, student="student_1", raw=None):
        """Call a JSON action (or Studio's save) as ``student``; ``raw`` sends the action's data as it is."""
        return self.client.post(action_path(self.usage_id, handler, student), action_body(handler, payload, raw),
                                content_type="application/json")

    def get(self, handler, student="student_1"):
        """Call a GET handler as ``student``."""
        return self.client.get(f"/handler/{self.usage_id}/{handler}/?student={student}")

    def view(self, student="student_1"):
        """The rendered student view, as HTML text."""
        response = self.client.get(f"/view/{self.name}/?student={student}")
        assert response.status_code == 200
        return response.content.decode("utf-8")

    def block(self, student="student_1"):
        """The block as the runtime gives it to ``student``, with that learner's state."""
        return WorkbenchRuntime(student).get_block(self.usage_id)


@pytest.fixture
def load_scenario(db):
    """Register an OLX scenario in the workbench and return a ``Preview`` of it."""
    names = []

    def load(xml, client=None):
        name = f"test-{uuid.uuid4().hex[:12]}"
        scenarios.add_xml_scenario(name, name, xml)
        names.append(name)
        return Preview(name, scenarios.SCENARIOS[name].usage_id, client or Client())

    yield load
    for name in names:
        scenarios.remove_scenario(name)


@pytest.fixture(autouse=True)
def interface_language(settings, request):
    """Tests read the interface in English, the message ids; a test marked ``swedish`` reads it as the preview
    shows it."""
    settings.LANGUAGE_CODE = "sv" if request.node.get_closest_marker("swedish") else "en"
    return settings.LANGUAGE_CODE


@pytest.fixture
def published(monkeypatch):
    """Every event the blocks publish through the runtime, as (event_type, data) pairs."""
    events = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda runtime, block, kind, data: events.append((kind, data)))
    return events


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium through Playwright, started once; skipped only where Chromium is absent."""
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        launched.close()


@pytest.fixture
def browser(chromium, transactional_db):
    """The shared Chromium for one test; every page the test opened is closed when it ends.

    A page left open keeps polling the live server (a leader's run sheet, a phone in a session) and would write
    into the next test's database. Requesting ``transactional_db`` here makes this teardown run before the
    database is flushed, so nothing a page sends lands after the flush.
    """
    yield chromium
    for context in chromium.contexts:
        context.close()


@pytest.fixture(scope="session")
def test_film():
    """The generated few-second film in the preview's course-files folder."""
    if not make_test_film(settings.SEXMOT_COURSE_ASSETS_DIR):
        pytest.skip("ffmpeg is not installed (apt-get install ffmpeg)")


@slow_fixture(scope="session")
def courses(tmp_path_factory):
    """Both real courses, built once per session exactly as ``python -m course_export build`` builds them.

    Films and PDFs come from the build cache in ``var/build-cache`` (made on first use), so a warm build
    takes seconds; the course tests and the screenshots share this one build.
    """
    if not (shutil.which("ffmpeg") and shutil.which("espeak-ng")):
        pytest.skip("the builder renders films with ffmpeg and espeak-ng (apt-get install ffmpeg espeak-ng)")
    from course_export.build import COURSE_SLUGS, build_course  # noqa: PLC0415

    root = tmp_path_factory.mktemp("courses")
    cache = Path(__file__).resolve().parents[1] / "var" / "build-cache"
    # Each course in a work folder of its own, so the preview can be given one course (``course_preview``).
    return {slug: build_course(slug, work_dir=root / slug, dist_dir=root / "dist", cache=cache)
            for slug in COURSE_SLUGS}


@pytest.fixture
def course_preview(db, settings, tmp_path):
    """Register built courses' units as workbench scenarios (``kurs-<slug>-<section>-<unit>``), as the preview
    does, with a course-files folder of the test's own; returns the function that registers a work folder."""
    from course_export.course_preview import register_course_scenarios  # noqa: PLC0415

    settings.SEXMOT_COURSE_ASSETS_DIR = str(tmp_path / "assets")
    settings.STATICFILES_DIRS = [("course-assets", str(tmp_path / "assets"))]
    registered = []

    def register(work_dir):
        """Register the courses built in ``work_dir`` (a built course's ``course_dir.parent.parent``: that one)."""
        with transaction.atomic():  # the units' content goes to the database in one commit, not hundreds
            ids = register_course_scenarios(work_dir)
        registered.extend(ids)
        return ids

    yield register
    for scenario_id in registered:
        scenarios.SCENARIOS.pop(scenario_id, None)
@pytest.fixture(autouse=True)
def unit_tier_stays_off_the_database(request):
    """A test of the unit tier fails on its first query (tests/tiers.py)."""
    if request.node.get_closest_marker("unit"):
        with queries_refused():
            yield
    else:
        yield


def pytest_collection_modifyitems(items):
    """Mark each test's tier by what it costs, read from the fixtures it uses (tests/tiers.py)."""
    for item in items:
        for marker in tier_markers(item):
            item.add_marker(marker)
