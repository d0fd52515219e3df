"""A few-second test film for the preview and the browser tests, made with ffmpeg.

The story block needs a real film to show: one with a picture, a sound, a
poster and Swedish captions, in both formats the block accepts (mp4 and webm),
and the versions a learner can switch to: a "described" film (the same picture
with a higher tone, standing in for a spoken description) and a WebVTT
descriptions track.
ffmpeg's test source makes one in about a second, so nothing binary is kept in
the repository. Run ``python -m devtools.preview.testfilm`` (with the
preview's Django settings) to put it into the preview's course-files folder.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: The base name of the test film's files; the preview scenarios refer to them as ``/static/<name>…``.
FILM_NAME = "sexmot-testfilm"
SECONDS = 4
CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:02.000
Det här är en testfilm för förhandsvisningen.

00:00:02.000 --> 00:00:04.000
Bilden och tonen kommer från ffmpeg.
"""
DESCRIPTIONS = """WEBVTT

00:00:00.000 --> 00:00:02.000
Bilden visar färgade fält och en ruta som rör sig.

00:00:02.000 --> 00:00:04.000
En räknare i bilden visar sekunderna.
"""
_PICTURE = ["-f", "lavfi", "-i", f"testsrc=size=320x180:rate=25:duration={SECONDS}"]
_SOUND = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}"]
_ENCODINGS = {
    f"{FILM_NAME}.mp4": [*_PICTURE, *_SOUND, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                         "-movflags", "+faststart", "-shortest", "-f", "mp4"],
    f"{FILM_NAME}-described.mp4": [*_PICTURE, "-f", "lavfi", "-i", f"sine=frequency=660:duration={SECONDS}",
                                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart",
                                    "-shortest", "-f", "mp4"],
    f"{FILM_NAME}.webm": [*_PICTURE, *_SOUND, "-c:v", "libvpx", "-b:v", "200k", "-c:a", "libvorbis",
                          "-shortest", "-f", "webm"],
    f"{FILM_NAME}-poster.png": [*_PICTURE, "-frames:v", "1", "-f", "image2"],
}
CAPTIONS_FILE = f"{FILM_NAME}.sv.vtt"
DESCRIPTIONS_FILE = f"{FILM_NAME}.sv.descriptions.vtt"
_TEXTS = {CAPTIONS_FILE: CAPTIONS, DESCRIPTIONS_FILE: DESCRIPTIONS}


def film_files():
    """The names of every file the test film consists of."""
    return [*_ENCODINGS, *_TEXTS]


def make_test_film(folder):
    """Write the test film into ``folder`` unless it is there already; False when ffmpeg is missing.

    Each file is written under a temporary name and moved into place, so a
    preview or a parallel test run never serves half a film.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if all((folder / name).is_file() for name in film_files()):
        return True
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        return False
    for name, arguments in _ENCODINGS.items():
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=Path(name).suffix, delete=False) as handle:
            partial = Path(handle.name)
        try:
            subprocess.run([ffmpeg, "-y", "-loglevel", "error", *arguments, str(partial)], check=True, timeout=120)
            partial.chmod(0o644)
            os.replace(partial, folder / name)
        finally:
            partial.unlink(missing_ok=True)
    for name, text in _TEXTS.items():
        partial = folder / f".{name}.partial"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, folder / name)
    return True


def main():
    """Put the test film into the preview's course-files folder and say where, or why not."""
    from django.conf import settings  # noqa: PLC0415

    folder = settings.SEXMOT_COURSE_ASSETS_DIR
    if make_test_film(folder):
        print(f"Test film ready in {folder}")
        return 0
    print("ffmpeg is not installed: the preview's film scenario shows its missing-film message.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
