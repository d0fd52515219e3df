"""A story's film as the browser and the apps get it: playable sources, captions, a transcript, or why not.

A film may come in up to three versions on one timeline: the film itself, a
described version (what is shown and not said is spoken: WCAG 2.1 1.2.5) and
a sign-language version. The described version is either a film of its own or,
without one, the film itself with a WebVTT ``descriptions`` track read out by
the learner's screen reader. Captions, transcript and the place the learner
stopped are shared by the versions, which is why they must keep the film's
timeline.

Only sources of the two accepted formats with an accepted URL are kept; a
source the preview knows to be missing is left out, and when none is left the
learner gets a clear message instead of a player that cannot play.
"""
import json
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.utils import translation
from django.utils.translation import gettext_noop as _

from sexmot_xblocks.toolkit import course_assets
from sexmot_xblocks.toolkit.sanitize import clean_rich_text

MEDIA_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
#: The caption language chosen when none matches the page's language: the training is Swedish.
FALLBACK_CAPTION_LANGUAGE = "sv"


def media_type(source):
    """The source's declared type, or the one its file name implies; empty when it is not mp4 or webm."""
    declared = source.get("type", "")
    if declared:
        return declared if declared in MEDIA_TYPES.values() else ""
    suffix = PurePosixPath(urlsplit(source.get("src", "")).path).suffix.lower()
    return MEDIA_TYPES.get(suffix, "")


def _usable(url):
    return course_assets.is_allowed_url(url) and not course_assets.is_known_missing(url)


def _default_track_index(tracks):
    """The caption track shown from the start: the page's language, else Swedish, else the first."""
    language = (translation.get_language() or FALLBACK_CAPTION_LANGUAGE).split("-")[0].lower()
    languages = [track.get("srclang", "").split("-")[0].lower() for track in tracks]
    for wanted in (language, FALLBACK_CAPTION_LANGUAGE):
        if wanted in languages:
            return languages.index(wanted)
    return 0


def _playable(items):
    """The ones of ``items`` (a list of ``{src, type}``) a browser can play: a known media type, a usable address."""
    return [source for source in items if media_type(source) and _usable(source.get("src"))]


def _sources(block, items):
    """The playable ones of ``items``, with addresses a browser can load."""
    return [{"src": course_assets.resolve(block, source["src"]), "type": media_type(source)}
            for source in _playable(items)]


def _tracks(block, items):
    """The loadable ones of ``items`` (WebVTT tracks), each labelled, the one to start with marked ``default``."""
    tracks = [dict(track) for track in items if _usable(track.get("src")) and track.get("srclang")]
    default_index = _default_track_index(tracks)
    for index, track in enumerate(tracks):
        track.update(
            src=course_assets.resolve(block, track["src"]), label=track.get("label") or track["srclang"],
            default=index == default_index,
        )
    return tracks


def _versions(sources, described_sources, descriptions, sign_language_sources):
    """The versions a learner can switch between, the film itself first; only those that can play.

    A described version without a film of its own plays the film and reads its descriptions track.
    """
    versions = [{"key": "standard", "label": _("Without audio description"), "sources": sources}]
    if described_sources or (sources and descriptions):
        versions.append({
            "key": "described", "label": _("With audio description"), "sources": described_sources or sources,
            "reads_descriptions": not described_sources,
        })
    if sign_language_sources:
        versions.append({"key": "sign", "label": _("With sign language"), "sources": sign_language_sources})
    for version in versions:
        version["sources_json"] = json.dumps(version["sources"])
    return versions if len(versions) > 1 else []


def film_playable(block):
    """Whether any of the film's sources can play: all that completion asks, without building a view's media."""
    return bool(_playable(block.film_sources))


def film_media(block):
    """Everything a view needs to show the block's film; ``playable`` is False when no source can play."""
    sources = _sources(block, block.film_sources)
    described_sources = _sources(block, block.described_film_sources)
    sign_language_sources = _sources(block, block.sign_language_sources)
    tracks = _tracks(block, block.caption_tracks)
    descriptions = _tracks(block, block.description_tracks)
    default_index = next((index for index, track in enumerate(tracks) if track["default"]), 0)
    transcript_html = clean_rich_text(block.transcript)
    return {
        "configured": bool(block.film_sources),
        "playable": bool(sources),
        "sources": sources,
        "described_sources": described_sources,
        "sign_language_sources": sign_language_sources,
        "descriptions": descriptions,
        "versions": _versions(sources, described_sources, descriptions, sign_language_sources) if sources else [],
        "poster": course_assets.resolve(block, block.film_poster) if _usable(block.film_poster) else "",
        "tracks": tracks,
        "transcript_html": transcript_html,
        # A written transcript is in the story's language; one derived from captions is in theirs.
        "transcript_lang": block.content_lang if transcript_html or not tracks else tracks[default_index]["srclang"],
        "description_lang": next((track["srclang"] for track in descriptions if track["default"]), ""),
        # Without a written transcript, the browser derives one from the default captions.
        "transcript_source": "" if transcript_html or not tracks else tracks[default_index]["src"],
        "has_transcript": bool(transcript_html or tracks),
    }
