"""Building the courses: both real courses pass every check, the packages are what Studio imports, the films
carry their captions, and every unit renders in the preview runtime.

The rules are tried on a small course (``data/mini``); the real courses are built once per session. Films come
from the build cache in ``var/build-cache`` (made on first use), as are the PDFs, so the suite stays quick.
"""
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles.views import serve
from django.test import Client, RequestFactory
from lxml import etree
from lxml import html as lxml_html
from workbench import scenarios

from course_export.build import COURSE_SLUGS, BuildError, build_course, cached_film, cached_pdfs
from course_export.certificate import SIGNATORY_WARNING, scope_text
from course_export.check import INSTALL_WARNING
from course_export.markup import markdown_to_html
from course_export.olx_reader import read_outline
from course_export.source import SourceError, load_course, readable_source_names
from course_export.studytime import Targets

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[2]
CACHE = ROOT / "var" / "build-cache"
LENIENT = Targets((0, 100), 60)
TIMESTAMP = r"\d\d:\d\d:\d\d\.\d\d\d"

# The slow tier: it builds the courses (films, PDFs, tarballs)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("ffmpeg") is None or shutil.which("espeak-ng") is None,
                                 reason="the builder renders films with ffmpeg and espeak-ng")]


@pytest.fixture(scope="session")
def mini(tmp_path_factory):
    """The small course, built once."""
    root = tmp_path_factory.mktemp("mini")
    return build_course("mini", courses_dir=DATA, work_dir=root / "work", dist_dir=root / "dist",
                        cache=CACHE, targets=LENIENT)


def copy_of_mini(tmp_path):
    return Path(shutil.copytree(DATA / "mini", tmp_path / "mini"))


def rewrite_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def cues(vtt_text):
    """The caption texts of a WebVTT file, in order."""
    assert vtt_text.startswith("WEBVTT\n")
    found = []
    for block in vtt_text.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        assert re.fullmatch(f"{TIMESTAMP} --> {TIMESTAMP}", lines[1]), block
        found.append(" ".join(lines[2:]))
    return found


# --- the package ---------------------------------------------------------------------


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_real_course_builds_and_passes_every_check(courses, slug):
    result = courses[slug]
    assert result.report.ok, result.report.errors
    assert result.report.warnings[0] == INSTALL_WARNING and SIGNATORY_WARNING in result.report.warnings
    assert all("still has to be confirmed" in warning for warning in result.report.warnings[1:-1])
    assert result.tarball.name == f"sexmot-{slug}.tar.gz"
    assert 40 <= result.report.study_time.chapter_minutes("Webbutbildning") <= 50
    assert result.report.study_time.chapter_minutes("Gruppdiskussion") == 60


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_policy_configures_an_active_course_certificate_stating_the_scope(courses, slug):
    result = courses[slug]
    run = result.course.run
    policy = json.loads((result.course_dir / f"policies/{run}/policy.json").read_text(encoding="utf-8"))
    settings = policy[f"course/{run}"]
    certificate = settings["certificates"]["certificates"][0]
    assert settings["cert_html_view_enabled"] is True and certificate["is_active"] is True
    assert certificate["version"] == 1 and certificate["signatories"] == []
    assert "Sex mot ersättning" in certificate["course_title"] and scope_text(45) in certificate["course_title"]
    assert abs(45 - result.report.study_time.chapter_minutes("Webbutbildning")) <= 5


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_tarball_is_what_studio_imports(courses, slug):
    with tarfile.open(courses[slug].tarball, "r:gz") as archive:
        names = archive.getnames()
    assert names[0] == "course" and all(name.startswith("course/") for name in names[1:])
    assert names == sorted(names, key=lambda name: name.split("/"))
    run = courses[slug].course.run
    for required in ("course/course.xml", f"course/course/{run}.xml", f"course/policies/{run}/policy.json",
                     f"course/policies/{run}/grading_policy.json", "course/about/overview.html"):
        assert required in names
    assert not [name for name in names if name.startswith("course/static/") and name.count("/") > 2]


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_outline_has_the_five_sections_and_every_part_of_the_course(courses, slug):
    result = courses[slug]
    _, sections = read_outline(result.course_dir)
    assert [section.display_name for section in sections] == [
        "Om utbildningen", "Webbutbildning", "Skriftligt material", "Gruppdiskussion", "Stöd och vidare läsning"]
    web, written, group = sections[1], sections[2], sections[3]
    step = web.units[0].element.find("sexmot_about_work")  # the optional step opens the web training
    assert step is not None and web.units[0].display_name == "Om ditt arbete"
    offered = json.loads(step.get("target_groups"))
    assert offered == list(result.course.about_work_target_groups)
    assert len(offered) >= 5 and offered[-1]["id"] == "annat"
    stories = [unit for unit in web.units if unit.element.find("sexmot_story") is not None]
    assert len(stories) >= 3
    assert all(json.loads(unit.element.find("sexmot_story").get("film_sources", "[]")) for unit in stories)
    assert [unit.display_name for unit in written.units] == [chapter.title for chapter in result.course.chapters]
    assert len(written.units) == 6
    exercises = result.course.group_exercises
    assert sum(exercise.kind == "discussion" for exercise in exercises) == 3
    assert sum(exercise.kind == "reflection" for exercise in exercises) == 1
    assert len(group.units) == 1 + len(exercises)
    html = (result.course_dir / "html" / "handledning-text.html").read_text(encoding="utf-8")
    assert f'href="/static/sexmot-{slug}-gruppdiskussion.pdf"' in html


