"""Who the current user is, as far as the blocks need to know: signed in or not, staff or not."""
from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

#: Set by the LMS user service; False for a visitor who is not signed in (a public course, or a handler URL
#: called without a session).
IS_AUTHENTICATED = "edx-platform.is_authenticated"
USER_IS_STAFF = "edx-platform.user_is_staff"


def _current_user(block):
    service = block.runtime.service(block, "user")
    return service.get_current_user() if service else None


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
    """True for whoever may change the block's content: Studio's own permission check, or course staff.

    In Studio the ``studio_user_permissions`` service knows the course's
    authors; its newest check is asked, so a release that drops the
    deprecated one keeps authors saving. Where the service is absent (the
    LMS, the preview) only course staff may edit. Blocks that use this
    declare ``@XBlock.wants("studio_user_permissions")``.
    """
    permissions = block.runtime.service(block, "studio_user_permissions")
    for check in STUDIO_EDIT_CHECKS if permissions is not None else ():
        if callable(getattr(permissions, check, None)):
            return bool(getattr(permissions, check)(block.scope_ids.usage_id.context_key))
    return is_course_staff(block)


def require_content_editor(block):
    """Refuse a Studio edit to anyone who may not change the course, with a 403 and nothing changed."""
    if not may_edit_content(block):
        raise JsonHandlerError(403, _("Only the course's authors may change this exercise."))


def require_signed_in(block):
    """Refuse a learner handler to an anonymous visitor with a 403, before anything is read or changed."""
    if not is_signed_in(block):
        raise JsonHandlerError(403, _("Please sign in to take part in this exercise."))


def require_course_staff(block):
    """Refuse a staff-only handler to anyone else with a 403, before anything is read or changed."""
    if not is_course_staff(block):
        raise JsonHandlerError(403, _("Only course staff may do this."))
