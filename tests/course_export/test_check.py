"""The OLX checker finds each kind of problem Studio's import would hide, in a small course built for the test."""
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from lxml import etree

from course_export.build import build_course, write_tarball
from course_export.certificate import SIGNATORY_WARNING
from course_export.check import INSTALL_WARNING, check_course, check_tarball
from course_export.source import load_course
from course_export.studytime import Targets

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[2]
CACHE = ROOT / "var" / "build-cache"
LENIENT = Targets((0, 100), 60)

# The slow tier: it builds the small course and runs the command line
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="the builder renders films with ffmpeg")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small course, built once for this module."""
    root = tmp_path_factory.mktemp("mini")
    return build_course("mini", courses_dir=DATA, work_dir=root / "work", dist_dir=root / "dist",
                        cache=CACHE, targets=LENIENT)


@pytest.fixture
def course_dir(built, tmp_path):
    """A fresh copy of the built course to break."""
    return Path(shutil.copytree(built.course_dir, tmp_path / "course"))


def errors_of(course_dir):
    return check_course(course_dir).errors


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_course_passes_and_warns_to_install_the_plugin_first(built, course_dir):
    report = check_course(course_dir, load_course(DATA / "mini"), LENIENT)
    assert report.ok, report.errors
    assert report.warnings == [INSTALL_WARNING, SIGNATORY_WARNING]
    assert "before importing" in INSTALL_WARNING and "hidden" in INSTALL_WARNING
    assert report.film_seconds["kim-15"] > 6   # title card plus a narrated scene
    assert report.study_time.chapter_minutes("Gruppdiskussion") == 60


def test_malformed_xml_is_reported_with_its_file(course_dir):
    edit(course_dir / "vertical" / "start-enhet.xml", "</vertical>", "</vertikal>")
    assert any("vertical/start-enhet.xml" in error and "not well-formed" in error for error in errors_of(course_dir))


def test_unknown_tag_is_refused(course_dir):
    edit(course_dir / "vertical" / "start-enhet.xml", "</vertical>",
         '<sexmot_poll url_name="enkat" display_name="Enkät"/></vertical>')
    errors = errors_of(course_dir)
    assert any("<sexmot_poll>" in error and "neither an Open edX core tag nor one of ours" in error
               for error in errors), errors


def test_duplicate_url_name_is_refused(course_dir):
    edit(course_dir / "vertical" / "start-enhet.xml", 'url_name="start"', 'url_name="kim-reaktioner"')
    assert any("url_name 'kim-reaktioner' is used twice" in error for error in errors_of(course_dir))


def test_block_without_url_name_is_refused(course_dir):
    edit(course_dir / "vertical" / "start-enhet.xml", ' url_name="start"', "")
    assert any("has no url_name" in error for error in errors_of(course_dir))


def test_missing_static_file_is_reported(course_dir):
    (course_dir / "static" / "kim-15.sv.vtt").unlink()
    errors = errors_of(course_dir)
    assert any("vertical/kim-15-enhet.xml: refers to /static/kim-15.sv.vtt" in error for error in errors), errors


def test_unquoted_static_reference_is_reported(course_dir):
    edit(course_dir / "html" / "stod-text.html", "Ring larmnumret", "Se /static/karta.pdf eller ring larmnumret")
    assert any("html/stod-text.html: an unquoted /static/ reference" in error for error in errors_of(course_dir))


def test_static_must_stay_flat(course_dir):
    (course_dir / "static" / "bilder").mkdir()
    assert any("static/bilder/: a folder" in error for error in errors_of(course_dir))


def test_captions_must_be_webvtt(course_dir):
    (course_dir / "static" / "kim-15.sv.vtt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHej\n", encoding="utf-8")
    assert any("kim-15.sv.vtt: captions must be WebVTT" in error for error in errors_of(course_dir))


def story_attributes(course_dir, **replaced):
    """Rewrite attributes of kim-15's story in the built OLX (lists as JSON)."""
    path = course_dir / "vertical" / "kim-15-enhet.xml"
    tree = etree.parse(str(path))
    story = tree.getroot().find("sexmot_story")
    for name, value in replaced.items():
        story.set(name, json.dumps(value))
    tree.write(str(path), encoding="utf-8")