@pytest.mark.parametrize("slug", COURSE_SLUGS)
def test_films_exist_with_their_captions(courses, slug):
    result = courses[slug]
    static = result.course_dir / "static"
    for story in result.course.stories:
        vertical = etree.parse(str(result.course_dir / "vertical" / f"{story.id}-enhet.xml")).getroot()
        story_element = vertical.find("sexmot_story")
        (source,) = json.loads(story_element.get("film_sources"))
        (track,) = json.loads(story_element.get("caption_tracks"))
        assert (track["srclang"], track["label"]) == ("sv", "Svenska")
        for url in (source["src"], track["src"], story_element.get("film_poster")):
            assert url.startswith("/static/") and (static / url.removeprefix("/static/")).stat().st_size > 0
        spoken = " ".join(" ".join(scene.get("narration", "").split()) for scene in story.film["scenes"])
        captions = cues((static / f"{story.id}.sv.vtt").read_text(encoding="utf-8"))
        assert " ".join(captions) == spoken
        probe = json.loads(subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(static / f"{story.id}.mp4")],
            capture_output=True, check=True).stdout)
        assert {stream["codec_type"] for stream in probe["streams"]} == {"video", "audio"}
        assert (static / f"{story.id}.mp4").stat().st_size < 5_000_000


def test_policy_enables_our_blocks_and_passing_needs_every_graded_exercise(mini):
    course_dir = mini.course_dir
    policy = json.loads((course_dir / "policies/2026/policy.json").read_text(encoding="utf-8"))["course/2026"]
    assert policy["advanced_modules"] == ["sexmot_reflection", "sexmot_story", "sexmot_about_work"]
    assert policy["language"] == "sv" and policy["start"] < policy["end"]
    assert (course_dir / "static" / policy["course_image"]).is_file()
    grading = json.loads((course_dir / "policies/2026/grading_policy.json").read_text(encoding="utf-8"))
    assert grading["GRADE_CUTOFFS"] == {"Pass": 1.0}
    (grader,) = grading["GRADER"]
    graded = [etree.parse(str(path)).getroot() for path in sorted((course_dir / "sequential").glob("*.xml"))]
    graded = [sequential for sequential in graded if sequential.get("graded") == "true"]
    assert [sequential.get("display_name") for sequential in graded] == ["Webbutbildning"]
    assert (grader["type"], grader["min_count"], grader["drop_count"], grader["weight"]) == (
        graded[0].get("format"), 1, 0, 1.0)


