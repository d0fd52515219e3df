"""Draft films rendered from a story's film script.

Each story in the course has a short film. Until an organization produces a
real one, the course ships a *draft film* made from the script in the story
YAML (``film: {title, scenes: [{background, heading, narration}]}``): calm
illustrated stills with the scene heading on screen, Swedish speech from
espeak-ng, captions and a transcript. The first card says it is a draft and
that the file can be replaced by uploading one with the same name, so nobody
mistakes it for finished material.

Each film also comes as a *described* version (WCAG 2.1 success criterion
1.2.5, audio description): the same picture with what is shown and not said
spoken in the pauses – the title card's text, and each scene's heading (or the
scene's own ``description``) unless the narration already says it. Both
versions share one timeline: every scene leaves room before its narration for
its description, which the film itself keeps silent while the heading is on
screen. So one caption file serves both, a learner switching versions keeps
their place, and the descriptions are also written as a WebVTT
``descriptions`` track. The picture is encoded once and the described film
gets it unchanged.

Rendering is deterministic – the same script, name and tool versions give
byte-identical files – so rebuilding the course does not churn ``dist/``, and
:func:`film_cache_key` lets the builder skip films whose script is unchanged.

Timing is exact by construction: the whole soundtrack is assembled here from
the measured length of each spoken sentence, every scene is a whole number of
video frames, and the captions are computed from the same sample counts.

One video file, MP4 (H.264 Main + AAC, "faststart"), because every current
browser plays it – Debian's Chromium included – and an organization replacing
the draft then has exactly one file to upload.

Public API (used by the course builder)::

    render_film(script, name, out_dir, narration=True) -> Film
        writes <name>.mp4, <name>-syntolkad.mp4, <name>.sv.vtt, <name>.sv.descriptions.vtt,
        <name>.transcript.txt, <name>-poster.jpg
    film_cache_key(script, name, narration=True) -> str
        changes whenever render_film's output would
    Film            the paths written, the duration and the transcript text
    FilmError       unusable script or a failing tool
    MissingToolError  ffmpeg, espeak-ng or the DejaVu fonts missing (names the apt package)

Needs the Debian packages ffmpeg, espeak-ng and fonts-dejavu-core.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Film", "FilmError", "MissingToolError", "film_cache_key", "render_film", "srt_from_webvtt"]

WIDTH, HEIGHT = 640, 360
FPS = 10
#: espeak-ng's native rate; 2205 samples per video frame, so frame and sample
#: boundaries coincide and audio and video end together.
SAMPLE_RATE = 22050
SAMPLES_PER_FRAME = SAMPLE_RATE // FPS

#: Speaking rate in words a minute; the same rate the course checker assumes
#: when it estimates study time.
WORDS_PER_MINUTE = 150
LEAD_IN = 0.5          # seconds of quiet before a scene's first sentence
SENTENCE_GAP = 0.35    # seconds between sentences
TAIL = 0.6             # seconds after the last sentence
CAPTION_HOLD = 0.4     # a scene's last caption stays this long after the speech
SILENT_SCENE = 2.0     # a scene without narration lasts this long
TITLE_CARD = 6.0       # the draft notice needs time to be read
DESCRIPTION_START = 0.3  # seconds into a scene when its spoken description starts
FADE_FRAMES = 4

CAPTION_LINE = 42      # characters per caption line, two lines per cue

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_COLOUR = re.compile(r"#([0-9a-fA-F]{6})")
_SENTENCE_END = re.compile(r"(?<=[.!?…”\"»])\s+(?=[A-ZÅÄÖÉ0-9\"”»«–—-])")


class FilmError(RuntimeError):
    """A film could not be rendered (bad script or a failing tool)."""


class MissingToolError(FilmError):
    """A program or font the renderer needs is not installed.

    Names the Debian package to install, because that is what the person
    running the build needs to know.
    """

    def __init__(self, tool: str, apt_package: str):
        super().__init__(f"{tool} is needed to render draft films; install it with "
                         f"'apt-get install {apt_package}'")
        self.tool = tool
        self.apt_package = apt_package


@dataclass(frozen=True)
class Film:
    """The files of one rendered film and what the builder needs to know about them."""

    mp4: Path
    described_mp4: Path
    captions: Path
    descriptions: Path
    transcript_file: Path
    poster: Path
    duration_seconds: float
    transcript: str


@dataclass(frozen=True)
class _Cue:
    start: int   # in samples
    end: int
    text: str


@dataclass(frozen=True)
class _Scene:
    background: str     # "0xrrggbb"
    heading: str
    frames: int
    audio: bytes        # 16-bit mono PCM at SAMPLE_RATE, exactly frames * SAMPLES_PER_FRAME long
    cues: tuple[_Cue, ...]  # relative to the scene start
    described_audio: bytes  # ``audio`` with the spoken description laid into the pause before the narration
    description_cues: tuple[_Cue, ...]


def film_cache_key(script: dict, name: str, narration: bool = True) -> str:
    """Return a key that changes whenever :func:`render_film` output would.

    The builder stores it next to the films and re-renders only when it
    differs. It covers the script, the file name (shown on the title card),
    the narration switch and this module's source, so a change to the
    renderer invalidates old films too. Tool versions are not included.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(json.dumps([script, name, narration], sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def render_film(script: dict, name: str, out_dir: Path | str, narration: bool = True) -> Film:
    """Render the draft film for ``script`` into ``out_dir`` as ``<name>.*``.

    ``name`` is the file stem the course refers to (letters, digits, ``-``,
    ``_``); the title card names ``<name>.mp4`` as the file to replace.
    Writes ``<name>.mp4`` (H.264/AAC), ``<name>-syntolkad.mp4`` (the described version),
    ``<name>.sv.vtt`` (captions, one cue per sentence or per two lines of a long sentence),
    ``<name>.sv.descriptions.vtt`` (the spoken descriptions as text), ``<name>.transcript.txt``
    and ``<name>-poster.jpg``.
    With ``narration=False`` no speech is synthesized: the soundtrack is
    silent and scenes and captions are timed at the speaking rate instead,
    which is quicker and needs no espeak-ng.

    Files appear only when all of them rendered; existing ones are replaced.
    Raises :class:`MissingToolError` when ffmpeg, espeak-ng or the DejaVu
    fonts are missing and :class:`FilmError` for an unusable script.
    """
    _require("ffmpeg", "ffmpeg")
    if narration:
        _require("espeak-ng", "espeak-ng")
    for font in (FONT_BOLD, FONT_REGULAR):
        if not font.is_file():
            raise MissingToolError(f"the font {font.name}", "fonts-dejavu-core")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise FilmError(f"film name {name!r}: use letters, digits, '-' and '_' only")
    title = str(script.get("title", "")).strip()
    scenes = script.get("scenes") or []
    if not title or not scenes:
        raise FilmError(f"film {name!r}: the script needs a title and at least one scene")

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {
        "mp4": out_dir / f"{name}.mp4",
        "described": out_dir / f"{name}-syntolkad.mp4",
        "vtt": out_dir / f"{name}.sv.vtt",
        "descriptions": out_dir / f"{name}.sv.descriptions.vtt",
        "txt": out_dir / f"{name}.transcript.txt",
        "jpg": out_dir / f"{name}-poster.jpg",
    }
    notice = (f"Det här är en utkastfilm. En organisation kan ersätta den genom att "
              f"ladda upp en egen film med samma filnamn i Studio: {name}.mp4")
    transcript = _transcript(title, notice, scenes)

    with tempfile.TemporaryDirectory(dir=out_dir, prefix=f".{name}-") as tmp:
        work = Path(tmp)
        # The title card shown in words: the label (unless the title says it), the title, the notice's gist;
        # the file name to replace is in the transcript.
        label = "" if "utkastfilm" in title.lower() else "Utkastfilm. "
        card = f"{label}{title}. Ett utkast som kan ersättas med en egen film."
        timeline = [_build_scene({"background": scenes[0].get("background"), "description": card},
                                 0, work, narration, name, shortest=TITLE_CARD)]
        timeline += [_build_scene(scene, index, work, narration, name)
                     for index, scene in enumerate(scenes, start=1)]
        graph = _filter_graph(timeline, title, notice, work)
        _write_wav(work / "soundtrack.wav", b"".join(scene.audio for scene in timeline))
        _write_wav(work / "described.wav", b"".join(scene.described_audio for scene in timeline))
        (work / "captions.vtt").write_text(_webvtt(timeline), encoding="utf-8")
        (work / "descriptions.vtt").write_text(_webvtt(timeline, descriptions=True), encoding="utf-8")
        (work / "transcript.txt").write_text(transcript, encoding="utf-8")
        _run_ffmpeg(graph, work)
        _add_described_soundtrack(work)
        for key, source in (("mp4", "film.mp4"), ("described", "described.mp4"), ("vtt", "captions.vtt"),
                            ("descriptions", "descriptions.vtt"), ("txt", "transcript.txt"),
                            ("jpg", "poster.jpg")):
            os.replace(work / source, targets[key])

    frames = sum(scene.frames for scene in timeline)
    return Film(mp4=targets["mp4"], described_mp4=targets["described"], captions=targets["vtt"],
                descriptions=targets["descriptions"], transcript_file=targets["txt"], poster=targets["jpg"],
                duration_seconds=frames / FPS, transcript=transcript)


def _require(tool: str, apt_package: str) -> None:
    if shutil.which(tool) is None:
        raise MissingToolError(tool, apt_package)


def _background(scene: dict, name: str) -> str:
    match = _COLOUR.fullmatch(str(scene.get("background", "")).strip())
    if not match:
        raise FilmError(f"film {name!r}: background {scene.get('background')!r} is not a #rrggbb colour")
    return "0x" + match.group(1).lower()


def _sentences(narration: str) -> list[str]:
    text = " ".join(narration.split())
    return [s for s in _SENTENCE_END.split(text) if s] if text else []


def _speak(sentence: str, path: Path) -> bytes:
    """Synthesize one sentence; return its PCM samples (16-bit mono)."""
    result = subprocess.run(
        ["espeak-ng", "-v", "sv", "-s", str(WORDS_PER_MINUTE), "-w", str(path), "--stdin"],
        input=sentence.encode(), capture_output=True, check=False)
    if result.returncode != 0:
        raise FilmError(f"espeak-ng failed: {result.stderr.decode(errors='replace').strip()}")
    with wave.open(str(path), "rb") as clip:
        if (clip.getframerate(), clip.getnchannels(), clip.getsampwidth()) != (SAMPLE_RATE, 1, 2):
            raise FilmError("espeak-ng produced audio in an unexpected format")
        return clip.readframes(clip.getnframes())


def _samples(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


def _clip(text: str, path: Path, narration: bool) -> bytes:
    """``text`` spoken, or without narration as long a silence as speaking it at the rate would take."""
    if narration:
        return _speak(text, path)
    return bytes(2 * _samples(len(text.split()) * 60 / WORDS_PER_MINUTE))


def _description(scene: dict, narration_text: str) -> str:
    """What the scene shows and the narration does not say: its ``description``, else its on-screen heading
    unless the narration already says it."""
    own = " ".join(str(scene.get("description") or "").split())
    if own:
        return own
    heading = " ".join(str(scene.get("heading") or "").split())
    if not heading or heading.lower() in " ".join(narration_text.split()).lower():
        return ""
    return heading if heading[-1] in ".!?…" else heading + "."


def _build_scene(scene: dict, index: int, work: Path, narration: bool, name: str,
                 shortest: float = SILENT_SCENE) -> _Scene:
    """Lay out one scene's sound, captions and spoken description; its length follows its speech.

    The description is spoken from ``DESCRIPTION_START``; the narration waits until it has ended,
    in both versions, so that they share one timeline.
    """
    background = _background(scene, name)
    narration_text = str(scene.get("narration") or "")
    sentences = _sentences(narration_text)
    clips = [_clip(sentence, work / f"speech-{index}-{number}.wav", narration)
             for number, sentence in enumerate(sentences)]
    description = _description(scene, narration_text)
    described = _clip(description, work / f"description-{index}.wav", narration) if description else b""
    lead_in = LEAD_IN
    if described:
        lead_in = max(LEAD_IN, DESCRIPTION_START + len(described) / 2 / SAMPLE_RATE + SENTENCE_GAP)

    audio = bytearray()
    spoken: list[tuple[int, int, str]] = []
    if clips:
        audio += bytes(2 * _samples(lead_in))
        for number, (sentence, clip) in enumerate(zip(sentences, clips)):
            if number:
                audio += bytes(2 * _samples(SENTENCE_GAP))
            start = len(audio) // 2
            audio += clip
            spoken.append((start, len(audio) // 2, sentence))
        audio += bytes(2 * _samples(TAIL))
    description_start = _samples(DESCRIPTION_START)
    description_end = description_start + len(described) // 2
    shortest_frames = round(shortest * FPS)
    if described:
        shortest_frames = max(shortest_frames, -(-(description_end + _samples(TAIL)) // SAMPLES_PER_FRAME))
    frames = max(-(-len(audio) // 2 // SAMPLES_PER_FRAME), shortest_frames)
    audio += bytes(2 * frames * SAMPLES_PER_FRAME - len(audio))
    described_audio = bytearray(audio)
    described_audio[2 * description_start:2 * description_end] = described

    cues = []
    for number, (start, end, sentence) in enumerate(spoken):
        hold_until = spoken[number + 1][0] if number + 1 < len(spoken) else end + _samples(CAPTION_HOLD)
        cues += _split_cue(start, end, hold_until, sentence)
    description_cues = _split_cue(description_start, description_end, description_end, description) if described else []
    heading = " ".join(str(scene.get("heading") or "").split())
    return _Scene(background, heading, frames, bytes(audio), tuple(cues), bytes(described_audio),
                  tuple(description_cues))


def _split_cue(start: int, end: int, hold_until: int, sentence: str) -> list[_Cue]:
    """One cue per sentence; a sentence longer than two lines is shown in parts.

    The parts share the sentence's speaking time in proportion to their
    length; the last part stays on screen until ``hold_until``.
    """
    lines = textwrap.wrap(sentence, CAPTION_LINE, break_long_words=False, break_on_hyphens=False)
    parts = ["\n".join(lines[i:i + 2]) for i in range(0, len(lines), 2)]
    total = sum(len(part) for part in parts)
    cues, position, spoken_chars = [], start, 0
    for number, part in enumerate(parts):
        spoken_chars += len(part)
        last = number == len(parts) - 1
        part_end = hold_until if last else start + (end - start) * spoken_chars // total
        cues.append(_Cue(position, part_end, part))
        position = part_end
    return cues


def _webvtt(timeline: list[_Scene], descriptions: bool = False) -> str:
    """The captions as WebVTT, or with ``descriptions`` the spoken descriptions."""
    blocks = ["WEBVTT\n"]
    offset = 0
    for scene in timeline:
        for cue in scene.description_cues if descriptions else scene.cues:
            text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            blocks.append(f"{len(blocks)}\n{_timestamp(offset + cue.start)} --> "
                          f"{_timestamp(offset + cue.end)}\n{text}\n")
        offset += scene.frames * SAMPLES_PER_FRAME
    return "\n".join(blocks)


def srt_from_webvtt(vtt: str) -> str:
    """The same cues as SubRip (``.srt``): the caption format Open edX's own ``video`` block takes.

    Only what this module writes is converted: numbered cues, ``HH:MM:SS.mmm`` times, text with
    ``&``, ``<`` and ``>`` escaped (SubRip text is plain).
    """
    blocks = vtt.strip().split("\n\n")
    if not blocks or blocks[0].strip() != "WEBVTT":
        raise FilmError("not captions written by the film renderer (no WEBVTT header)")
    cues = []
    for block in blocks[1:]:
        number, times, *text = block.split("\n")
        cues.append("\n".join([number, times.replace(".", ","), html.unescape("\n".join(text))]))
    return "\n\n".join(cues) + "\n"


def _timestamp(samples: int) -> str:
    millis = samples * 1000 // SAMPLE_RATE
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _transcript(title: str, notice: str, scenes: list[dict]) -> str:
    paragraphs = [f"{title}\n{notice}"]
    for scene in scenes:
        lines = [str(scene.get(key) or "").strip() for key in ("heading", "narration")]
        paragraphs.append("\n".join(" ".join(line.split()) for line in lines if line))
    return "\n\n".join(paragraphs) + "\n"


def _write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as track:
        track.setnchannels(1)
        track.setsampwidth(2)
        track.setframerate(SAMPLE_RATE)
        track.writeframes(pcm)


# Calm backdrops: soft, lighter shapes over a gentle vertical gradient, in
# fractions of the frame. Each entry is a list of circles (cx, cy, r) and an
# optional ground band starting at a height. Scenes take them in turn.
_LAYOUTS = (
    ([(0.86, 1.00, 0.55), (0.12, 0.18, 0.10)], None),
    ([(0.80, 0.30, 0.14)], 0.80),
    ([(0.08, 0.86, 0.45), (0.30, 1.05, 0.32), (0.92, 0.14, 0.06)], None),
    ([(0.18, 0.30, 0.20), (0.70, 0.95, 0.25)], 0.88),
)
_ILLUSTRATION_SCALE = 4   # shapes are drawn at a quarter size and scaled up: soft edges, little work


def _illustration(background: str, layout: int) -> str:
    """Filters drawing a scene's backdrop at a quarter size, scaled up."""
    circles, ground = _LAYOUTS[layout % len(_LAYOUTS)]
    w, h = WIDTH // _ILLUSTRATION_SCALE, HEIGHT // _ILLUSTRATION_SCALE
    # Commas are escaped for ffmpeg's option parser; the quotes around each
    # channel expression protect them from the filtergraph parser.
    shapes = [f"clip(({r * h:.2f}-hypot(X-{cx * w:.2f}\\,Y-{cy * h:.2f}))/2\\,0\\,1)"
              for cx, cy, r in circles]
    if ground is not None:
        shapes.append(f"0.7*clip((Y-{ground * h:.2f})/2\\,0\\,1)")
    mask = f"min(1\\,{'+'.join(shapes)})"
    channels = []
    for channel, offset in (("r", 2), ("g", 4), ("b", 6)):
        base = int(background[offset:offset + 2], 16)
        shaded = f"{base}*(1.06-0.16*Y/H)"
        channels.append(f"{channel}='{shaded}+(255-{shaded})*0.10*{mask}'")
    return (f"color=c={background}:s={w}x{h}:r={FPS},trim=end_frame=1,format=gbrp,"
            f"geq={':'.join(channels)},scale={WIDTH}:{HEIGHT}:flags=bicubic")


def _text_lines(lines: list[str], work: Path, stem: str, font: str, size: int, baseline: float,
                colour: str = "white", box: bool = False) -> list[str]:
    """drawtext filters for centred lines starting at ``baseline`` (pixels).

    The text goes through files, which sidesteps filtergraph escaping and
    keeps ffmpeg's ``%{…}`` expansion off.
    """
    filters = []
    for number, line in enumerate(lines):
        path = work / f"{stem}-{number}.txt"
        path.write_text(line, encoding="utf-8")
        options = [f"fontfile={font}", f"textfile={path.name}", "expansion=none",
                   f"fontsize={size}", f"fontcolor={colour}", "x=(w-text_w)/2",
                   f"y={baseline + number * size * 1.3:.0f}-ascent",
                   "shadowcolor=black@0.35", "shadowx=1", "shadowy=1"]
        if box:
            options += ["box=1", "boxcolor=white@0.16", f"boxborderw={size // 2}"]
        filters.append("drawtext=" + ":".join(options))
    return filters


def _filter_graph(timeline: list[_Scene], title: str, notice: str, work: Path) -> str:
    """The ffmpeg filtergraph: every scene a single drawn frame, repeated.

    Drawing happens once per scene, so rendering time is dominated by the
    encoders, not by the illustration or text.
    """
    os.symlink(FONT_BOLD, work / "bold.ttf")
    os.symlink(FONT_REGULAR, work / "regular.ttf")
    chains = []
    for index, scene in enumerate(timeline):
        if index == 0:
            title_lines = textwrap.wrap(title, 28)
            notice_lines = textwrap.wrap(notice, 60)
            text = (_text_lines(["UTKASTFILM"], work, "label", "bold.ttf", 16, 78, box=True)
                    + _text_lines(title_lines, work, "title", "bold.ttf", 34, 150)
                    + _text_lines(notice_lines, work, "notice", "regular.ttf", 15,
                                  HEIGHT - 30 - 20 * (len(notice_lines) - 1), colour="white@0.92"))
        else:
            size, lines = 40, textwrap.wrap(scene.heading, 22)
            if len(lines) > 2:
                size, lines = 30, textwrap.wrap(scene.heading, 30)
            first = HEIGHT * 0.47 - (len(lines) - 1) * size * 1.3 / 2 + size * 0.35
            text = _text_lines(lines, work, f"heading-{index}", "bold.ttf", size, first)
        still = ",".join([_illustration(scene.background, index)] + text + ["format=yuv420p"])
        repeat = (f"loop=loop={scene.frames - 1}:size=1:start=0,setpts=N/{FPS}/TB,"
                  f"fade=t=in:s=0:n={FADE_FRAMES},fade=t=out:s={scene.frames - FADE_FRAMES}:n={FADE_FRAMES}")
        if index == 0:
            chains.append(f"{still},split=2[still0][poster]")
            chains.append(f"[still0]{repeat}[s0]")
        else:
            chains.append(f"{still},{repeat}[s{index}]")
    inputs = "".join(f"[s{index}]" for index in range(len(timeline)))
    chains.append(f"{inputs}concat=n={len(timeline)}:v=1:a=0[video]")
    return ";\n".join(chains)


_EXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
          "-map_metadata", "-1", "-map_chapters", "-1", "-threads", "1"]
_AUDIO = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "32k"]


def _ffmpeg(arguments: list[str], work: Path, what: str) -> None:
    result = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments],
                            cwd=work, capture_output=True, check=False)
    if result.returncode != 0:
        tail = result.stderr.decode(errors="replace").strip().splitlines()[-15:]
        raise FilmError(f"ffmpeg failed to render {what}:\n" + "\n".join(tail))


def _add_described_soundtrack(work: Path) -> None:
    """The described film: the film's picture, copied as it is, with the described soundtrack."""
    _ffmpeg(["-i", "film.mp4", "-i", "described.wav", "-map", "0:v", "-map", "1:a", "-c:v", "copy", *_AUDIO,
             "-movflags", "+faststart", *_EXACT, "described.mp4"], work, "the described film")


def _run_ffmpeg(graph: str, work: Path) -> None:
    """Encode the MP4 and the poster in one ffmpeg run.

    The encoder is single-threaded, which keeps the output byte-identical
    whatever the machine's core count; a builder wanting speed renders
    several films side by side instead.
    """
    _ffmpeg(["-i", "soundtrack.wav", "-filter_complex", graph,
             "-map", "[video]", "-map", "0:a", "-g", str(10 * FPS), "-pix_fmt", "yuv420p",
             "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "28",
             "-profile:v", "main", *_AUDIO, "-movflags", "+faststart", *_EXACT, "film.mp4",
             "-map", "[poster]", "-frames:v", "1", "-q:v", "3", *_EXACT, "poster.jpg"], work, "the film")