def test_a_built_story_film_has_captions_a_described_film_and_a_descriptions_track(built):
    story = etree.parse(str(built.course_dir / "vertical" / "kim-15-enhet.xml")).getroot().find("sexmot_story")
    assert json.loads(story.get("described_film_sources")) == [{"src": "/static/kim-15-syntolkad.mp4",
                                                                "type": "video/mp4"}]
    assert json.loads(story.get("description_tracks")) == [{"src": "/static/kim-15.sv.descriptions.vtt",
                                                            "srclang": "sv", "label": "Svenska"}]
    assert (built.course_dir / "static" / "kim-15-syntolkad.mp4").is_file()


def test_a_film_without_a_described_version_fails_the_check(course_dir):
    story_attributes(course_dir, described_film_sources=[])
    assert errors_of(course_dir) == []  # the descriptions track alone is a described version
    story_attributes(course_dir, description_tracks=[])
    errors = errors_of(course_dir)
    assert any('<sexmot_story url_name="kim-15">: the film has no described version' in error
               and "1.2.5" in error for error in errors), errors


def test_a_film_without_captions_fails_the_check(course_dir):
    story_attributes(course_dir, caption_tracks=[])
    errors = errors_of(course_dir)
    assert any('<sexmot_story url_name="kim-15">: the film has no captions (WCAG 1.2.2)' in error
               for error in errors), errors


def test_a_film_as_a_video_block_needs_its_described_video_block_beside_it(tmp_path):
    built = build_course("mini", courses_dir=DATA, work_dir=tmp_path / "work", dist_dir=tmp_path / "dist",
                         cache=CACHE, targets=LENIENT, film_base_url="https://lms.example.org/f/")
    assert errors_of(built.course_dir) == []
    path = built.course_dir / "vertical" / "kim-15-enhet.xml"
    tree = etree.parse(str(path))
    described = tree.getroot().find("video[@url_name='kim-15-film-syntolkad']")
    described.getparent().remove(described)
    tree.write(str(path), encoding="utf-8")
    errors = errors_of(built.course_dir)
    assert any('<video url_name="kim-15-film">: the film has no described version, a video block '
               'url_name="kim-15-film-syntolkad" beside it (WCAG 1.2.5)' in error for error in errors), errors


@pytest.mark.parametrize("transcripts, finding", [
    ("{not json", "transcripts is not JSON"),
    ('["sv.srt"]', "transcripts must be a JSON object"),
    ('{"sv": "../../policies/2026/policy.json"}', "the sv captions must be a file name in static/"),
    ('{"sv": 7}', "the sv captions must be a file name in static/"),
    ('{"svenska!": "kim-15-film-sv.srt"}', "the captions' language 'svenska!' is no language tag"),
])
def test_a_video_blocks_malformed_captions_are_findings_not_a_crash(tmp_path, transcripts, finding):
    built = build_course("mini", courses_dir=DATA, work_dir=tmp_path / "work", dist_dir=tmp_path / "dist",
                         cache=CACHE, targets=LENIENT, film_base_url="https://lms.example.org/f/")
    path = built.course_dir / "vertical" / "kim-15-enhet.xml"
    tree = etree.parse(str(path))
    film = tree.getroot().find("video[@url_name='kim-15-film']")
    film.set("transcripts", transcripts)
    tree.write(str(path), encoding="utf-8")
    errors = errors_of(built.course_dir)
    assert any('<video url_name="kim-15-film">: ' + finding in error for error in errors), errors


def test_a_video_blocks_sources_must_be_a_list_of_https_addresses(tmp_path):
    built = build_course("mini", courses_dir=DATA, work_dir=tmp_path / "work", dist_dir=tmp_path / "dist",
                         cache=CACHE, targets=LENIENT, film_base_url="https://lms.example.org/f/")
    path = built.course_dir / "vertical" / "kim-15-enhet.xml"
    for sources, finding in (("{oops", "html5_sources is not JSON"), ('{"a": 1}', "html5_sources must be a JSON list"),
                             ("[7]", "[7]")):
        tree = etree.parse(str(path))
        tree.getroot().find("video[@url_name='kim-15-film']").set("html5_sources", sources)
        tree.write(str(path), encoding="utf-8")
        errors = errors_of(built.course_dir)
        assert any('<video url_name="kim-15-film">: the mobile apps play and download only https sources, not '
                   + finding in error for error in errors), errors