def test_story_is_written_as_the_block_writes_it_content_in_attributes_child_blocks_as_elements(mini):
    story = etree.parse(str(mini.course_dir / "vertical" / "kim-15-enhet.xml")).getroot().find("sexmot_story")
    assert (story.get("url_name"), story.get("display_name"), story.get("film_position")) == (
        "kim-15", "Kim, 15", "before")
    assert [child.tag for child in story] == ["sexmot_reflection"]  # ADR 0012: only child blocks
    assert json.loads(story.get("child_after_part")) == [1]
    reflection = story.find("sexmot_reflection")
    assert (reflection.get("url_name"), reflection.get("participation_scored"),
            reflection.get("free_text_enabled")) == ("kim-reaktioner", "true", "false")
    assert "graded" not in reflection.attrib  # the platform's inherited setting, not ours (item 5)
    assert json.loads(story.get("questions"))[0]["hint"] == "Lyssna efter presenterna."
    assert "(Källa: Exempellagen (2026:1))</cite>" in json.loads(story.get("parts"))[1]["text"]
    assert "utkastfilm" in story.get("transcript")


def test_every_text_and_block_of_ours_says_its_content_is_swedish(mini):
    """WCAG 3.1.2: the LMS shows the course inside a page in the learner's interface language, so the texts
    we write say that they are Swedish: each text component's HTML, the about page, each of our blocks."""
    course_dir = mini.course_dir
    for path in sorted((course_dir / "html").glob("*.html")):
        root = lxml_html.fragment_fromstring(path.read_text(encoding="utf-8"))
        assert (root.tag, root.get("lang")) == ("div", "sv"), path.name
    assert '<section class="about" lang="sv">' in (course_dir / "about/overview.html").read_text(encoding="utf-8")
    ours = [block for path in sorted((course_dir / "vertical").glob("*.xml"))
            for block in etree.parse(str(path)).getroot().iter("sexmot_story", "sexmot_reflection")]
    assert ours and all(block.get("content_language") == "sv" for block in ours)


def test_group_exercises_link_to_their_story_and_carry_the_reflection(mini):
    html = (mini.course_dir / "html" / "samtal-1-text.html").read_text(encoding="utf-8")
    assert '<a href="/jump_to_id/kim-15-enhet">Kim, 15</a>' in html and "25 minuter" in html
    unit = etree.parse(str(mini.course_dir / "vertical" / "grupp-reflektion-enhet.xml")).getroot()
    assert [child.tag for child in unit] == ["html", "sexmot_reflection"]
    assert unit.find("sexmot_reflection").get("participation_scored") == "false"


def test_the_group_reflection_carries_the_hours_plan_for_a_group_sessions_run_sheet(mini):
    unit = etree.parse(str(mini.course_dir / "vertical" / "grupp-reflektion-enhet.xml")).getroot()
    plan = unit.find("sexmot_reflection/group_plan")
    exercises = mini.course.group_exercises
    assert [(item.get("title"), item.get("minutes")) for item in plan] == [
        (exercise.title, str(exercise.minutes)) for exercise in exercises]
    assert [item.get("reflection") == "true" for item in plan] == [bool(e.reflection) for e in exercises]
    first = plan[0]
    assert [question.text for question in first.findall("question")] == list(exercises[0].questions)
    assert first.find("instructions") is not None
    # A story exercise names its story by the url_name the story has in the course (its block id on import).
    assert [item.get("story") for item in plan] == [exercise.story or None for exercise in exercises]
    stories = {story.get("url_name") for path in (mini.course_dir / "vertical").glob("*.xml")
               for story in etree.parse(str(path)).getroot().iter("sexmot_story")}
    assert {item.get("story") for item in plan if item.get("story")} <= stories
    assert any(item.get("story") for item in plan)


def test_only_the_group_discussions_reflection_offers_group_sessions(mini):
    offering = {block.get("url_name"): block.get("group_sessions_enabled")
                for path in (mini.course_dir / "vertical").glob("*.xml")
                for block in etree.parse(str(path)).getroot().iter("sexmot_reflection")}
    group = etree.parse(str(mini.course_dir / "vertical" / "grupp-reflektion-enhet.xml")).getroot()
    assert offering.pop(group.find("sexmot_reflection").get("url_name")) == "true"
    assert offering and set(offering.values()) <= {None, "false"}  # the web training's, for self-study


