"""Who completed a course, as the platform knows it: counted into the reach tables, never listed.

In the LMS the platform's certificates say it: a learner completed the web training when they hold a
passing certificate of the course, read as ``get_certificates_for_user``
(``lms/djangoapps/certificates/api.py`` in edx-platform) reads them, through
``GeneratedCertificate.eligible_certificates`` and ``CertificateStatuses.is_passing_status``, here for a
whole course at once. Outside the LMS (the preview, the tests) the setting
``SEXMOT_REACH_COMPLETED_LEARNERS`` names a function ``(course_id) -> user ids`` that stands in for it.
The package imports without the LMS: the platform's modules are imported only when asked.

``count_completions`` adds the completed stage to each such learner's reach answers
(``reach.note_stage``): their own categories, never their name; a learner who did not answer the
step is in no table. The counts show in the next release, like every answer.

In the LMS a completion also counts the moment the platform issues the certificate:
``GeneratedCertificate.save`` sends openedx-events' ``CERTIFICATE_CREATED`` for a passing one, and the
app's ``plugin_app`` connects ``count_certified_completion`` to it, so course staff see completions
without waiting for the operator's daily command (which counts nothing twice: a stage reached once is
reached).
"""
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from . import reach
from .reach_suppression import COMPLETED


def completed_learners(course_id):
    """The user ids of the learners who completed the course ``course_id`` (the platform's, or the stand-in's)."""
    stand_in = getattr(settings, "SEXMOT_REACH_COMPLETED_LEARNERS", None)
    if stand_in:
        return list(import_string(stand_in)(course_id))
    return platform_completed_learners(course_id)


class CompletionsUnavailable(RuntimeError):
    """Neither the LMS's certificates nor a stand-in are there to say who completed a course."""


def platform_completed_learners(course_id):
    """The LMS's learners with a passing certificate of the course, as ``get_certificates_for_user`` reads them."""
    try:  # the LMS's own modules, present only in the LMS
        from lms.djangoapps.certificates.models import CertificateStatuses, GeneratedCertificate  # noqa: PLC0415
    except ImportError:
        raise CompletionsUnavailable(
            "The LMS's certificates are not here: run the command in the LMS (manage.py lms), or name a "
            "stand-in in SEXMOT_REACH_COMPLETED_LEARNERS.") from None
    from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415  (installed with the LMS)

    certificates = GeneratedCertificate.eligible_certificates.filter(course_id=CourseKey.from_string(str(course_id)))
    return [user_id for user_id, status in certificates.values_list("user_id", "status")
            if CertificateStatuses.is_passing_status(status)]


def count_completions(course_id, course_scope=None):
    """Count every completion of the course in its reach tables; return how many learners were asked of."""
    course_scope = course_scope or reach.scope_key(course_id)
    learners = completed_learners(course_id)
    for learner_id in learners:
        reach.note_stage(course_scope, learner_id, COMPLETED)
    return len(learners)


def count_certified_completion(certificate=None, **kwargs):
    """Receiver of the platform's ``CERTIFICATE_CREATED`` (openedx-events): the learner's passing certificate.

    Only the user id and the course are read from the event (its ``pii`` is left alone). The count is made
    once the certificate's own transaction has committed, and an error in it is logged by Django without
    failing the certificate (``on_commit(robust=True)``).
    """
    if certificate is None:
        return
    course_scope = reach.scope_key(str(certificate.course.course_key))
    learner_id = certificate.user.id
    transaction.on_commit(lambda: reach.note_stage(course_scope, learner_id, COMPLETED), robust=True)
