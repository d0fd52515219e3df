"""Contract: the film addresses the mobile apps get point at the course's files on the LMS.

The Course Blocks API (edx-platform,
``lms/djangoapps/course_api/blocks/transformers/student_view.py::StudentViewTransformer.collect``)
calls ``student_view_data()`` on each block as the modulestore loads it: no user,
and a runtime without the ``replace_urls`` service. A ``/static/<name>`` left as
it is would reach the platform's own static files, not the course file, which
the LMS serves at ``/asset-v1:ORG+COURSE+RUN+type@asset+block@NAME``
(``StaticContent.compute_location`` and ``serialize_asset_key_with_slash`` in
``xmodule/contentstore/content.py``; the content server reads the address back
with ``StaticContent.get_location_from_path``). These tests load the story the
way the modulestore does: a real XBlock runtime whose usage ids are edx-opaque-keys
locators, with no ``replace_urls``.
"""
import pytest
from django.utils import translation
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import AssetKey
from opaque_keys.edx.locator import BlockUsageLocator, CourseLocator
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.test.tools import TestRuntime

from story_xblock.block import StoryXBlock

COURSE = CourseLocator("sexmot", "SMEV", "2026")
FILM = {
    "film_sources": [{"src": "/static/leo-15.mp4", "type": "video/mp4"},
                     {"src": "https://media.example.org/leo-15.webm", "type": "video/webm"}],
    "film_poster": "/static/leo-15.jpg",
    "caption_tracks": [{"src": "/static/leo-15.sv.vtt", "srclang": "sv", "label": "Svenska"}],
    "transcript": "<p>Leo berättar.</p>",
}


def modulestore_block(block_class, course_key, block_id, *, block_type="sexmot_story", **fields):
    """The block as the modulestore loads it: course-key ids, content fields, no ``replace_urls``."""
    runtime = TestRuntime(services={"i18n": translation, "field-data": DictFieldData({})})
    usage_id = BlockUsageLocator(course_key, block_type, block_id)
    block = runtime.construct_xblock_from_class(block_class, ScopeIds(None, block_type, usage_id, usage_id))
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def collected_student_view_data(block):
    """What ``StudentViewTransformer.collect`` stores for ``block``: ``student_view_data()`` when it has one."""
    assert block.runtime.service(block, "replace_urls") is None  # the modulestore's runtime offers none
    return block.student_view_data() if getattr(block, "student_view_data", None) else None


def content_server_reads(url):
    """``StaticContent.get_location_from_path``: the asset key the LMS's content server makes of ``url``."""
    try:
        return AssetKey.from_string(url)
    except InvalidKeyError:
        return AssetKey.from_string(url.strip("/"))


@pytest.fixture(autouse=True)
def platform_settings(settings):
    """The LMS has no preview folder of course files: the blocks cannot tell a file is missing there."""
    settings.SEXMOT_COURSE_ASSETS_DIR = None


def test_the_apps_get_the_course_file_addresses_of_film_poster_and_captions():
    film = collected_student_view_data(modulestore_block(StoryXBlock, COURSE, "leo", **FILM))["film"]
    assert film["available"]
    assert film["sources"] == [
        {"src": "/asset-v1:sexmot+SMEV+2026+type@asset+block@leo-15.mp4", "type": "video/mp4"},
        {"src": "https://media.example.org/leo-15.webm", "type": "video/webm"},
    ]
    assert film["poster"] == "/asset-v1:sexmot+SMEV+2026+type@asset+block@leo-15.jpg"
    assert film["captions"][0]["src"] == "/asset-v1:sexmot+SMEV+2026+type@asset+block@leo-15.sv.vtt"


def test_the_content_server_finds_each_address_as_the_course_s_file():
    film = collected_student_view_data(modulestore_block(StoryXBlock, COURSE, "leo", **FILM))["film"]
    for url, name in ((film["sources"][0]["src"], "leo-15.mp4"), (film["poster"], "leo-15.jpg"),
                      (film["captions"][0]["src"], "leo-15.sv.vtt")):
        assert content_server_reads(url) == COURSE.make_asset_key("asset", name)


def test_a_course_with_an_old_style_key_gets_its_old_style_addresses():
    old_course = CourseLocator("sexmot", "SMEV", "2026", deprecated=True)
    film = collected_student_view_data(modulestore_block(StoryXBlock, old_course, "leo", **FILM))["film"]
    assert film["sources"][0]["src"] == "/c4x/sexmot/SMEV/asset/leo-15.mp4"  # c4x addresses carry no run
    assert content_server_reads(film["sources"][0]["src"]).path == "leo-15.mp4"


def test_a_runtime_that_rewrites_urls_still_decides_them():
    block = modulestore_block(StoryXBlock, COURSE, "leo", **FILM)

    class ReplaceUrls:
        """The LMS courseware's service, which may point at a CDN or a versioned path."""

        def replace_urls(self, text):
            return text.replace("/static/", "https://cdn.example.org/course/")

    block.runtime._services["replace_urls"] = ReplaceUrls()  # noqa: SLF001
    assert block.student_view_data()["film"]["poster"] == "https://cdn.example.org/course/leo-15.jpg"