def test_learners_read_a_cited_source_by_its_name_never_by_its_key(mini):
    chapter = (mini.course_dir / "html" / "01-kapitel-1-text.html").read_text(encoding="utf-8")
    assert '<cite class="sexmot-source">(Källa: Exempellagen (2026:1))</cite>' in chapter and "lag-1" not in chapter
    story = next(block for path in (mini.course_dir / "vertical").glob("*.xml")
                 for block in etree.parse(str(path)).getroot().iter("sexmot_story"))
    assert "(Källa: Exempellagen (2026:1))" in story.get("parts") and "lag-1" not in story.get("parts")


def test_a_slug_key_reads_as_publisher_and_title_and_a_statute_as_it_is_cited():
    names = readable_source_names(
        "- **jamy-stodtelefon** Jämställdhetsmyndigheten. *Stödtelefon och nationellt metodstödsteam – NMT*. "
        "https://jamstalldhetsmyndigheten.se/\n"
        "- **lag-2005-429** Lag (2005:429) om god man för ensamkommande barn. https://lagen.nu/2005:429\n"
        "- **BrB 6 kap. 11 §** Brottsbalk (1962:700), 6 kap. 11 § – köp av sexuell handling.\n")
    assert names == {"jamy-stodtelefon": "Jämställdhetsmyndigheten: Stödtelefon och nationellt metodstödsteam – NMT",
                     "lag-2005-429": "Lag (2005:429) om god man för ensamkommande barn"}
    assert markdown_to_html("Ring [Källa: jamy-stodtelefon, BrB 6 kap. 11 §].", source_names=names) == (
        '<p>Ring <cite class="sexmot-source">(Källa: Jämställdhetsmyndigheten: Stödtelefon och nationellt '
        'metodstödsteam – NMT, BrB 6 kap. 11 §)</cite>.</p>')


def test_same_sources_give_the_same_tarball(mini, tmp_path):
    again = build_course("mini", courses_dir=DATA, work_dir=tmp_path / "work", dist_dir=tmp_path / "dist",
                         cache=CACHE, targets=LENIENT)
    assert (again.films_rendered, again.films_cached, again.pdfs_printed) == (0, 1, False)
    assert again.tarball.read_bytes() == mini.tarball.read_bytes()


def test_films_come_from_the_cache_until_their_script_changes(tmp_path):
    script = yaml.safe_load((DATA / "mini" / "stories" / "kim-15.yaml").read_text(encoding="utf-8"))["film"]
    first, rendered = cached_film(script, "kim-15", tmp_path / "cache")
    second, rendered_again = cached_film(script, "kim-15", tmp_path / "cache")
    assert (rendered, rendered_again) == (True, False) and first == second
    changed, rendered_changed = cached_film({**script, "title": "Kim, 15 – ny utkastfilm"}, "kim-15",
                                            tmp_path / "cache")
    assert rendered_changed and changed.files["video"] != first.files["video"]
    assert not [path for path in (tmp_path / "cache").iterdir() if path.name.startswith(".")]


def test_pdfs_are_printed_again_only_when_a_source_changes(tmp_path):
    mini_dir = copy_of_mini(tmp_path)
    first, printed = cached_pdfs(load_course(mini_dir), tmp_path / "cache")
    again, printed_again = cached_pdfs(load_course(mini_dir), tmp_path / "cache")
    assert (printed, printed_again) == (True, False) and first == again
    assert [path.name for path in first] == ["sexmot-mini-skriftligt-material.pdf", "sexmot-mini-gruppdiskussion.pdf"]
    assert all(path.read_bytes().startswith(b"%PDF-") for path in first)
    (mini_dir / "support.md").write_text("# Stöd\n\nRing 112 vid fara, 1177 för råd.\n", encoding="utf-8")
    changed, printed_changed = cached_pdfs(load_course(mini_dir), tmp_path / "cache")
    assert printed_changed and changed[0].parent != first[0].parent


# --- source problems fail the build clearly ---------------------------------------------


