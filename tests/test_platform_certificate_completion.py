"""Contract: the LMS counts a completion in the course's reach the moment it issues a passing certificate.

The platform's procedure, reproduced with its own libraries: at start-up the LMS's ``PluginsConfig.ready``
(``openedx/core/djangoapps/plugins/apps.py``) calls edx-django-utils' ``connect_plugin_receivers`` for
``ProjectType.LMS`` (``"lms.djangoapp"``), which connects the receivers each plugin app's ``plugin_app``
names; the CMS connects those of ``"cms.djangoapp"``. ``GeneratedCertificate.save``
(``lms/djangoapps/certificates/models.py``) then sends openedx-events' ``CERTIFICATE_CREATED`` for a
passing certificate, with ``CertificateData`` of the user (their ``pii`` included) and the course.
"""
import pytest
from django.db import transaction
from edx_django_utils.plugins import connect_plugin_receivers
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import CertificateData, CourseData, UserData, UserPersonalData
from openedx_events.learning.signals import CERTIFICATE_CREATED

from sexmot_xblocks.storage import reach, reach_completion
from tests.test_security_retirement import every_stored_value

COURSE = "course-v1:Socialstyrelsen+SMEBU+2026"
LEARNERS = {31: "skola", 32: "skola", 33: "hvb"}


def certificate_of(user_id, course=COURSE):
    """The event's data as ``GeneratedCertificate.save`` fills it for a passing certificate."""
    return CertificateData(
        user=UserData(pii=UserPersonalData(username=f"larare{user_id}", email=f"larare{user_id}@skola.example",
                                           name=f"Lärare Nummer{user_id}"), id=user_id, is_active=True),
        course=CourseData(course_key=CourseKey.from_string(course)), mode="honor", grade="0.92",
        current_status="downloadable", download_url="", name="")


@pytest.fixture
def answered_the_step(settings):
    settings.SEXMOT_REACH_THRESHOLD = 3
    for learner, group in LEARNERS.items():
        reach.choose(reach.scope_key(COURSE), learner, group, "AB", keep=lambda record: None)


@pytest.fixture
def connected_in():
    """Connect the plugins' receivers as the LMS or the CMS does at start-up; disconnect ours afterwards."""
    yield connect_plugin_receivers
    CERTIFICATE_CREATED.disconnect(dispatch_uid=f"{reach_completion.__name__}.count_certified_completion")


@pytest.mark.django_db(transaction=True)
def test_a_passing_certificate_counts_the_completion_at_once_in_the_learners_categories_and_nothing_of_them(
        answered_the_step, connected_in):
    connected_in("lms.djangoapp")
    for learner in LEARNERS:
        CERTIFICATE_CREATED.send_event(certificate=certificate_of(learner))
    CERTIFICATE_CREATED.send_event(certificate=certificate_of(34))  # answered no step: in no table
    CERTIFICATE_CREATED.send_event(certificate=certificate_of(31, "course-v1:Socialstyrelsen+SMEVU+2026"))

    report = reach.report(COURSE, [("skola", "Skola"), ("hvb", "HVB-hem")])
    assert report["tables"]["county"]["totals"][:2] == [3, 3]  # answered the step, completed the web training
    stored = " ".join(every_stored_value())
    for learner in (*LEARNERS, 34):
        for personal in (f"larare{learner}", f"Nummer{learner}"):
            assert personal not in stored

    CERTIFICATE_CREATED.send_event(certificate=certificate_of(31))  # issued again: the same completion
    assert reach.report(COURSE, [("skola", "Skola"), ("hvb", "HVB-hem")]) == report


@pytest.mark.django_db(transaction=True)
def test_a_certificate_whose_save_fails_counts_no_completion(answered_the_step, connected_in):
    connected_in("lms.djangoapp")
    with pytest.raises(RuntimeError), transaction.atomic():
        for learner in LEARNERS:
            CERTIFICATE_CREATED.send_event(certificate=certificate_of(learner))
        raise RuntimeError("the certificate's save failed: it was never issued")
    assert reach.report(COURSE, [("skola", "Skola"), ("hvb", "HVB-hem")])["tables"]["county"]["totals"][1] is None


@pytest.mark.django_db(transaction=True)
def test_studio_connects_no_receiver_so_a_certificate_there_counts_nothing(answered_the_step, connected_in):
    connected_in("cms.djangoapp")
    for learner in LEARNERS:
        CERTIFICATE_CREATED.send_event(certificate=certificate_of(learner))
    assert reach.report(COURSE, [("skola", "Skola"), ("hvb", "HVB-hem")])["tables"]["county"]["totals"][1] is None