def test_our_block_must_parse_in_the_xblock_runtime(course_dir):
    edit(course_dir / "vertical" / "start-enhet.xml", 'participation_scored="true"',
         'participation_scored="true" max_length="lång"')
    errors = errors_of(course_dir)
    assert any('<sexmot_reflection url_name="start"> does not parse in the XBlock runtime' in error
               for error in errors), errors


def test_every_element_inside_a_story_must_be_a_child_block(course_dir):
    edit(course_dir / "vertical" / "kim-15-enhet.xml", "</sexmot_story>",
         '<part heading="Efteråt"><p>Mer text.</p></part></sexmot_story>')
    errors = errors_of(course_dir)
    assert any("<part> inside the story is not a block" in error for error in errors), errors


def test_olxcleaner_findings_fail_the_check(course_dir):
    edit(course_dir / "chapter" / "gruppdiskussion.xml", ' display_name="Gruppdiskussion"', "")
    errors = errors_of(course_dir)
    assert any(error.startswith("olxcleaner WARNING MissingDisplayName") for error in errors), errors


def test_policy_must_enable_our_blocks(course_dir):
    policy_file = course_dir / "policies" / "2026" / "policy.json"
    policy = json.loads(policy_file.read_text(encoding="utf-8"))
    policy["course/2026"]["advanced_modules"] = ["sexmot_story"]
    policy_file.write_text(json.dumps(policy), encoding="utf-8")
    assert any("advanced_modules lacks sexmot_reflection" in error for error in errors_of(course_dir))


def test_grading_policy_must_count_every_graded_subsection(course_dir):
    grading_file = course_dir / "policies" / "2026" / "grading_policy.json"
    grading = json.loads(grading_file.read_text(encoding="utf-8"))
    grading["GRADER"][0]["drop_count"] = 1
    grading_file.write_text(json.dumps(grading), encoding="utf-8")
    assert any("must have min_count 1" in error and "drop_count 0" in error for error in errors_of(course_dir))


def test_tarball_must_hold_one_course_folder(built, tmp_path):
    assert check_tarball(built.tarball) == []
    stray = tmp_path / "stray.tar.gz"
    with tarfile.open(stray, "w:gz") as archive:
        archive.add(built.course_dir / "course.xml", arcname="course.xml")
    problems = check_tarball(stray)
    assert any("'course.xml' is outside the top-level course/ folder" in problem for problem in problems)
    assert any("course/course.xml is missing" in problem for problem in problems)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "course_export", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)


def test_check_command_reports_the_study_time_and_fails_on_missed_targets(built):
    result = run_cli("check", "mini", "--courses", str(DATA), "--dist", str(built.tarball.parent))
    assert result.returncode == 1
    assert "Webbutbildning:" in result.stdout and "Kim, 15" in result.stdout
    assert f"warning: {INSTALL_WARNING}" in result.stdout
    assert "error: mini: the web training is estimated at" in result.stderr


@pytest.mark.parametrize("command", ["build", "check"])
def test_the_documented_commands_run_outside_make_in_a_clean_environment(built, tmp_path, command):
    """docs/course-export.md gives ``python -m course_export build|check`` on their own: no make, no
    DJANGO_SETTINGS_MODULE, only a PATH to the Debian tools and a home folder."""
    clean = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)}
    places = ["--dist", str(built.tarball.parent)] if command == "check" else [
        "--work", str(tmp_path / "work"), "--dist", str(tmp_path / "dist"), "--cache", str(CACHE)]
    result = subprocess.run([sys.executable, "-m", "course_export", command, "mini", "--courses", str(DATA), *places],
                            capture_output=True, text=True, cwd=ROOT, env=clean, check=False)
    assert "Traceback" not in result.stderr and "ImproperlyConfigured" not in result.stderr
    # The small course misses the real study-time target on purpose: the command ran every check to say so.
    assert result.returncode == 1 and "the web training is estimated at" in result.stderr


def test_check_command_says_to_build_first(tmp_path):
    result = run_cli("check", "mini", "--courses", str(DATA), "--dist", str(tmp_path))
    assert result.returncode == 1
    assert "does not exist: run 'python -m course_export build mini' first" in result.stderr


