"""Tests for the draft film renderer (needs ffmpeg and espeak-ng installed)."""

import functools
import json
import math
import re
import shutil
import subprocess
import threading
import wave
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from course_export import film
from course_export.film import FilmError, MissingToolError, film_cache_key, render_film

# The slow tier: it renders films with ffmpeg and espeak-ng
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("espeak-ng") is None,
    reason="draft films need the Debian packages ffmpeg and espeak-ng")]

SCRIPT = {
    "title": "Testfilm – utkastfilm",
    "scenes": [
        {"background": "#23395b", "heading": "Fredag kväll",
         "narration": "Amir sitter i bilen. Han vet inte vart de ska."},
        {"background": "#3b2340", "heading": "Hemma",
         "narration": "Mamma frågar var han har varit."},
    ],
}
SENTENCES = ["Amir sitter i bilen.", "Han vet inte vart de ska.", "Mamma frågar var han har varit."]
#: The title card in words, spoken in the described version (the title says it is a draft).
CARD = "Testfilm – utkastfilm. Ett utkast som kan ersättas med en egen film."
TIMESTAMP = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"


def probe(path):
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True, check=True)
    return json.loads(result.stdout)


def cues(vtt_path):
    text = vtt_path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    found = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        match = re.fullmatch(f"{TIMESTAMP} --> {TIMESTAMP}", lines[1])
        assert match, block
        h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, match.groups())
        found.append((h1 * 3600 + m1 * 60 + s1 + ms1 / 1000,
                      h2 * 3600 + m2 * 60 + s2 + ms2 / 1000, "\n".join(lines[2:])))
    return found


def speech_seconds(sentence, tmp_path):
    """How long espeak-ng speaks a sentence, measured independently of the renderer."""
    path = tmp_path / "probe.wav"
    subprocess.run(["espeak-ng", "-v", "sv", "-s", str(film.WORDS_PER_MINUTE), "-w", str(path), "--stdin"],
                   input=sentence.encode(), check=True)
    with wave.open(str(path)) as clip:
        return clip.getnframes() / clip.getframerate()


def frames_up(seconds):
    return math.ceil(round(seconds * film.FPS, 6)) / film.FPS


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_film(SCRIPT, "test-film", tmp_path_factory.mktemp("film"))


def title_card_seconds(tmp_path):
    """The title card lasts until its spoken description has ended, and at least TITLE_CARD."""
    return max(film.TITLE_CARD, frames_up(film.DESCRIPTION_START + speech_seconds(CARD, tmp_path) + film.TAIL))


def lead_in_after(heading, tmp_path):
    """Where a scene's narration starts: after its heading is spoken (in the described version)."""
    return film.DESCRIPTION_START + speech_seconds(heading, tmp_path) + film.SENTENCE_GAP


def test_writes_every_file(rendered):
    for path in (rendered.mp4, rendered.described_mp4, rendered.captions, rendered.descriptions,
                 rendered.transcript_file, rendered.poster):
        assert path.is_file() and path.stat().st_size > 0
    assert rendered.captions.name == "test-film.sv.vtt"
    assert (rendered.described_mp4.name, rendered.descriptions.name) == (
        "test-film-syntolkad.mp4", "test-film.sv.descriptions.vtt")
    assert rendered.poster.name == "test-film-poster.jpg"
    assert not [p for p in rendered.mp4.parent.iterdir() if p.name.startswith(".")], "temporary files left"


def test_mp4_is_h264_aac_and_streams_from_the_start(rendered):
    info = probe(rendered.mp4)
    video, audio = sorted(info["streams"], key=lambda s: s["codec_type"], reverse=True)
    assert (video["codec_name"], video["width"], video["height"], video["pix_fmt"]) == ("h264", 640, 360, "yuv420p")
    assert audio["codec_name"] == "aac"
    data = rendered.mp4.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat"), "moov atom must come first (+faststart)"
    assert b"creation_time" not in data


def test_duration_follows_the_measured_narration(rendered, tmp_path):
    first = (lead_in_after("Fredag kväll.", tmp_path) + speech_seconds(SENTENCES[0], tmp_path) + film.SENTENCE_GAP
             + speech_seconds(SENTENCES[1], tmp_path) + film.TAIL)
    second = lead_in_after("Hemma.", tmp_path) + speech_seconds(SENTENCES[2], tmp_path) + film.TAIL
    expected = title_card_seconds(tmp_path) + frames_up(first) + frames_up(second)
    assert rendered.duration_seconds == pytest.approx(expected, abs=1e-6)
    assert float(probe(rendered.mp4)["format"]["duration"]) == pytest.approx(expected, abs=0.1)


