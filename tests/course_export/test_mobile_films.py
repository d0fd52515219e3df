"""Contract tests: how the Open edX mobile apps meet a built unit's film (ADR 0013).

The path from the OLX to a phone is reproduced from the code that walks it, each step naming the
function it mirrors: the Course Blocks API's navigation (edx-platform), the ``video`` block's
``student_view_data`` (edx-platform), and how the apps page through a unit and choose a native
player or a download (openedx-app-android, openedx-app-ios). Built with a film base URL, every
story's film must reach both apps as a native, downloadable video; built without, only as the
story's web page.
"""
import json
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree

from course_export.build import BuildError, build_course
from course_export.film import srt_from_webvtt
from course_export.olx_reader import read_outline
from course_export.studytime import Targets
from tests.course_export.test_build import assert_every_unit_renders

DATA = Path(__file__).parent / "data"
CACHE = Path(__file__).parents[2] / "var" / "build-cache"
LENIENT = Targets((0, 100), 60)
FILM_BASE = "https://lms.example.org/asset-v1:sexmot+mini+2026+type@asset+block@"
#: Depth of a unit's components: course 0, section 1, subsection 2, unit 3 (``BlockDepthTransformer``).
COMPONENT_DEPTH = 4
#: Blocks whose child elements are blocks (every other block's elements are its own content).
BLOCKS_WITH_CHILDREN = {"sexmot_story", "vertical", "split_test", "conditional", "library_content"}

# The slow tier: it builds the small course with its films
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("ffmpeg") is None or shutil.which("espeak-ng") is None,
                                 reason="the builder renders films with ffmpeg and espeak-ng")]


@pytest.fixture(scope="module")
def mini_for_apps(tmp_path_factory):
    """The small course, built with its films served from an https base (as an operator builds it)."""
    root = tmp_path_factory.mktemp("mini-apps")
    return build_course("mini", courses_dir=DATA, work_dir=root / "work", dist_dir=root / "dist", cache=CACHE,
                        targets=LENIENT, film_base_url=FILM_BASE)


@pytest.fixture(scope="module")
def mini_default(tmp_path_factory):
    root = tmp_path_factory.mktemp("mini-default")
    return build_course("mini", courses_dir=DATA, work_dir=root / "work", dist_dir=root / "dist", cache=CACHE,
                        targets=LENIENT)


def unit_pages(unit, nav_depth):
    """The blocks an app pages through in a unit: the unit's ``descendants`` in the Course Blocks API.

    Mirrors ``BlockNavigationTransformer.transform`` (``lms/djangoapps/course_api/blocks/transformers/
    navigation.py``): a block deeper than ``nav_depth`` is listed under its nearest ancestor at most
    that deep. Android asks for ``nav_depth=3`` (``CourseApi.getCourseStructure``), so blocks inside a
    component are pages of the unit too; iOS asks for ``nav_depth=4`` (``CourseEndpoint.getCourseBlocks``),
    so only the unit's own components are.
    """
    pages = []

    def visit(element, depth):
        pages.append(element)
        if depth > nav_depth and element.tag in BLOCKS_WITH_CHILDREN:  # its child blocks are listed with it
            for child in element:
                if isinstance(child.tag, str):
                    visit(child, depth + 1)

    for component in unit:
        if isinstance(component.tag, str):
            visit(component, COMPONENT_DEPTH)
    return pages


def video_student_view_data(video):
    """What the Course Blocks API gives the apps for a ``video`` block without an ``edx_video_id``.

    Mirrors ``VideoBlock.student_view_data`` (``xmodule/video_block/video_block.py``): the first
    HTML5 source, unchanged, as the ``fallback`` encoding; a YouTube id as ``youtube``.
    """
    sources = json.loads(video.get("html5_sources", "[]"))
    encoded = {"fallback": {"url": sources[0], "file_size": 0}} if sources else {}
    youtube = video.get("youtube_id_1_0", "3_yD_cEKoCk")  # the field's default in VideoFields
    if youtube:
        encoded["youtube"] = {"url": f"https://www.youtube.com/watch?v={youtube}", "file_size": 0}
    return {"only_on_web": video.get("only_on_web") == "true", "encoded_videos": encoded}


