"""The course certificate (kursintyg): Open edX's own course certificate, configured in the exported course.

A Swedish employer wants a certificate to say which course was done, how long
it is and who issued it. Open edX keeps a course's certificate configuration
in the course's advanced settings (the ``certificates`` field, written to
``policies/<run>/policy.json`` on export and read back on import), so the
certificate travels with the OLX: after the import it shows, active, under
Studio's *Settings > Certificates*.

The text comes from ``courses/<slug>/certificate.yaml``:

``name``
    the certificate's name in Studio;
``course_title``
    the title printed on the certificate (the course's own title by default);
``scope_minutes``
    the web training's study time the certificate states, which must stay
    within :data:`SCOPE_TOLERANCE_MINUTES` of the estimate the check prints;
``description``
    what the certificate attests, for the course team in Studio.

The issuer is left to the host organization: the certificate has no
signatory, and the check says so, because only the organization that runs the
course may sign for it (Studio: *Settings > Certificates > Signatories*).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .source import SourceError

__all__ = ["CourseCertificate", "certificate_settings", "check_certificate", "load_certificate", "scope_text",
           "CERTIFICATE_FILE", "CERTIFICATE_SCHEMA_VERSION", "SCOPE_TOLERANCE_MINUTES", "SIGNATORY_WARNING"]

CERTIFICATE_FILE = "certificate.yaml"
#: The data contract version Studio's ``CertificateManager.validate`` accepts (cms/djangoapps/contentstore).
CERTIFICATE_SCHEMA_VERSION = 1
#: Studio gives certificates ids from 100 up (``CERTIFICATE_MINIMUM_ID``); below MySQL's largest int.
_MINIMUM_ID, _MAXIMUM_ID = 100, 2_147_483_647
#: How far the scope stated on the certificate may be from the estimated study time.
SCOPE_TOLERANCE_MINUTES = 5.0
#: Self-paced: a learner who passes can see the certificate at once.
DISPLAY_BEHAVIOR = "early_no_info"
SIGNATORY_WARNING = ("The course certificate names no issuer: add your organization as its signatory in Studio "
                     "(Settings > Certificates) before learners earn it.")


@dataclass(frozen=True)
class CourseCertificate:
    """A course's certificate text, as written in ``certificate.yaml``."""

    name: str
    course_title: str
    description: str
    scope_minutes: int


def load_certificate(course_dir: Path) -> CourseCertificate:
    """Read ``course_dir/certificate.yaml``; raise :class:`SourceError` saying what is missing."""
    path = Path(course_dir) / CERTIFICATE_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SourceError(path.parent.name, [f"{path.parent.name}/{CERTIFICATE_FILE}: cannot be read ({error})"]) \
            from error
    missing = [key for key in ("name", "course_title", "description", "scope_minutes") if not data.get(key)]
    if missing:
        raise SourceError(path.parent.name, [f"{path.parent.name}/{CERTIFICATE_FILE}: {', '.join(missing)} missing"])
    if not isinstance(data["scope_minutes"], int) or data["scope_minutes"] <= 0:
        raise SourceError(path.parent.name, [f"{path.parent.name}/{CERTIFICATE_FILE}: scope_minutes must be a whole "
                                             "number of minutes"])
    return CourseCertificate(str(data["name"]).strip(), str(data["course_title"]).strip(),
                             str(data["description"]).strip(), data["scope_minutes"])


def scope_text(minutes: int) -> str:
    """The scope as printed: hours first, as employers count them, then minutes (``0,75 timme (45 minuter)``)."""
    hours = f"{minutes / 60:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    unit = "timme" if minutes <= 60 else "timmar"
    return f"{hours} {unit} ({minutes} minuter)"


def certificate_id(course_number: str) -> int:
    """A stable id for the course's one certificate, so re-importing updates it instead of adding another."""
    return _MINIMUM_ID + zlib.crc32(course_number.encode("utf-8")) % (_MAXIMUM_ID - _MINIMUM_ID)


def certificate_settings(certificate: CourseCertificate, course_number: str) -> dict:
    """The course settings (``policy.json``) that make Open edX issue ``certificate`` to learners who pass."""
    return {
        "cert_html_view_enabled": True,
        "certificates_display_behavior": DISPLAY_BEHAVIOR,
        "certificates": {"certificates": [{
            "id": certificate_id(course_number),
            "version": CERTIFICATE_SCHEMA_VERSION,
            "name": certificate.name,
            "description": f"{certificate.description} Omfattning: {scope_text(certificate.scope_minutes)}.",
            "course_title": f"{certificate.course_title} – omfattning {scope_text(certificate.scope_minutes)}",
            "is_active": True,
            "signatories": [],
        }]},
    }


def check_certificate(settings: dict, certificate: CourseCertificate | None = None,
                      web_minutes: float | None = None) -> tuple[list[str], list[str]]:
    """Problems (errors, warnings) with the certificate in a course's settings.

    Mirrors what Studio and the LMS need: ``CertificateManager.validate`` (schema version, a name),
    ``CertificateManager.is_activated`` (the first certificate is active) and the HTML view enabled.
    With ``certificate`` and ``web_minutes``, the stated scope must match the estimated study time.
    """
    errors, warnings = [], []
    certificates = (settings.get("certificates") or {}).get("certificates") or []
    if not certificates:
        return ["policy.json: no course certificate is configured, so passing learners would get no kursintyg"], []
    first = certificates[0]
    if first.get("version") != CERTIFICATE_SCHEMA_VERSION:
        errors.append(f"policy.json: the certificate's version must be {CERTIFICATE_SCHEMA_VERSION} (Studio rejects "
                      "other versions)")
    if not first.get("name"):
        errors.append("policy.json: the certificate has no name")
    if not isinstance(first.get("id"), int) or first["id"] < _MINIMUM_ID:
        errors.append(f"policy.json: the certificate's id must be a whole number from {_MINIMUM_ID}")
    if first.get("is_active") is not True:
        errors.append("policy.json: the certificate is not active, so the LMS would issue none")
    if settings.get("cert_html_view_enabled") is not True:
        errors.append("policy.json: cert_html_view_enabled must be true for the web certificate")
    if not first.get("signatories"):
        warnings.append(SIGNATORY_WARNING)
    if certificate is not None and web_minutes is not None:
        if abs(certificate.scope_minutes - web_minutes) > SCOPE_TOLERANCE_MINUTES:
            errors.append(f"{CERTIFICATE_FILE}: the certificate states {certificate.scope_minutes} minutes, but the "
                          f"web training is estimated at {web_minutes:.1f}: update scope_minutes")
        if scope_text(certificate.scope_minutes) not in first.get("course_title", ""):
            errors.append("policy.json: the certificate's title does not state the scope from certificate.yaml")
    return errors, warnings
