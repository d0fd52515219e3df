"""The target groups a course's about-work step offers, read from the LMS's modulestore for the operator's report.

The reach report lists a course's target groups with their labels, in the order its step offers them
(``sexmot_about_work``, field ``target_groups``). The operator's command ``sexmot_reach_report`` reads
them here, so that one step, in the LMS, writes the report the learners' step implies: an operator
who had to type the groups could leave them out and send a report with an empty target-group table.

The step is read as edx-platform's own code reads a course's blocks of one type,
``modulestore().get_items(course_key, qualifiers={"category": ...})`` (``MixedModuleStore.get_items``,
``xmodule/modulestore/mixed.py``; ``SplitMongoModuleStore.get_items`` raises ``ItemNotFoundError`` for a
course it does not hold). Run as ``manage.py lms``, the store reads the published branch
(``MODULESTORE_BRANCH = 'published-only'``): the groups learners are offered. The storage imports
nothing of the blocks (``.importlinter``), so the field's value is taken as data and its shape checked
here. The platform's modules are imported only when asked: the package imports without the LMS.
"""
#: The about-work step's block type, as the blocks' entry point names it (``setup.cfg``).
STEP_BLOCK_TYPE = "sexmot_about_work"
#: How an operator names the groups where the course's step cannot be read (the command's option).
NAME_THEM = "name each target group with --target-group ID=LABEL, in the order the step offers them"


class CourseGroupsUnavailable(RuntimeError):
    """The course's target groups cannot be read, with why and what to do in plain words."""


def checked_groups(value, where):
    """``[(id, label)]`` of a ``target_groups`` value, in its order, once its shape is right.

    Right: a non-empty list of objects, each with a non-empty text ``id`` and ``label``, each id once;
    else ``CourseGroupsUnavailable`` naming ``where`` the value comes from.
    """
    if not isinstance(value, list) or not value:
        raise CourseGroupsUnavailable(f"{where} offers no target groups.")
    groups = []
    for number, group in enumerate(value, start=1):
        group_id, label = (group.get("id"), group.get("label")) if isinstance(group, dict) else (None, None)
        if not (isinstance(group_id, str) and group_id.strip() and isinstance(label, str) and label.strip()):
            raise CourseGroupsUnavailable(f"{where}: target group {number} has no text id and label.")
        groups.append((group_id, label))
    ids = [group_id for group_id, _label in groups]
    repeated = sorted({group_id for group_id in ids if ids.count(group_id) > 1})
    if repeated:
        raise CourseGroupsUnavailable(f"{where} names the target group(s) {', '.join(repeated)} more than once.")
    return groups


def course_target_groups(course_id):
    """``[(id, label)]`` the course's about-work step offers, in its order, read from the LMS's modulestore.

    Refused (``CourseGroupsUnavailable``) where no modulestore is importable, the course id is not
    one, the LMS has no such course or no step in it, or its steps offer different groups.
    """
    try:  # the LMS's own modules, present only in the LMS
        from opaque_keys import InvalidKeyError  # noqa: PLC0415
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
        from xmodule.modulestore.django import modulestore  # noqa: PLC0415
        from xmodule.modulestore.exceptions import ItemNotFoundError  # noqa: PLC0415
    except ImportError:
        raise CourseGroupsUnavailable(
            "The LMS's modulestore is not here to read the course's target groups from: run the command in "
            f"the LMS (manage.py lms), or {NAME_THEM}.") from None
    try:
        course_key = CourseKey.from_string(str(course_id))
    except InvalidKeyError:
        raise CourseGroupsUnavailable(f"{course_id} is not a course id (course-v1:ORG+COURSE+RUN).") from None
    try:
        steps = modulestore().get_items(course_key, qualifiers={"category": STEP_BLOCK_TYPE})
    except ItemNotFoundError:
        raise CourseGroupsUnavailable(f"The LMS has no course {course_id}.") from None
    if not steps:
        raise CourseGroupsUnavailable(
            f"The course {course_id} has no about-work step ({STEP_BLOCK_TYPE}): its learners are asked "
            "nothing, so it has no reach to report.")
    offered = [checked_groups(getattr(step, "target_groups", None), f"The about-work step {step.scope_ids.usage_id}")
               for step in steps]
    if any(groups != offered[0] for groups in offered[1:]):
        raise CourseGroupsUnavailable(
            f"The course {course_id} has {len(steps)} about-work steps that offer different target groups: "
            f"make them the same in Studio, or {NAME_THEM}.")
    return offered[0]