def android_page(block):
    """How the Android app shows one page: ``native``, ``downloadable`` native, ``web``, or ``link``.

    Mirrors ``CourseUnitContainerAdapter.unitBlockFragment`` and ``Block.isDownloadable`` /
    ``EncodedVideos.isPreferredVideoInfo`` (``URLUtil.isNetworkUrl`` and ``VideoUtil.isValidVideoUrl``:
    an http(s) address containing ``.mp4`` or ``.m3u8``) in openedx-app-android.
    """
    if block.tag == "video":
        encoded = video_student_view_data(block)["encoded_videos"]
        url = encoded.get("fallback", {}).get("url", "")
        if url and re.match(r"https?://", url) and (".mp4" in url or ".m3u8" in url):
            return "downloadable"
        return "native" if url or "youtube" in encoded else "link"
    if block.tag in ("html", "problem", "openassessment", "drag-and-drop-v2", "word_cloud", "lti_consumer",
                     "survey"):
        return "web"
    return "link"  # "not available on mobile", with a link to the web


def ios_page(block):
    """How the iOS app shows one page: ``native`` (``downloadable`` for an mp4), ``web`` or ``link``.

    Mirrors ``LessonType.from`` and ``CourseBlockVideo.isVideoURL`` / ``isDownloadable`` in
    openedx-app-ios: a video whose chosen encoding is an mp4 or m3u8 address plays natively; a
    block of an unknown type that declares ``multi_device`` (both of ours) opens in a web view.
    """
    if block.tag == "video":
        url = video_student_view_data(block)["encoded_videos"].get("fallback", {}).get("url", "")
        if ".mp4" in url.lower():
            return "downloadable"
        return "native" if ".m3u8" in url else "link"
    return "web" if block.tag in ("html", "problem", "sexmot_story", "sexmot_reflection") else "link"


def story_units(result):
    _, sections = read_outline(result.course_dir)
    return [unit for section in sections for unit in section.units if unit.element.find("sexmot_story") is not None]


def test_with_a_film_base_url_every_film_reaches_both_apps_as_a_native_downloadable_video(mini_for_apps):
    units = story_units(mini_for_apps)
    assert units
    for unit in units:
        for nav_depth, show in ((3, android_page), (4, ios_page)):
            pages = unit_pages(unit.element, nav_depth)
            films = [page for page in pages if page.tag == "video"]
            # the film and its described version (ADR 0016), each a native downloadable video
            assert [show(film) for film in films] == ["downloadable", "downloadable"], (unit.url_name, nav_depth)
            assert "youtube" not in video_student_view_data(films[0])["encoded_videos"]


def test_without_one_the_film_reaches_the_apps_only_through_the_storys_web_page(mini_default):
    for unit in story_units(mini_default):
        assert [page.tag for page in unit_pages(unit.element, 3)] == ["sexmot_story", "sexmot_reflection"]
        assert {ios_page(page) for page in unit_pages(unit.element, 4)} == {"web"}
        assert {android_page(page) for page in unit_pages(unit.element, 3)} == {"link"}


def test_a_video_inside_a_story_would_be_native_on_android_only():
    """Why the film stands beside the story (ADR 0013): iOS pages through the unit's own components only."""
    unit = etree.fromstring('<vertical><sexmot_story><video html5_sources=\'["https://x.example/f.mp4"]\' '
                            'youtube_id_1_0=""/></sexmot_story></vertical>')
    assert [android_page(page) for page in unit_pages(unit, 3)] == ["link", "downloadable"]
    assert [ios_page(page) for page in unit_pages(unit, 4)] == ["web"]


