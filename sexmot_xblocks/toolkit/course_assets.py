"""Course assets in the blocks' content: which URLs are accepted, where they point, whether they exist.

OLX names a course file as ``/static/<flat-name>`` (Open edX rewrites only
quoted ``/static/`` URLs and flattens the ``static/`` folder). The LMS serves
course files elsewhere, so every such URL a block hands to the browser or to
the mobile apps goes through the runtime's ``replace_urls`` service, exactly
as the platform rewrites HTML blocks. The blocks must declare
``@XBlock.wants("replace_urls")`` for the service to reach them.

Where no service rewrites (the Course Blocks API calls ``student_view_data`` in
a modulestore runtime without ``replace_urls``: the mobile apps' path), the
address is built from the block's course key, as the platform's own content
store names a course file: ``/asset-v1:ORG+COURSE+RUN+type@asset+block@NAME``.
"""
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

log = logging.getLogger(__name__)

STATIC_PREFIX = "/static/"
_FLAT_ASSET = re.compile(r"^/static/[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
_UNSAFE_IN_URL = re.compile(r"[\s\"'<>\\]")
#: The same rule as ``is_allowed_url``, written as a pattern a browser can check before a form is sent.
ALLOWED_URL_PATTERN = r"^(?:/static/[A-Za-z0-9][A-Za-z0-9._-]{0,200}|https://[^\s\"'<>\\/?#]+(?:[/?#][^\s\"'<>\\]*)?)$"


def is_allowed_url(url):
    """A course asset (``/static/<flat-name>``) or an absolute https URL: nothing else reaches a page."""
    if not isinstance(url, str) or not url:
        return False
    if url.startswith(STATIC_PREFIX):
        return bool(_FLAT_ASSET.match(url))
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc) and not _UNSAFE_IN_URL.search(url)


def resolve(block, url):
    """Where the browser or app finds ``url``: rewritten by ``replace_urls``, else the course file's own address."""
    if not url.startswith(STATIC_PREFIX):
        return url
    service = block.runtime.service(block, "replace_urls")
    if service is None:
        return course_file_url(block, url)
    # The platform's rewriter only touches quoted URLs, as they stand in HTML attributes.
    rewritten = service.replace_urls(f'"{url}"')
    return rewritten[1:-1] if len(rewritten) >= 2 and rewritten[0] == rewritten[-1] == '"' else url


def course_file_url(block, url):
    """The LMS address of the course file ``/static/<name>``, from the block's course key (edx-opaque-keys).

    It mirrors ``StaticContent.compute_location`` and
    ``serialize_asset_key_with_slash`` (edx-platform,
    ``xmodule/contentstore/content.py``): the course key's asset key of type
    ``asset``, on no branch, with a leading slash; the platform's content
    server answers it. A block whose id is no course key (the workbench's)
    keeps ``url``: only a runtime of Open edX knows where course files are.
    """
    course_key = getattr(block.scope_ids.usage_id, "course_key", None)
    if not hasattr(course_key, "make_asset_key"):
        return url
    asset_key = course_key.make_asset_key("asset", url[len(STATIC_PREFIX):]).for_branch(None)
    path = str(asset_key)
    return path if path.startswith("/") else f"/{path}"


def is_known_missing(url, course_key=None):
    """True when ``url`` is a course asset that is certainly absent; False when present or unknowable.

    The preview keeps course files in a folder the blocks can look into (the
    ``SEXMOT_COURSE_ASSETS_DIR`` setting). In Open edX they live in the
    platform's content store, asked only when the caller gives the block's
    ``course_key`` (Studio's save, not a learner's page): see
    :func:`_missing_from_content_store`.
    """
    if not _FLAT_ASSET.match(url or ""):
        return False
    name = url[len(STATIC_PREFIX):]
    folder = getattr(settings, "SEXMOT_COURSE_ASSETS_DIR", None)
    if folder:
        return not (Path(folder) / name).is_file()
    return _missing_from_content_store(course_key, name)


def _missing_from_content_store(course_key, name):
    """Whether Open edX's content store has no file ``name`` in the course ``course_key``.

    It asks as the platform's own asset lookup does
    (``StaticContent.get_canonicalized_asset_path`` through ``AssetManager.find``,
    edx-platform ``xmodule/contentstore/content.py`` and
    ``xmodule/assetstore/assetmgr.py``): the asset key of
    ``StaticContent.compute_location(course_key, name)``, looked up with
    ``contentstore().find(key, throw_on_not_found=False, as_stream=True)``,
    which gives None for a file the course does not have and otherwise an open
    stream, closed here unread. Outside Open edX (no ``xmodule``), for a block
    without a course key, or when the store cannot be asked, nothing is known.
    """
    if not hasattr(course_key, "make_asset_key"):
        return False
    try:  # Studio's own modules, present only in Open edX
        from xmodule.contentstore.content import StaticContent  # noqa: PLC0415
        from xmodule.contentstore.django import contentstore  # noqa: PLC0415
    except ImportError:
        return False
    try:
        found = contentstore().find(StaticContent.compute_location(course_key, name), throw_on_not_found=False,
                                    as_stream=True)
    except Exception:  # a store that cannot answer: the browser will tell
        log.warning("The content store could not be asked for a course file", exc_info=True)
        return False
    if found is None:
        return True
    getattr(found, "close", lambda: None)()
    return False
