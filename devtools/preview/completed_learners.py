"""The preview's stand-in for the LMS's certificates (``SEXMOT_REACH_COMPLETED_LEARNERS``): who completed which course.

The workbench has no certificates; a test or a person trying the preview adds learners here.
"""
COMPLETED = {}


def completed_learners(course_id):
    """The learners recorded as having completed ``course_id``."""
    return sorted(COMPLETED.get(course_id, ()))
