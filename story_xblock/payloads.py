"""What the story block accepts: the learner's progress reports, and course staff's content in Studio."""
import math

from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

from sexmot_xblocks.toolkit import course_assets
from sexmot_xblocks.toolkit.content_language import is_language_tag, language_problems
from sexmot_xblocks.toolkit.sanitize import clean_rich_text
from sexmot_xblocks.toolkit.studio_lists import (
    DISPLAY_NAME_LIMIT,
    LONGEST_ADDRESS,
    TextLimit,
    list_shape_problems,
    too_long_problems,
)

from .film import media_type
from .sequence import FILM_POSITIONS
from .studio import STUDIO_LISTS

#: The lists of film files: the film and its versions on the same timeline.
SOURCE_FIELDS = ("film_sources", "described_film_sources", "sign_language_sources")
#: The lists of WebVTT tracks.
TRACK_FIELDS = ("caption_tracks", "description_tracks")

LONGEST_FILM_SECONDS = 6 * 3600
#: The fields ``content_problems`` looks at.
STUDIO_CHECKED_FIELDS = (
    "display_name", "intro", "transcript", "film_position", "film_after_part", "completion_share", "parts",
    "questions", "film_poster", "child_after_part", "content_language", *SOURCE_FIELDS, *TRACK_FIELDS,
)
#: What Studio says of a course file the story names that the course does not have, per setting.
MISSING_FILE_MESSAGES = {
    "film_sources": _("A film file is not among the course's files: upload it under Files & Uploads, or correct "
                      "its address."),
    "described_film_sources": _("A file of the film with audio description is not among the course's files: upload "
                                "it under Files & Uploads, or correct its address."),
    "sign_language_sources": _("A file of the film with sign language is not among the course's files: upload it "
                               "under Files & Uploads, or correct its address."),
    "caption_tracks": _("A captions file is not among the course's files: upload it under Files & Uploads, or "
                        "correct its address."),
    "description_tracks": _("A descriptions file is not among the course's files: upload it under Files & Uploads, "
                            "or correct its address."),
    "film_poster": _("The image before the film is not among the course's files: upload it under Files & Uploads, "
                     "or correct its address."),
}
#: The longest texts of the settings that are no lists (the lists' are their inputs', in ``studio``).
TEXT_LIMITS = (
    DISPLAY_NAME_LIMIT,
    TextLimit("intro", 5000, _("The introduction can have at most 5,000 characters.")),
    TextLimit("transcript", 100000, _("The transcript can have at most 100,000 characters.")),
    TextLimit("film_poster", LONGEST_ADDRESS, _("The poster's address can have at most 2,000 characters.")),
)

#: The fields holding staff rich text, sanitized on every way in (Studio's save, OLX).
RICH_TEXT_FIELDS = ("intro", "transcript", "parts")


def cleaned_rich_texts(data):
    """``data`` with the introduction, the transcript and each part's text sanitized; other keys as they are."""
    cleaned = dict(data)
    for name in ("intro", "transcript"):
        if name in cleaned:
            cleaned[name] = clean_rich_text(cleaned[name])
    if "parts" in cleaned:
        cleaned["parts"] = [{**part, "text": clean_rich_text(part.get("text", ""))} for part in cleaned["parts"]]
    return cleaned


