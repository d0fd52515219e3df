"""The course certificate (kursintyg) the exported course configures, as Studio and the LMS read it."""
from pathlib import Path

import pytest

from course_export.certificate import (
    SIGNATORY_WARNING,
    CourseCertificate,
    certificate_id,
    certificate_settings,
    check_certificate,
    load_certificate,
    scope_text,
)
from course_export.source import SourceError

COURSES = Path(__file__).parents[2] / "course_export" / "courses"
CERTIFICATE = CourseCertificate("Kursintyg – test", "Testkurs", "Intyget visar att kursen är gjord.", 45)


def studio_accepts(settings):
    """What Studio does with an imported course's certificates, as in edx-platform's
    ``cms/djangoapps/contentstore/views/certificates.py``: ``CertificateManager.get_certificates`` reads
    ``course.certificates["certificates"]``, ``deserialize_certificate`` requires name, description and version,
    ``validate`` requires schema version 1 and a name, and ``is_activated`` looks at the first certificate's
    ``is_active``. Returns whether the certificate would be shown and issued."""
    certificates = settings["certificates"].get("certificates", [])
    for certificate in certificates:
        for key in ("name", "description", "version"):
            assert key in certificate, f"Studio's deserialize_certificate would reject a certificate without {key}"
        assert certificate["version"] == 1 and certificate["name"]
        assert isinstance(certificate["id"], int) and certificate["id"] >= 100
    return bool(certificates) and certificates[0].get("is_active", False) and settings["cert_html_view_enabled"]


def test_the_settings_give_an_active_certificate_studio_accepts():
    settings = certificate_settings(CERTIFICATE, "SMEBU")
    assert studio_accepts(settings)
    assert settings["certificates_display_behavior"] == "early_no_info"
    certificate = settings["certificates"]["certificates"][0]
    assert certificate["course_title"] == "Testkurs – omfattning 0,75 timme (45 minuter)"
    assert certificate["signatories"] == []
    assert check_certificate(settings, CERTIFICATE, 44.0) == ([], [SIGNATORY_WARNING])


def test_the_id_is_stable_per_course_so_a_reimport_updates_the_certificate():
    assert certificate_id("SMEBU") == certificate_id("SMEBU") != certificate_id("SMEV")
    assert certificate_id("SMEBU") >= 100


@pytest.mark.parametrize("minutes, text", [(45, "0,75 timme (45 minuter)"), (60, "1 timme (60 minuter)"),
                                           (90, "1,5 timmar (90 minuter)")])
def test_the_scope_is_stated_in_hours_then_minutes(minutes, text):
    assert scope_text(minutes) == text


def test_a_scope_far_from_the_estimated_study_time_fails():
    settings = certificate_settings(CERTIFICATE, "SMEBU")
    errors, _ = check_certificate(settings, CERTIFICATE, 52.5)
    assert errors == ["certificate.yaml: the certificate states 45 minutes, but the web training is estimated at "
                      "52.5: update scope_minutes"]


@pytest.mark.parametrize("change, error", [
    (lambda s: s["certificates"]["certificates"][0].update(is_active=False),
     "policy.json: the certificate is not active, so the LMS would issue none"),
    (lambda s: s["certificates"]["certificates"][0].update(version=2),
     "policy.json: the certificate's version must be 1 (Studio rejects other versions)"),
    (lambda s: s.update(cert_html_view_enabled=False),
     "policy.json: cert_html_view_enabled must be true for the web certificate"),
    (lambda s: s["certificates"].update(certificates=[]),
     "policy.json: no course certificate is configured, so passing learners would get no kursintyg"),
])
def test_a_certificate_the_lms_would_not_issue_fails(change, error):
    settings = certificate_settings(CERTIFICATE, "SMEBU")
    change(settings)
    assert error in check_certificate(settings)[0]


@pytest.mark.parametrize("slug", ["barn-och-unga", "vuxna"])
def test_both_courses_state_about_45_minutes_of_web_training(slug):
    certificate = load_certificate(COURSES / slug)
    assert 35 <= certificate.scope_minutes <= 55
    assert studio_accepts(certificate_settings(certificate, slug))


def test_a_certificate_file_without_its_scope_fails(tmp_path):
    (tmp_path / "certificate.yaml").write_text('name: "X"\ncourse_title: "Y"\ndescription: "Z"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="scope_minutes missing"):
        load_certificate(tmp_path)
