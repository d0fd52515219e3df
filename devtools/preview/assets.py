"""Course files in the preview, served and addressed the way Open edX does it.

In Open edX a course file written ``/static/film.mp4`` in OLX is served from
the content store under another address, and the ``replace_urls`` service
rewrites the URL. The preview does the same: it serves the course-files folder
(``SEXMOT_COURSE_ASSETS_DIR``) under ``/static/course-assets/`` and rewrites
``/static/<name>`` there, so a block that forgets to rewrite its URLs shows a
broken file in the preview too, not first in production.
"""
import re

from django.templatetags.static import static

#: The sub-path of ``STATIC_URL`` under which the preview serves the course-files folder.
COURSE_ASSETS_PREFIX = "course-assets"

_QUOTED_STATIC_URL = re.compile(r"""(?P<quote>["'])/static/(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P=quote)""")


class PreviewReplaceURLService:
    """The preview's ``replace_urls`` service, with the method the LMS's ``ReplaceURLService`` offers."""

    runtime = None  # set by the workbench when it loads the service

    def replace_urls(self, text, static_replace_only=False):
        """Rewrite quoted ``/static/<name>`` URLs in ``text`` to where the preview serves course files."""
        return _QUOTED_STATIC_URL.sub(
            lambda match: f"{match['quote']}{static(COURSE_ASSETS_PREFIX + '/' + match['name'])}{match['quote']}", text
        )