def test_one_caption_per_sentence_in_sync_with_the_speech(rendered, tmp_path):
    found = cues(rendered.captions)
    assert [text.replace("\n", " ") for _, _, text in found] == SENTENCES
    starts = [start for start, _, _ in found]
    assert starts[0] == pytest.approx(title_card_seconds(tmp_path) + lead_in_after("Fredag kväll.", tmp_path),
                                      abs=0.002)
    # the second sentence starts after the first one's measured speech and the gap
    assert starts[1] - starts[0] == pytest.approx(
        speech_seconds(SENTENCES[0], tmp_path) + film.SENTENCE_GAP, abs=0.002)
    for (start, end, _), following in zip(found, found[1:] + [(rendered.duration_seconds, None, None)]):
        assert 0 <= start < end <= following[0] <= rendered.duration_seconds


@pytest.fixture
def served(rendered):
    """The film's folder over HTTP: caption tracks do not load from file:// pages."""
    folder = rendered.mp4.parent
    (folder / "player.html").write_text(
        '<!doctype html><html lang="sv"><body>'
        f'<video id="film" muted preload="auto" src="{rendered.mp4.name}">'
        f'<track kind="captions" srclang="sv" label="Svenska" default src="{rendered.captions.name}">'
        '</video></body></html>', encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/player.html"
    server.shutdown()
    server.server_close()


PLAY = """() => new Promise((resolve, reject) => {
  const video = document.getElementById('film');
  const track = video.textTracks[0];
  track.mode = 'hidden';
  video.addEventListener('error', () => reject(new Error('media error ' + video.error.code)));
  video.addEventListener('timeupdate', () => {
    if (video.currentTime < 1.5 || !track.cues || !track.cues.length) return;
    video.pause();
    resolve({width: video.videoWidth, height: video.videoHeight, duration: video.duration,
             audioBytes: video.webkitAudioDecodedByteCount, cues: track.cues.length,
             firstCue: track.cues[0].text});
  });
  video.play().catch(reject);
  setTimeout(() => reject(new Error('not playing after 20 s: readyState ' + video.readyState)), 20000);
})"""


def test_chromium_plays_the_mp4_with_its_captions(browser, rendered, served):
    page = browser.new_page()
    try:
        page.goto(served)
        played = page.evaluate(PLAY)
    finally:
        page.close()
    assert (played["width"], played["height"]) == (640, 360)
    assert played["duration"] == pytest.approx(rendered.duration_seconds, abs=0.1)
    assert played["audioBytes"] > 0, "the AAC soundtrack was not decoded"
    assert played["cues"] == len(cues(rendered.captions))
    assert played["firstCue"].replace("\n", " ") == SENTENCES[0]


def test_transcript_has_the_draft_notice_headings_and_narration(rendered):
    text = rendered.transcript_file.read_text(encoding="utf-8")
    assert text == rendered.transcript
    assert "utkastfilm" in text.lower() and "test-film.mp4" in text
    for part in ["Fredag kväll", "Hemma", *SENTENCES]:
        assert part in text


def test_films_are_small(rendered):
    # 40 kB a second keeps a two-minute film under 5 MB
    assert rendered.mp4.stat().st_size < 40_000 * rendered.duration_seconds
    assert rendered.poster.stat().st_size < 100_000


def test_rendering_is_deterministic(rendered, tmp_path):
    again = render_film(SCRIPT, "test-film", tmp_path)
    for first, second in zip(
            (rendered.mp4, rendered.described_mp4, rendered.captions, rendered.descriptions,
             rendered.transcript_file, rendered.poster),
            (again.mp4, again.described_mp4, again.captions, again.descriptions, again.transcript_file,
             again.poster)):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_without_narration_scenes_are_timed_at_the_speaking_rate(tmp_path):
    long_sentence = ("En vän har skrivit att det finns pengar att tjäna och att det inte är farligare "
                     "än att gå på fest en lördag med kompisarna.")
    script = {"title": "Tyst", "scenes": [
        {"background": "#1f3d33", "heading": "Tystnad", "narration": ""},
        {"background": "#40301f", "heading": "Lång mening", "narration": long_sentence},
    ]}
    result = render_film(script, "silent", tmp_path, narration=False)
    words = len(long_sentence.split())
    seconds = 60 / film.WORDS_PER_MINUTE  # a word
    card = max(film.TITLE_CARD, frames_up(film.DESCRIPTION_START + film.TAIL + seconds * len(
        "Utkastfilm. Tyst. Ett utkast som kan ersättas med en egen film.".split())))
    lead_in = film.DESCRIPTION_START + 2 * seconds + film.SENTENCE_GAP  # "Lång mening." described first
    expected = card + film.SILENT_SCENE + frames_up(lead_in + words * seconds + film.TAIL)
    assert result.duration_seconds == pytest.approx(expected, abs=1e-6)
    found = cues(result.captions)
    # a sentence too long for two caption lines is shown in consecutive parts
    assert len(found) > 1
    assert " ".join(text.replace("\n", " ") for _, _, text in found) == long_sentence
    for start, end, text in found:
        assert start < end and len(text.splitlines()) <= 2
        assert all(len(line) <= film.CAPTION_LINE for line in text.splitlines())
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:]))