def test_the_video_stands_where_the_film_stood_and_the_story_has_no_player_of_its_own(mini_for_apps):
    unit = etree.parse(str(mini_for_apps.course_dir / "vertical" / "kim-15-enhet.xml")).getroot()
    assert [child.tag for child in unit] == ["video", "video", "sexmot_story"]  # kim-15's film comes first
    video, described, story = unit
    assert json.loads(video.get("html5_sources")) == [f"{FILM_BASE}kim-15.mp4"]
    assert (video.get("download_video"), video.get("url_name"), video.get("display_name")) == (
        "true", "kim-15-film", "Film: Kim, 15")
    assert json.loads(described.get("html5_sources")) == [f"{FILM_BASE}kim-15-syntolkad.mp4"]
    assert (described.get("url_name"), described.get("display_name")) == (
        "kim-15-film-syntolkad", "Film med syntolkning: Kim, 15")
    assert described.get("transcripts") == video.get("transcripts")  # one timeline, one set of captions
    assert "film_sources" not in story.attrib and "caption_tracks" not in story.attrib
    assert "described_film_sources" not in story.attrib
    static = mini_for_apps.course_dir / "static"
    assert json.loads(video.get("transcripts")) == {"sv": "kim-15.sv.srt"}
    srt = (static / "kim-15.sv.srt").read_text(encoding="utf-8")
    vtt = (static / "kim-15.sv.vtt").read_text(encoding="utf-8")
    assert srt == srt_from_webvtt(vtt) and srt.startswith("1\n00:00:")
    assert re.fullmatch(r"\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d", srt.splitlines()[1])
    assert mini_for_apps.report.film_seconds["kim-15"] > 5  # the study time still counts the film


def test_the_film_base_url_must_be_https(tmp_path):
    with pytest.raises(BuildError, match="https"):
        build_course("mini", courses_dir=DATA, work_dir=tmp_path / "work", dist_dir=tmp_path / "dist", cache=CACHE,
                     targets=LENIENT, film_base_url="http://lms.example.org/")


def test_srt_from_webvtt_keeps_every_cue_and_unescapes_the_text():
    vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHej &amp; v&lt;3\n\n2\n00:00:02.500 --> 00:00:04.000\nEtt\ntvå\n"
    assert srt_from_webvtt(vtt) == ("1\n00:00:01,000 --> 00:00:02,500\nHej & v<3\n\n"
                                    "2\n00:00:02,500 --> 00:00:04,000\nEtt\ntvå\n")


def test_the_preview_plays_the_video_blocks_film_from_the_course_files(course_preview, mini_for_apps):
    ids = course_preview(mini_for_apps.course_dir.parent.parent)
    assert_every_unit_renders(ids)
    page = Client().get("/view/kurs-mini-2-02/").content.decode("utf-8")
    assert page.index('src="/static/course-assets/kim-15.mp4"') < page.index(f'src="{FILM_BASE}kim-15.mp4"')
    assert page.index("Film: Kim, 15") < page.index("Första mötet")  # before the story, as built


def test_an_organizations_sign_language_film_goes_into_the_story_and_to_the_apps(mini_default, tmp_path):
    """A film in the course's ``films/`` folder named ``<story>-teckensprak.mp4`` is the story's
    sign-language version: in the story's player, and as a third video block for the apps (ADR 0016)."""
    courses = tmp_path / "courses"
    shutil.copytree(DATA / "mini", courses / "mini")
    (courses / "mini" / "films").mkdir()
    shutil.copyfile(mini_default.course_dir / "static" / "kim-15.mp4",
                    courses / "mini" / "films" / "kim-15-teckensprak.mp4")
    default = build_course("mini", courses_dir=courses, work_dir=tmp_path / "work", dist_dir=tmp_path / "dist",
                           cache=CACHE, targets=LENIENT)
    story = etree.parse(str(default.course_dir / "vertical" / "kim-15-enhet.xml")).getroot().find("sexmot_story")
    assert json.loads(story.get("sign_language_sources")) == [{"src": "/static/kim-15-teckensprak.mp4",
                                                               "type": "video/mp4"}]
    assert (default.course_dir / "static" / "kim-15-teckensprak.mp4").is_file()
    for_apps = build_course("mini", courses_dir=courses, work_dir=tmp_path / "work-apps", dist_dir=tmp_path / "dist",
                            cache=CACHE, targets=LENIENT, film_base_url=FILM_BASE)
    unit = etree.parse(str(for_apps.course_dir / "vertical" / "kim-15-enhet.xml")).getroot()
    assert [(child.tag, child.get("display_name")) for child in unit] == [
        ("video", "Film: Kim, 15"), ("video", "Film med syntolkning: Kim, 15"),
        ("video", "Film med teckenspråk: Kim, 15"), ("sexmot_story", "Kim, 15")]
    assert json.loads(unit[2].get("html5_sources")) == [f"{FILM_BASE}kim-15-teckensprak.mp4"]