def progress_schema(block):
    """The shape of a progress report for this story: a part it has, and film fields only if it has a film."""
    properties = {"transcript_opened": {"const": True}}
    if block.parts:
        properties["part"] = {"type": "integer", "minimum": 1, "maximum": len(block.parts)}
    if block.film_sources:
        properties["film_watched"] = {"type": "number", "minimum": 0, "maximum": 1}
        properties["film_time"] = {"type": "number", "minimum": 0, "maximum": LONGEST_FILM_SECONDS}
    return {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": properties}


def check_progress(data):
    """Rules the schema cannot say: JSON's NaN passes every range check, so refuse it by name."""
    for name in ("film_watched", "film_time"):
        if name in data and not math.isfinite(data[name]):
            raise JsonHandlerError(400, f"Invalid input at {name}: must be a finite number")


def structural_problems(data):
    """What would break a story wherever its content comes from (Studio, OLX): lists of the wrong shape,
    a film in no known place, a share no learner can reach, exercise places that are no part numbers, a content
    language or a caption or descriptions track's language that is no language tag.

    The one check both ways in share: ``read_story`` refuses these on import, ``content_problems``
    (Studio) adds the rules an author is asked to keep.
    """
    problems = list_shape_problems(STUDIO_LISTS, data)
    tracks = [item for name in TRACK_FIELDS for item in data.get(name, [])]
    if not problems and not all(is_language_tag(track.get("srclang")) for track in tracks):
        problems.append(_("Every caption track needs a language code, such as sv or en."))
    slots = data.get("child_after_part", [])
    if not isinstance(slots, list) or not all(isinstance(slot, int) and not isinstance(slot, bool) for slot in slots):
        problems.append(_("The places of the exercises must be part numbers."))
    if data.get("film_position", "before") not in FILM_POSITIONS:
        problems.append(_("The film's place must be before, between or after the parts."))
    after_part = data.get("film_after_part", 1)
    if isinstance(after_part, bool) or not isinstance(after_part, int):  # an empty OLX attribute reads as None
        problems.append(_("The part the film comes after must be a whole number."))
    share = data.get("completion_share", 0.9)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:  # refuses nan and inf
        problems.append(_("The share of the film to watch must be above 0 and at most 1 (0.9 = 90 %)."))
    return problems + language_problems(data)


def content_problems(data, course_key=None):
    """What Studio must refuse in a story's settings, as messages next to the fields.

    ``course_key``: the story's course, for looking up its course files in Open edX's content store.
    """
    problems = structural_problems(data)
    parts = data.get("parts", [])
    if list_shape_problems(STUDIO_LISTS, data):  # the rules below read the lists' items
        return problems
    last_between = max(1, len(parts) - 1)
    after_part = data.get("film_after_part", 1)
    if data.get("film_position") == "between" and isinstance(after_part, int) and not 1 <= after_part <= last_between:
        problems.append(_("A film between the parts needs a part number from 1 to one less than the number of parts."))
    if not all(isinstance(part, dict) and str(part.get("heading", "")).strip() for part in parts):
        problems.append(_("Every part needs a heading."))
    if not all(isinstance(item, dict) and str(item.get("text", "")).strip() for item in data.get("questions", [])):
        problems.append(_("Every discussion question needs a text."))
    problems += _film_problems(data, course_key)
    return problems + too_long_problems(STUDIO_LISTS, TEXT_LIMITS, data)


def _film_problems(data, course_key):
    problems = []
    sources = data.get("film_sources", [])
    all_sources = [item for name in SOURCE_FIELDS for item in data.get(name, [])]
    tracks = [item for name in TRACK_FIELDS for item in data.get(name, [])]
    urls = [item.get("src") for item in all_sources + tracks]
    if data.get("film_poster"):
        urls.append(data["film_poster"])
    if not all(course_assets.is_allowed_url(url) for url in urls):
        problems.append(_("Film, poster and caption addresses must be course files (/static/name) or https addresses."))
    if not all(media_type(item) for item in all_sources):
        problems.append(_("Film sources must be mp4 or webm (type video/mp4 or video/webm)."))
    problems += _missing_file_problems(data, course_key)
    if sources and not data.get("caption_tracks"):
        problems.append(_("A film needs captions: add a WebVTT track (Swedish first)."))
    if not sources and any(data.get(name) for name in SOURCE_FIELDS[1:] + TRACK_FIELDS[1:]):
        problems.append(_("Versions with audio description or sign language need the film itself: add its file first."))
    return problems


def _missing_file_problems(data, course_key):
    """Course files the story names that the course certainly does not have, one message per setting.

    Only where it can be told (``course_assets.is_known_missing``: the
    preview's folder of course files, or Open edX's content store for the
    course ``course_key``); an https address is the learner's browser's to fetch.
    """
    problems = []
    for name, message in MISSING_FILE_MESSAGES.items():
        value = data.get(name)
        items = value if isinstance(value, list) else []
        urls = [value] if isinstance(value, str) else [item.get("src") for item in items if isinstance(item, dict)]
        if any(course_assets.is_known_missing(url, course_key) for url in urls if isinstance(url, str)):
            problems.append(message)
    return problems