def test_unknown_source_key_fails_the_build(tmp_path):
    courses_dir = tmp_path / "courses"
    mini_dir = copy_of_mini(courses_dir)
    (mini_dir / "support.md").write_text("# Stöd\n\nRing 112 [Källa: okänd-2025].\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        build_course("mini", courses_dir=courses_dir, work_dir=tmp_path / "w", dist_dir=tmp_path / "d",
                     cache=CACHE, targets=LENIENT)
    assert caught.value.problems == ["mini/sources.md: the source 'okänd-2025' is cited in mini/support.md but not "
                                     "listed ('- **okänd-2025** …')"]
    assert not (tmp_path / "d").exists()


def test_every_source_problem_is_listed_at_once(tmp_path):
    mini_dir = copy_of_mini(tmp_path)
    rewrite_yaml(mini_dir / "stories" / "kim-15.yaml", lambda story: (
        story["reflections"][0].update(after_part=5), story.update(film_positon="after")))
    rewrite_yaml(mini_dir / "course.yaml", lambda course: course["web_training"].append({"story": "saknas-12"}))
    rewrite_yaml(mini_dir / "group" / "exercises.yaml", lambda plan: plan["exercises"][0].update(minutes=20))
    (mini_dir / "chapters" / "06-kapitel-6.md").write_text("Ingen rubrik.\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        build_course("mini", courses_dir=tmp_path, work_dir=tmp_path / "w", dist_dir=tmp_path / "d",
                     cache=CACHE, targets=LENIENT)
    message = str(caught.value)
    assert "mini/stories/kim-15.yaml: top level: Additional properties are not allowed ('film_positon'" in message
    assert "web_training names the story 'saknas-12', but stories/saknas-12.yaml does not exist" in message
    assert "the exercises' minutes add up to 55, but minutes_total is 60" in message
    assert "mini/chapters/06-kapitel-6.md: course Markdown must start with a '# Title' line" in message
    assert len(caught.value.problems) == 4


def test_the_steps_target_groups_must_end_with_everyone_else(tmp_path):
    mini_dir = copy_of_mini(tmp_path)
    rewrite_yaml(mini_dir / "course.yaml", lambda course: course.update(about_work={"target_groups": [
        {"id": "skola", "label": "Skola"}, {"id": "skola", "label": "Skola"}]}))
    with pytest.raises(SourceError) as caught:
        build_course("mini", courses_dir=tmp_path, work_dir=tmp_path / "w", dist_dir=tmp_path / "d",
                     cache=CACHE, targets=LENIENT)
    assert caught.value.problems == ["mini/course.yaml: about_work names a target group twice",
                                     "mini/course.yaml: about_work's last target group must be 'annat', for "
                                     "everyone the others leave out"]


def test_story_reflection_after_a_missing_part_is_refused(tmp_path):
    mini_dir = copy_of_mini(tmp_path)
    rewrite_yaml(mini_dir / "stories" / "kim-15.yaml", lambda story: story["reflections"][0].update(after_part=3))
    with pytest.raises(SourceError, match="reflection 'kim-reaktioner': after_part 3 but the story has 2 parts"):
        build_course("mini", courses_dir=tmp_path, work_dir=tmp_path / "w", dist_dir=tmp_path / "d",
                     cache=CACHE, targets=LENIENT)


def test_markup_the_blocks_would_drop_is_refused(tmp_path):
    mini_dir = copy_of_mini(tmp_path)
    rewrite_yaml(mini_dir / "stories" / "kim-15.yaml",
                 lambda story: story["parts"][0].update(text="## Rubrik\n\nText."))
    with pytest.raises(SourceError, match=r"uses Markdown the blocks do not show \(the tags h2\)"):
        build_course("mini", courses_dir=tmp_path, work_dir=tmp_path / "w", dist_dir=tmp_path / "d",
                     cache=CACHE, targets=LENIENT)


