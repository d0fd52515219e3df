"""Studio refuses a film, a version, a track or a poster whose course file does not exist, where the runtime can tell.

The preview keeps course files in a folder (``SEXMOT_COURSE_ASSETS_DIR``), so the story's Studio save
knows when ``/static/<name>`` names no file; Open edX keeps them in its content store, which the save
asks (``tests/test_platform_studio_course_files.py``). An https address is never looked up.
"""
import json

import pytest

STAFF = "staff_forfattare"
FILM = '[{"src": "/static/sexmot-testfilm.mp4", "type": "video/mp4"}]'
CAPTIONS = '[{"src": "/static/sexmot-testfilm.sv.vtt", "srclang": "sv", "label": "Svenska"}]'
STORY = f"""<sexmot_story display_name="Nora, 15" film_sources='{FILM}' caption_tracks='{CAPTIONS}'
    parts='[{{"heading": "Besöket", "text": "&lt;p&gt;x&lt;/p&gt;"}}]'/>"""
MISSING = "/static/sexmot-finns-inte.mp4"


def track(src):
    return [{"src": src, "srclang": "sv", "label": "Svenska"}]


def film(src):
    return [{"src": src, "type": "video/mp4"}]


#: (setting, a value naming a file that exists, the same naming one that does not, what the Swedish message says)
CASES = [
    ("film_sources", film("/static/sexmot-testfilm.webm"), film(MISSING), "En filmfil finns inte bland kursens filer"),
    ("described_film_sources", film("/static/sexmot-testfilm-described.mp4"), film(MISSING),
     "En fil till filmen med syntolkning finns inte bland kursens filer"),
    ("sign_language_sources", film("/static/sexmot-testfilm.webm"), film(MISSING),
     "En fil till filmen med teckenspråk finns inte bland kursens filer"),
    ("caption_tracks", track("/static/sexmot-testfilm.sv.vtt"), track("/static/sexmot-finns-inte.sv.vtt"),
     "En undertextfil finns inte bland kursens filer"),
    ("description_tracks", track("/static/sexmot-testfilm.sv.descriptions.vtt"), track("/static/saknas.vtt"),
     "En fil med syntolkning som text finns inte bland kursens filer"),
    ("film_poster", "/static/sexmot-testfilm-poster.png", "/static/sexmot-saknas.png",
     "Bilden före filmen finns inte bland kursens filer"),
]


def on_the_web(value):
    """``value`` with its course file replaced by an https address, which nobody looks up."""
    return json.loads(json.dumps(value).replace("/static/", "https://media.example.org/"))


@pytest.mark.swedish
@pytest.mark.parametrize("setting, present, missing, message", CASES, ids=[case[0] for case in CASES])
def test_a_course_file_that_does_not_exist_is_refused_and_nothing_changes(load_scenario, test_film, setting, present,
                                                                           missing, message):
    preview = load_scenario(STORY)
    before = getattr(preview.block(STAFF), setting)
    refused = preview.post("submit_studio_edits", {"values": {setting: missing}, "defaults": []}, student=STAFF)
    assert refused.status_code == 400
    assert message in json.dumps(refused.json(), ensure_ascii=False)
    assert "Filer och uppladdningar" in json.dumps(refused.json(), ensure_ascii=False)
    assert getattr(preview.block(STAFF), setting) == before

    for value in (present, on_the_web(missing)):
        saved = preview.post("submit_studio_edits", {"values": {setting: value}, "defaults": []}, student=STAFF)
        assert saved.status_code == 200, saved.content
        assert getattr(preview.block(STAFF), setting) == value
