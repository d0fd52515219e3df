"""Who the current user is, as far as the blocks need to know: signed in or not, staff or not, acting as another.

Acting as another: course staff who "view this course as a specific learner"
get the block bound to that learner (``setup_masquerade`` in edx-platform's
``lms/djangoapps/courseware/masquerade.py``, called by
``get_block_by_usage_id`` in ``block_render.py``), while the request's user,
which the platform's ``crum.CurrentRequestUserMiddleware`` exposes, stays
the staff member. A learner's answers and texts are theirs alone: whoever
acts as them sees none of them and writes nothing for them.
"""
import warnings

import crum
from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

#: Set by the LMS user service; False for a visitor who is not signed in (a public course, or a handler URL
#: called without a session).
IS_AUTHENTICATED = "edx-platform.is_authenticated"
USER_IS_STAFF = "edx-platform.user_is_staff"
#: Set by the LMS user service: the username of the user the block is bound to.
USERNAME = "edx-platform.username"
#: What anyone acting as a learner is told, on the page and by every handler that holds the learner's data.
ACTING_AS_ANOTHER = _("You are viewing this exercise as another learner. Their answers are theirs alone: "
                      "nothing of them is shown here, and nothing can be changed for them.")


def _current_user(block):
    service = block.runtime.service(block, "user")
    return service.get_current_user() if service else None


def acts_as_another(block):
    """True when the signed-in requester is not the learner the block is bound to.

    Detected as the platform detects it: ``is_masquerading_as_specific_student``
    (``lms/djangoapps/courseware/masquerade.py``) on the request's user for the
    block's course, that is a masquerade with a ``user_name`` among the
    ``masquerade_settings`` that ``setup_masquerade`` put on that user. Any
    other way the runtime may bind a block to a user other than the signed-in
    requester counts the same: their usernames differ. A request without a
    signed-in user (the preview's ``?student=``, a visitor) acts for no one else.
    """
    requester = crum.get_current_user()
    if requester is None or not getattr(requester, "is_authenticated", False):
        return False
    course_key = getattr(block.scope_ids.usage_id, "course_key", None)
    masquerade = (getattr(requester, "masquerade_settings", None) or {}).get(course_key)
    if masquerade is not None and getattr(masquerade, "user_name", None):
        return True
    user = _current_user(block)
    bound_to = user.opt_attrs.get(USERNAME) if user else None
    return bool(bound_to) and bound_to != requester.get_username()


def refuse_acting_as_another(block):
    """Refuse, with a 403 and nothing read or changed, anyone acting as the learner the block is bound to."""
    if acts_as_another(block):
        raise JsonHandlerError(403, ACTING_AS_ANOTHER)


def is_signed_in(block):
    """True for a signed-in user; False for an anonymous visitor, whose answers could never be withdrawn."""
    user = _current_user(block)
    return bool(user and user.opt_attrs.get(IS_AUTHENTICATED))


def is_course_staff(block):
    """True for course staff, from the ``user_is_staff`` flag that the Open edX user service sets."""
    user = _current_user(block)
    return bool(user and user.opt_attrs.get(IS_AUTHENTICATED) and user.opt_attrs.get(USER_IS_STAFF))


#: Studio's questions "may this user change the course's content?", newest first: ``can_edit_content``
#: (edx-platform's ``StudioPermissionsService`` after Ulmo, which deprecates ``can_write``,
#: openedx-platform#37409) and ``can_write`` (Ulmo and every release before).
STUDIO_EDIT_CHECKS = ("can_edit_content", "can_write")


def may_edit_content(block):
    """True for whoever may change the block's content: any of Studio's permission checks, or course staff.

    In Studio the ``studio_user_permissions`` service knows the course's
    authors, and its ``can_edit_content`` comes in two shapes upstream: with
    openedx-authz's permissions and the course roles as fallback, or (as
    Verawood may have it) with openedx-authz's alone, so that an author who
    holds only a course role is refused by it while ``can_write`` still lets
    them in. An author whom any check the service answers lets through may
    save; a release that drops a check is simply not asked it. ``can_write``
    is asked only when the newer check said no, its deprecation warning kept
    out of the author's way. Where the service is absent (the LMS, the
    preview), or says no, course staff may edit. Blocks that use this declare
    ``@XBlock.wants("studio_user_permissions")``.
    """
    permissions = block.runtime.service(block, "studio_user_permissions")
    if permissions is not None:
        course_key = block.scope_ids.usage_id.context_key
        for check in STUDIO_EDIT_CHECKS:
            if callable(getattr(permissions, check, None)):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    if getattr(permissions, check)(course_key):
                        return True
    return is_course_staff(block)


def require_content_editor(block):
    """Refuse a Studio edit to anyone who may not change the course, with a 403 and nothing changed."""
    if not may_edit_content(block):
        raise JsonHandlerError(403, _("Only the course's authors may change this exercise."))


def require_signed_in(block):
    """Refuse a learner handler to an anonymous visitor, or to anyone acting as the learner, with a 403.

    Before anything is read or changed.
    """
    if not is_signed_in(block):
        raise JsonHandlerError(403, _("Please sign in to take part in this exercise."))
    refuse_acting_as_another(block)


def require_course_staff(block):
    """Refuse a staff-only handler to anyone else, or to staff acting as a learner, with a 403.

    Before anything is read or changed.
    """
    refuse_acting_as_another(block)
    if not is_course_staff(block):
        raise JsonHandlerError(403, _("Only course staff may do this."))
