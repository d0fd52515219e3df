"""Completion counted into the reach tables: the platform's certificates read as the LMS reads them, never listed.

``platform_completed_learners`` mirrors ``get_certificates_for_user`` (``lms/djangoapps/certificates/api.py``
in edx-platform): ``GeneratedCertificate.eligible_certificates`` (``EligibleCertificateManager``, which
leaves out ``audit_passing`` and ``audit_notpassing``) and ``CertificateStatuses.is_passing_status``. The
contract test puts the platform's procedure in place of its modules, as its models.py defines it, and
checks that only passing, eligible certificates of the course count.
"""
import datetime
import json
import sys
import types

import pytest
from django.core.management import call_command
from opaque_keys.edx.keys import CourseKey

from devtools.preview import completed_learners
from sexmot_xblocks.storage import answers, api, reach, reach_completion
from sexmot_xblocks.storage.reach_document import checked
from tests.security_support import EXERCISE
from tests.test_group_sessions import join, start

COURSE = "course-v1:Socialstyrelsen+SMEBU+2026"


class CertificateStatuses:
    """The statuses of ``lms/djangoapps/certificates/data.py`` this reading meets, and its passing rule."""

    downloadable, generating, notpassing, unavailable = "downloadable", "generating", "notpassing", "unavailable"
    audit_passing, audit_notpassing = "audit_passing", "audit_notpassing"
    PASSED_STATUSES = (downloadable, generating)

    @classmethod
    def is_passing_status(cls, status):
        return status in cls.PASSED_STATUSES


class EligibleCertificates:
    """``EligibleCertificateManager``: every certificate but the audit ones, filtered as a queryset filters."""

    rows = []

    def filter(self, course_id):
        self.found = [
            row
            for row in self.rows
            if row["course_id"] == course_id
            and row["status"] not in (CertificateStatuses.audit_passing, CertificateStatuses.audit_notpassing)
        ]
        return self

    def values_list(self, *names):
        return [tuple(row[name] for name in names) for row in self.found]


@pytest.fixture
def platform_certificates(monkeypatch):
    models = types.ModuleType("lms.djangoapps.certificates.models")
    models.CertificateStatuses = CertificateStatuses
    models.GeneratedCertificate = types.SimpleNamespace(eligible_certificates=EligibleCertificates())
    for name in ("lms", "lms.djangoapps", "lms.djangoapps.certificates"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "lms.djangoapps.certificates.models", models)
    return EligibleCertificates.rows


def test_the_lms_reading_counts_passing_eligible_certificates_of_the_course_only(platform_certificates):
    course = CourseKey.from_string(COURSE)
    other = CourseKey.from_string("course-v1:Socialstyrelsen+SMEVU+2026")
    platform_certificates[:] = [
        {"user_id": 1, "course_id": course, "status": CertificateStatuses.downloadable},
        {"user_id": 2, "course_id": course, "status": CertificateStatuses.generating},
        {"user_id": 3, "course_id": course, "status": CertificateStatuses.notpassing},
        {"user_id": 4, "course_id": course, "status": CertificateStatuses.audit_passing},
        {"user_id": 5, "course_id": other, "status": CertificateStatuses.downloadable},
    ]
    assert sorted(reach_completion.platform_completed_learners(COURSE)) == [1, 2]


@pytest.mark.django_db
def test_the_operators_command_counts_completions_and_writes_the_report(settings, tmp_path, monkeypatch):
    settings.SEXMOT_REACH_THRESHOLD = 3
    scope = reach.scope_key(COURSE)
    for learner, group in ((11, "skola"), (12, "skola"), (13, "skola"), (14, "hvb"), (15, "hvb"), (16, "hvb")):
        reach.choose(scope, learner, group, "AB", keep=lambda record: None)
    monkeypatch.setitem(completed_learners.COMPLETED, COURSE, {11, 12, 14, 99})
    out = tmp_path / "report.json"
    call_command("sexmot_reach_report", COURSE, "--json", str(out), "--target-group", "skola=Skola",
                 "--target-group", "hvb=HVB")
    document = checked(json.loads(out.read_text(encoding="utf-8")))
    assert document["course"] == COURSE and document["tables"]["target_group"]["totals"] == [6, 3, None]
    assert "99" not in out.read_text(encoding="utf-8") and not answers.takes_part(scope, 99)


@pytest.mark.django_db
def test_answering_in_a_group_session_counts_as_taking_part_in_the_learners_categories(load_scenario, settings):
    settings.SEXMOT_REACH_THRESHOLD = 3
    preview = load_scenario(EXERCISE)
    scope = reach.block_scope_key(preview.block())
    for student in ("p1", "p2", "p3"):
        reach.choose(scope, student, "socialtjanst", "M", keep=lambda record: None)
    code = start(preview)
    for student in ("p1", "p2", "p3", "outsider"):
        assert join(preview, code, student).status_code == 200
    live = answers.statement_tallies(scope)
    assert live["discussed:target_group:socialtjanst"] == {1: 3} and live["discussed:county:M"] == {1: 3}
    assert not answers.takes_part(scope, "outsider")  # answered no step: in no table


@pytest.mark.django_db
def test_a_discussion_counts_once_its_session_released_and_stays_counted_after_the_purge(load_scenario, settings):
    """Three sessions of three participants, one of them answered twice: three discussions, after every purge."""
    settings.SEXMOT_REACH_THRESHOLD = 3
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="3"'))
    scope = reach.block_scope_key(preview.block())
    learners = [f"d{number}" for number in range(9)]
    for learner in learners:
        reach.choose(scope, learner, "socialtjanst", "M", keep=lambda record: None)
    codes = []
    for group in range(3):
        code = start(preview, leader=f"leader{group}")
        codes.append(code)
        for learner in learners[3 * group:3 * group + 2]:
            assert join(preview, code, learner).status_code == 200
        assert reach.report(COURSE, [], course_scope=scope)["group_discussions_held"] is None  # before any release
        assert join(preview, code, learners[3 * group + 2]).status_code == 200
    assert join(preview, codes[0], learners[0], s1=5).status_code == 200  # a later answer: the same discussion
    api.purge_sessions(today=datetime.date.today() + datetime.timedelta(days=400))
    report = reach.report(COURSE, [], course_scope=scope)
    assert report["group_discussions_held"] == 3
    assert report["tables"]["county"]["totals"] == [9, None, 9]  # answered the step, completed, discussed


@pytest.mark.django_db
def test_the_report_names_the_day_of_its_release_not_the_day_it_was_written(settings, monkeypatch):
    settings.SEXMOT_REACH_THRESHOLD = 3
    scope = reach.scope_key(COURSE)
    assert reach.report(COURSE, [])["released_on"] is None  # nothing released yet

    class ReleaseDay(datetime.date):
        @classmethod
        def today(cls):
            return cls(2026, 3, 2)

    monkeypatch.setattr(answers, "datetime", types.SimpleNamespace(date=ReleaseDay))
    for learner in (21, 22, 23):
        reach.choose(scope, learner, "skola", "AB", keep=lambda record: None)
    monkeypatch.undo()
    assert reach.report(COURSE, [("skola", "Skola")])["released_on"] == "2026-03-02"