def test_missed_study_time_target_fails_the_build_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "course_export", "build", "mini", "--courses", str(DATA), "--work",
         str(tmp_path / "w"), "--dist", str(tmp_path / "d")], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1
    assert "error: mini: the built course fails its checks:" in result.stderr
    assert "the web training is estimated at" in result.stderr and "the target is 40–50" in result.stderr
    assert not (tmp_path / "d" / "sexmot-mini.tar.gz").exists()


def test_build_error_names_the_story_of_a_broken_film(tmp_path):
    mini_dir = copy_of_mini(tmp_path)
    rewrite_yaml(mini_dir / "stories" / "kim-15.yaml", lambda story: story["film"].update(title="   "))
    with pytest.raises(BuildError, match="the film of the story 'kim-15' could not be rendered: .*title"):
        build_course("mini", courses_dir=tmp_path, work_dir=tmp_path / "w", dist_dir=tmp_path / "d",
                     cache=tmp_path / "cache", targets=LENIENT)


# --- the preview -------------------------------------------------------------------------


def assert_every_unit_renders(ids):
    client = Client()
    for scenario_id in ids:
        response = client.get(f"/view/{scenario_id}/?student=staff_preview")
        assert response.status_code == 200, scenario_id
        page = response.content.decode("utf-8")
        assert "kunde inte visas" not in page, scenario_id
        assert "No such view" not in page, scenario_id
        title = scenarios.SCENARIOS[scenario_id].description.rsplit(" › ", 1)[-1].removesuffix(" – kursöversikt")
        assert title.replace("&", "&amp;") in page, scenario_id


def test_every_unit_of_the_small_course_renders_in_the_preview(course_preview, mini):
    ids = course_preview(mini.course_dir.parent.parent)
    assert ids[0] == "kurs-mini-0-00" and ids[1] == "kurs-mini-1-01" and ids == sorted(ids)
    assert_every_unit_renders(ids)
    story_page = Client().get("/view/kurs-mini-2-02/").content.decode("utf-8")
    assert 'src="/static/course-assets/kim-15.mp4"' in story_page
    assert '<a href="../kurs-mini-2-01/?student=student_1">' in story_page   # previous unit, same learner
    exercise_page = Client().get("/view/kurs-mini-4-02/").content.decode("utf-8")
    assert '<a href="../kurs-mini-2-02/">Kim, 15</a>' in exercise_page      # the story it builds on


def test_preview_serves_the_built_course_files(course_preview, mini, settings):
    course_preview(mini.course_dir.parent.parent)
    response = serve(RequestFactory().get("/static/course-assets/kim-15.sv.vtt"), "course-assets/kim-15.sv.vtt",
                     insecure=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"WEBVTT")
    linked = Path(settings.SEXMOT_COURSE_ASSETS_DIR)
    assert sorted(path.name for path in linked.iterdir()) == sorted(
        path.name for path in (mini.course_dir / "static").iterdir())


def test_every_unit_of_both_courses_renders_in_the_preview(course_preview, courses):
    ids = [scenario_id for result in courses.values()
           for scenario_id in course_preview(result.course_dir.parent.parent)]
    units = sum(len(section.units) for result in courses.values()
                for section in read_outline(result.course_dir)[1])
    assert len(ids) == units + len(courses)
    assert_every_unit_renders(ids)


def test_workbench_index_lists_the_course_in_order(db, settings, tmp_path, monkeypatch, mini):
    """Started normally, the preview finds the built courses itself and lists their units in course order."""
    settings.SEXMOT_COURSE_ASSETS_DIR = str(tmp_path / "assets")
    monkeypatch.setattr("course_export.build.PREVIEW_DIR", mini.course_dir.parent.parent)
    scenarios.init_scenarios()
    try:
        page = Client().get("/").content.decode("utf-8")
    finally:
        for scenario_id in [name for name in scenarios.SCENARIOS if name.startswith("kurs-mini-")]:
            scenarios.SCENARIOS.pop(scenario_id)
    listed = re.findall(r'href="/scenario/(kurs-mini-[0-9-]+)/"', page)
    assert listed[:3] == ["kurs-mini-0-00", "kurs-mini-1-01", "kurs-mini-2-01"] and listed == sorted(listed)
    assert len(listed) == 1 + 1 + 2 + 6 + 4 + 2
