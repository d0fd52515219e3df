"""Contract: in Studio proper, a story naming a course file the course does not have is refused with a clear message.

Open edX keeps course files in its content store, not in a folder. The story's
check asks the store as the platform's own asset lookup does
(``StaticContent.get_canonicalized_asset_path`` → ``AssetManager.find`` →
``contentstore().find``): the asset key of ``StaticContent.compute_location(course_key, name)``,
found with ``throw_on_not_found=False`` and ``as_stream=True``. These tests put
the platform's modules in place as edx-platform writes them, reproduced below
(``xmodule/contentstore/content.py``: ``StaticContent.compute_location``;
``xmodule/contentstore/django.py``: ``contentstore``; ``xmodule/contentstore/mongo.py``:
``MongoContentStore.find``, its GridFS as a dictionary of files by asset key), and
load the story as Studio's modulestore does (course-key usage ids, no preview folder).
"""
import sys
import types

import pytest
from opaque_keys.edx.locator import AssetLocator

from story_xblock.block import StoryXBlock
from tests.test_platform_mobile_assets import COURSE, modulestore_block

MISSING_FILM = "A film file is not among the course's files"
MISSING_CAPTIONS = "A captions file is not among the course's files"


class NotFoundError(Exception):
    """``xmodule.exceptions.NotFoundError``."""


class StaticContent:
    """``xmodule.contentstore.content.StaticContent``, the part the check uses."""

    @staticmethod
    def compute_location(course_key, path, revision=None, is_thumbnail=False):
        path = path.replace("/", "_")
        return course_key.make_asset_key("asset" if not is_thumbnail else "thumbnail",
                                         AssetLocator.clean_keeping_underscores(path)).for_branch(None)


class StoredFile:
    """What ``MongoContentStore.find(..., as_stream=True)`` returns: a ``StaticContentStream`` over an open file."""

    def __init__(self, store, location):
        self.store, self.location = store, location
        store.open_files.add(location)

    def close(self):
        self.store.open_files.discard(self.location)


class ContentStore:
    """``MongoContentStore.find``: the file of the asset key, or ``NotFoundError`` / None when the course has none."""

    def __init__(self, names):
        self.files = {StaticContent.compute_location(COURSE, name) for name in names}
        self.asked, self.open_files = [], set()

    def find(self, location, throw_on_not_found=True, as_stream=False):
        self.asked.append(location)
        if location not in self.files:
            if throw_on_not_found:
                raise NotFoundError()
            return None
        return StoredFile(self, location) if as_stream else object()


@pytest.fixture
def content_store(monkeypatch, settings):
    """Studio's content store holding the course's uploaded files; no preview folder, as in Open edX."""
    settings.SEXMOT_COURSE_ASSETS_DIR = None
    store = ContentStore(["leo-15.mp4", "leo-15.sv.vtt"])
    content = types.ModuleType("xmodule.contentstore.content")
    content.StaticContent = StaticContent
    django_module = types.ModuleType("xmodule.contentstore.django")
    django_module.contentstore = lambda name="default": store
    for name, module in (("xmodule", types.ModuleType("xmodule")),
                         ("xmodule.contentstore", types.ModuleType("xmodule.contentstore")),
                         ("xmodule.contentstore.content", content), ("xmodule.contentstore.django", django_module)):
        monkeypatch.setitem(sys.modules, name, module)
    return store


def studio_messages(**fields):
    """The messages Studio shows for the story (``validate``, as on the unit page and before each save)."""
    story = modulestore_block(StoryXBlock, COURSE, "leo", parts=[{"heading": "Kvällen", "text": "<p>x</p>"}],
                              **fields)
    return " ".join(message.text for message in story.validate().messages)


def film(name):
    return {"film_sources": [{"src": f"/static/{name}", "type": "video/mp4"}],
            "caption_tracks": [{"src": "/static/leo-15.sv.vtt", "srclang": "sv", "label": "Svenska"}]}


def test_a_film_file_the_course_has_is_accepted_and_one_it_has_not_is_refused(content_store):
    assert studio_messages(**film("leo-15.mp4")) == ""
    assert content_store.open_files == set()  # each file found is closed unread
    assert MISSING_FILM in studio_messages(**film("leo-15-ny.mp4"))
    assert content_store.asked[-2] == StaticContent.compute_location(COURSE, "leo-15-ny.mp4")
    missing_captions = {**film("leo-15.mp4"), "caption_tracks": [{"src": "/static/leo.vtt", "srclang": "sv",
                                                                 "label": "Svenska"}]}
    assert MISSING_CAPTIONS in studio_messages(**missing_captions)


def test_an_https_address_is_never_looked_up(content_store):
    assert studio_messages(**{**film("leo-15.mp4"), "film_sources": [
        {"src": "https://media.example.org/leo-15-ny.mp4", "type": "video/mp4"}]}) == ""
    assert all(location.block_id != "leo-15-ny.mp4" for location in content_store.asked)


def test_without_the_platforms_content_store_nothing_is_refused(settings):
    """Outside Open edX (no ``xmodule``) a course file cannot be looked up: the author is not stopped."""
    settings.SEXMOT_COURSE_ASSETS_DIR = None
    assert "xmodule" not in sys.modules
    assert studio_messages(**film("leo-15-ny.mp4")) == ""


def test_a_learners_page_never_asks_the_content_store(content_store):
    story = modulestore_block(StoryXBlock, COURSE, "leo", parts=[{"heading": "Kvällen", "text": "<p>x</p>"}],
                              **film("leo-15-ny.mp4"))
    story.student_view_data()
    assert content_store.asked == []