def test_check_command_checks_the_tarball_itself(built, tmp_path):
    broken = Path(shutil.copytree(built.course_dir, tmp_path / "course"))
    (broken / "static" / "kim-15.mp4").unlink()
    write_tarball(broken, tmp_path / "dist" / "sexmot-mini.tar.gz")
    result = run_cli("check", "mini", "--courses", str(DATA), "--dist", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert "refers to /static/kim-15.mp4, which is not in static/" in result.stderr


def test_pass_needs_every_graded_exercise(course_dir):
    grading_file = course_dir / "policies" / "2026" / "grading_policy.json"
    grading = json.loads(grading_file.read_text(encoding="utf-8"))
    grading["GRADE_CUTOFFS"] = {"Pass": 0.5}
    grading_file.write_text(json.dumps(grading), encoding="utf-8")
    assert any('GRADE_CUTOFFS must be {"Pass": 1.0}' in error for error in errors_of(course_dir))


def test_a_course_nobody_can_pass_is_refused(course_dir):
    sequential = course_dir / "sequential" / "webbutbildning-sekvens.xml"
    edit(sequential, ' graded="true" format="Reflektionsövningar"', "")
    assert any("no subsection is graded, so no learner could pass" in error for error in errors_of(course_dir))


def test_a_course_without_a_certificate_is_reported(course_dir):
    policy = course_dir / "policies" / "2026" / "policy.json"
    settings = json.loads(policy.read_text(encoding="utf-8"))
    del settings["course/2026"]["certificates"]
    policy.write_text(json.dumps(settings), encoding="utf-8")
    assert "policies/2026/policy.json: no course certificate is configured, so passing learners would get no " \
           "kursintyg" in errors_of(course_dir)


def test_a_source_reference_missing_from_the_claims_register_fails_the_check(built, course_dir, tmp_path):
    sources = Path(shutil.copytree(DATA / "mini", tmp_path / "mini"))
    (sources / "support.md").write_text("# Stöd\n\nRing 112 vid fara.\n", encoding="utf-8")
    report = check_course(course_dir, load_course(sources), LENIENT)
    assert "mini/support.md:3: '112' has no entry in claims.yaml: add one with its primary source and check " \
           "date" in report.errors


def test_a_misspelling_in_the_sources_fails_the_check(course_dir, tmp_path):
    sources = Path(shutil.copytree(DATA / "mini", tmp_path / "mini"))
    (sources / "support.md").write_text("# Stöd\n\nDu kan alltid få stöd, även på helgdager.\n", encoding="utf-8")
    report = check_course(course_dir, load_course(sources), LENIENT)
    assert "mini/support.md:3: 'helgdager' is not a Swedish word to hunspell's sv_SE dictionary: correct it, or add " \
           "it to mini/words.txt if it is a name or a term" in report.errors


def test_a_term_the_word_table_rejects_fails_the_check(course_dir, tmp_path):
    sources = Path(shutil.copytree(DATA / "mini", tmp_path / "mini"))
    chapter = sources / "chapters" / "01-kapitel-1.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n## Ord att undvika\n\n| Undvik | Använd hellre |\n"
                       "| --- | --- |\n| barnprostitution | sexuell exploatering av barn |\n", encoding="utf-8")
    (sources / "terms.yaml").write_text('terms:\n  - reject: "barnprostitution"\n    row: "barnprostitution"\n'
                                        '    instead: "sexuell exploatering av barn"\n', encoding="utf-8")
    (sources / "support.md").write_text("# Stöd\n\nStöd mot barnprostitution finns.\n", encoding="utf-8")
    report = check_course(course_dir, load_course(sources), LENIENT)
    assert "mini/support.md:3: 'barnprostitution' is wording the course's word table rejects (barnprostitution): " \
           "write 'sexuell exploatering av barn' instead" in report.errors


def test_a_legal_point_cited_only_to_a_web_page_fails_the_check(course_dir, tmp_path):
    sources = Path(shutil.copytree(DATA / "mini", tmp_path / "mini"))
    (sources / "support.md").write_text("# Stöd\n\nDen som utsatts för brott har rätt till stöd [Källa: lag-1] "
                                        "[Källa: sida-1].\n\nSocialnämnden ska hjälpa [Källa: sida-1].\n",
                                        encoding="utf-8")
    with (sources / "sources.md").open("a", encoding="utf-8") as listed:
        listed.write("\n- **sida-1** En myndighets webbsida.\n")
    report = check_course(course_dir, load_course(sources), LENIENT)
    legal = [error for error in report.errors if "a legal statement" in error]
    assert [error.split(": a legal")[0] for error in legal] == ["mini/support.md:5"]