def test_cache_key_tracks_script_name_and_narration():
    key = film_cache_key(SCRIPT, "a")
    assert key == film_cache_key(json.loads(json.dumps(SCRIPT)), "a")
    changed = json.loads(json.dumps(SCRIPT))
    changed["scenes"][0]["heading"] = "Lördag"
    assert len({key, film_cache_key(changed, "a"), film_cache_key(SCRIPT, "b"),
                film_cache_key(SCRIPT, "a", narration=False)}) == 4


def test_missing_tool_names_the_debian_package(tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(film.shutil, "which", lambda tool: None if tool == "espeak-ng" else real_which(tool))
    with pytest.raises(MissingToolError, match="apt-get install espeak-ng") as error:
        render_film(SCRIPT, "x", tmp_path)
    assert error.value.apt_package == "espeak-ng"


@pytest.mark.parametrize("script, name", [
    ({"title": "T", "scenes": [{"background": "red", "heading": "H", "narration": ""}]}, "ok"),
    ({"title": "T", "scenes": []}, "ok"),
    (SCRIPT, "../escape"),
    (SCRIPT, None),
])
def test_unusable_scripts_are_rejected(tmp_path, script, name):
    with pytest.raises(FilmError):
        render_film(script, name, tmp_path)


def loudest_decibels(path, start, seconds):
    """The loudest sample of ``seconds`` of the film's sound from ``start``, in dB (-91 is silence)."""
    result = subprocess.run(["ffmpeg", "-hide_banner", "-ss", str(start), "-t", str(seconds), "-i", str(path),
                             "-af", "volumedetect", "-f", "null", "-"], capture_output=True, text=True, check=True)
    return float(re.search(r"max_volume: (-?[\d.]+) dB", result.stderr).group(1))


def picture_checksum(path):
    result = subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", str(path), "-map", "0:v",
                             "-c", "copy", "-f", "md5", "-"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_described_film_speaks_what_is_shown_in_the_pauses_of_the_same_timeline(rendered, tmp_path):
    assert float(probe(rendered.described_mp4)["format"]["duration"]) == pytest.approx(
        rendered.duration_seconds, abs=0.1)
    assert picture_checksum(rendered.described_mp4) == picture_checksum(rendered.mp4)  # the same picture
    card = title_card_seconds(tmp_path)
    # The title card is silent in the film and spoken in the described version.
    assert loudest_decibels(rendered.mp4, 0, card) < -80
    assert loudest_decibels(rendered.described_mp4, 0, card) > -30
    described = cues(rendered.descriptions)
    assert " ".join(text.replace("\n", " ") for _, _, text in described[:-2]) == CARD
    assert [text for _, _, text in described[-2:]] == ["Fredag kväll.", "Hemma."]
    assert described[0][0] == pytest.approx(film.DESCRIPTION_START, abs=0.002)
    # Each heading is spoken before its scene's narration starts: description and speech never overlap.
    captions = cues(rendered.captions)
    assert described[-2][0] == pytest.approx(card + film.DESCRIPTION_START, abs=0.002)
    assert described[-2][1] < captions[0][0] and captions[1][1] <= described[-1][0] < described[-1][1] < captions[2][0]


def test_a_heading_the_narration_already_says_is_not_described_and_a_scenes_own_description_is(tmp_path):
    script = {"title": "Kort – utkastfilm", "scenes": [
        {"background": "#23395b", "heading": "Hemma", "narration": "Amir är hemma igen."},
        {"background": "#3b2340", "heading": "Bilen", "narration": "Han väntar.",
         "description": "En svart bil står på en parkering."},
    ]}
    result = render_film(script, "kort", tmp_path, narration=False)
    texts = [text.replace("\n", " ") for _, _, text in cues(result.descriptions)]
    assert texts[-1] == "En svart bil står på en parkering."
    assert not any("Hemma" in text for text in texts) and not any("Bilen" in text for text in texts)
