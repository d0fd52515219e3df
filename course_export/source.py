"""Load and validate the sources of one course (``courses/<slug>/``, see ``courses/FORMAT.md``).

Authors write YAML and Markdown by hand, so every mistake that would
otherwise surface as a broken unit after import is caught here, with the
file and the place in it: a missing or misspelt key, a story named in the
outline that does not exist, a reflection placed after a part the story
does not have, a ``[Källa: …]`` that ``sources.md`` does not list. All
problems of a course are collected and reported together, so one run of the
builder shows the author everything to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from sexmot_xblocks.toolkit.sanitize import ALLOWED_TAGS

from .markup import markdown_to_html, source_keys, split_title

__all__ = [
    "Course", "GroupExercise", "MarkdownDoc", "Question", "Reflection", "SourceError", "Statement", "Story",
    "StoryPart", "load_course", "COURSES_DIR", "SECTIONS",
]

#: Where the two courses' sources live.
COURSES_DIR = Path(__file__).parent / "courses"

#: The five sections (OLX chapters) of both courses, in order: (url_name, display name).
SECTIONS = (
    ("om-utbildningen", "Om utbildningen"),
    ("webbutbildning", "Webbutbildning"),
    ("skriftligt-material", "Skriftligt material"),
    ("gruppdiskussion", "Gruppdiskussion"),
    ("stod-och-vidare-lasning", "Stöd och vidare läsning"),
)
WRITTEN_CHAPTER_COUNT = 6
_CHAPTER_FILE = re.compile(r"\d\d-[a-z0-9-]+\.md")
_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)")
#: A source in ``sources.md``: a list item that starts with its key in bold, ``- **bra-2022** …``.
_SOURCE_ENTRY = re.compile(r"^\s*[-*]\s+\*\*(?P<key>[^*]+?)\*\*", re.MULTILINE)

_REFLECTION_PROPERTIES = {
    "id": _ID,
    "title": _TEXT,
    "prompt": _TEXT,
    "statements": {
        "type": "array", "maxItems": 8,
        "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "text"],
            "properties": {"id": {"type": "string", "pattern": r"^[A-Za-z0-9_-]{1,20}$"}, "text": _TEXT},
        },
    },
    "free_text": {"type": "boolean"},
    "free_text_prompt": _TEXT,
    "allow_sharing": {"type": "boolean"},
    "graded": {"type": "boolean"},
}
REFLECTION_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["id", "title", "prompt"],
    "properties": _REFLECTION_PROPERTIES,
}
#: The last target group of the "about your work" step: everyone the course's own groups leave out.
OTHER_TARGET_GROUP = "annat"
#: The optional "about your work" step: the web training's first unit where the course names its target groups.
ABOUT_WORK_ID, ABOUT_WORK_TITLE = "om-ditt-arbete", "Om ditt arbete"
COURSE_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["title", "number", "run", "short_description", "web_training"],
    "properties": {
        "title": _TEXT,
        "number": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+$"},
        "run": {"type": "string", "pattern": r"^\d{4}$"},   # the year the run starts
        "short_description": _TEXT,
        "audience": _TEXT,
        "about_work": {
            "type": "object", "additionalProperties": False, "required": ["target_groups"],
            "properties": {
                "target_groups": {
                    "type": "array", "minItems": 2,
                    "items": {"type": "object", "additionalProperties": False, "required": ["id", "label"],
                              "properties": {"id": _ID, "label": _TEXT}},
                },
            },
        },
        "web_training": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
                "properties": {"story": _ID, "reflection": _ID},
            },
        },
    },
}
STORY_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["title", "parts"],
    "properties": {
        "title": _TEXT,
        "intro": _TEXT,
        "film_position": {"enum": ["before", "between", "after"]},
        "film_after_part": {"type": "integer", "minimum": 1},
        "film": {
            "type": "object", "additionalProperties": False, "required": ["title", "scenes"],
            "properties": {
                "title": _TEXT,
                "scenes": {
                    "type": "array", "minItems": 1,
                    "items": {
                        "type": "object", "additionalProperties": False, "required": ["background", "heading"],
                        "properties": {
                            "background": {"type": "string", "pattern": r"^#[0-9a-fA-F]{6}$"},
                            "heading": _TEXT,
                            "narration": {"type": "string"},
                            "description": _TEXT,
                        },
                    },
                },
            },
        },
        "parts": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "additionalProperties": False, "required": ["heading", "text"],
                "properties": {"heading": _TEXT, "text": _TEXT},
            },
        },
        "questions": {
            "type": "array",
            "items": {
                "type": "object", "additionalProperties": False, "required": ["text"],
                "properties": {"text": _TEXT, "hint": _TEXT},
            },
        },
        "reflections": {
            "type": "array", "maxItems": 2,
            "items": {
                **REFLECTION_SCHEMA,
                "required": ["after_part", *REFLECTION_SCHEMA["required"]],
                "properties": {"after_part": {"type": "integer", "minimum": 1}, **_REFLECTION_PROPERTIES},
            },
        },
    },
}
_EXERCISE_PROPERTIES = {
    "id": _ID,
    "kind": {"enum": ["discussion", "reflection"]},
    "title": _TEXT,
    "story": _ID,
    "minutes": {"type": "integer", "minimum": 1},
    "instructions": _TEXT,
    "questions": {"type": "array", "items": _TEXT},
}
EXERCISES_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["minutes_total", "exercises"],
    "properties": {
        "minutes_total": {"type": "integer", "minimum": 1},
        "exercises": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "kind", "title", "minutes", "instructions"],
                "properties": {**_REFLECTION_PROPERTIES, **_EXERCISE_PROPERTIES},
                "if": {"properties": {"kind": {"const": "reflection"}}},
                "then": {"required": ["prompt"]},
                "else": {"required": ["story", "questions"]},
            },
        },
    },
}


class SourceError(Exception):
    """The course sources have problems; ``problems`` lists each as ``"<file>: <what is wrong>"``."""

    def __init__(self, slug: str, problems: list[str]):
        self.slug = slug
        self.problems = problems
        super().__init__(f"the sources of the course {slug!r} have {len(problems)} problem(s):\n"
                         + "\n".join(f"  - {problem}" for problem in problems))


@dataclass(frozen=True)
class MarkdownDoc:
    """A Markdown file whose ``# Title`` is a unit's display name."""

    path: Path
    title: str
    body: str


@dataclass(frozen=True)
class Statement:
    """An attitude statement of a reflection exercise."""

    id: str
    text: str


@dataclass(frozen=True)
class Reflection:
    """A reflection exercise (``sexmot_reflection``), stand-alone or inside a story or the group discussion."""

    id: str
    title: str
    prompt: str
    statements: tuple[Statement, ...]
    free_text: bool
    free_text_prompt: str | None
    allow_sharing: bool
    graded: bool


@dataclass(frozen=True)
class StoryPart:
    """One part of a story, Markdown."""

    heading: str
    text: str


@dataclass(frozen=True)
class Question:
    """A discussion question at the end of a story; the hint is for course staff only."""

    text: str
    hint: str | None


@dataclass(frozen=True)
class Story:
    """A story unit (``sexmot_story``): film script, parts, questions and reflections placed after parts."""

    id: str
    title: str
    intro: str | None
    film_position: str
    film_after_part: int | None
    film: dict | None
    parts: tuple[StoryPart, ...]
    questions: tuple[Question, ...]
    reflections: tuple[tuple[int, Reflection], ...]   # (after_part, exercise), 1-based


@dataclass(frozen=True)
class GroupExercise:
    """An exercise of the group discussion; a ``reflection`` one carries its exercise block."""

    id: str
    kind: str
    title: str
    story: str | None
    minutes: int
    instructions: str
    questions: tuple[str, ...]
    reflection: Reflection | None


@dataclass(frozen=True)
class Course:
    """Everything in ``courses/<slug>/``, validated and cross-checked."""

    slug: str
    path: Path
    title: str
    number: str
    run: str
    short_description: str
    audience: str | None
    #: The target groups the optional "about your work" step offers (``{"id", "label"}``, "annat" last); empty: no step.
    about_work_target_groups: tuple[dict, ...]
    about: MarkdownDoc
    web_training: tuple[Story | Reflection, ...]
    chapters: tuple[MarkdownDoc, ...]
    facilitator: MarkdownDoc
    group_minutes_total: int
    group_exercises: tuple[GroupExercise, ...]
    support: MarkdownDoc
    sources: MarkdownDoc

    @property
    def stories(self) -> tuple[Story, ...]:
        """The stories of the web training, in course order."""
        return tuple(unit for unit in self.web_training if isinstance(unit, Story))

    def story(self, story_id: str) -> Story:
        """The web-training story with this id."""
        return next(story for story in self.stories if story.id == story_id)

    @property
    def source_names(self) -> dict[str, str]:
        """The name a learner reads for each source key that names nothing by itself (see ``readable_source_names``)."""
        return readable_source_names(self.sources.body)

    def html(self, text: str) -> str:
        """Course Markdown as the learner reads it in the course: its citations by the sources' names."""
        return markdown_to_html(text, source_names=self.source_names)


#: A key written as a slug (``jamy-stodtelefon``) is a handle for the author; a key with spaces
#: (``BrB 6 kap. 11 §``, ``prop. 2021/22:231``) is already how a reader cites the source.
_SLUG_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SOURCE_LINE = re.compile(r"^\s*[-*]\s+\*\*(?P<key>[^*]+?)\*\*\s*(?P<entry>.*)$", re.MULTILINE)


def readable_source_names(sources_body: str) -> dict[str, str]:
    """For each slug key of ``sources.md``, a name a learner reads: ``Publisher: Title``, else the first sentence.

    ``- **jamy-stodtelefon** Jämställdhetsmyndigheten. *Stödtelefon …*. https://…`` gives
    ``Jämställdhetsmyndigheten: Stödtelefon …``; ``- **lag-1** Exempellagen (2026:1).`` gives
    ``Exempellagen (2026:1)``.
    """
    names = {}
    for match in _SOURCE_LINE.finditer(sources_body):
        key, entry = match.group("key").strip(), re.sub(r"\s*https?://\S+", "", match.group("entry")).strip()
        if not _SLUG_KEY.fullmatch(key) or not entry:
            continue
        title = re.search(r"\*([^*]+)\*", entry)
        if title:
            publisher = entry[:title.start()].strip().rstrip(".").strip()
            name = title.group(1).strip().rstrip(".")
            names[key] = f"{publisher}: {name}" if publisher else name
        else:
            names[key] = re.split(r"\.\s", entry, maxsplit=1)[0].strip().rstrip(".")
    return names


def load_course(path: Path) -> Course:
    """Read and check ``courses/<slug>/``; raise :class:`SourceError` listing every problem found."""
    return _Loader(Path(path)).load()


class _Loader:
    """Reads one course directory, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.slug = path.name
        self.problems: list[str] = []
        self.cited: dict[str, set[str]] = {}   # source key -> files citing it

    def load(self) -> Course:
        if not self.path.is_dir():
            raise SourceError(self.slug, [f"{self.path}: no such course directory"])
        settings = self._yaml("course.yaml", COURSE_SCHEMA) or {}
        about = self._markdown("about.md")
        stories = {path.stem: self._story(path) for path in self._files("stories", "*.yaml")}
        reflections = {path.stem: self._reflection_file(path) for path in self._files("reflections", "*.yaml")}
        web_training = self._web_training(settings.get("web_training", []), stories, reflections)
        chapters = self._chapters()
        facilitator = self._markdown("group/facilitator.md")
        minutes_total, exercises = self._group(stories)
        support = self._markdown("support.md")
        sources = self._markdown("sources.md")
        self._check_reflection_ids(web_training, exercises)
        self._check_sources(sources)
        about_work_target_groups = self._about_work_target_groups(settings.get("about_work"))
        if self.problems:
            raise SourceError(self.slug, self.problems)
        return Course(
            slug=self.slug, path=self.path, title=settings["title"], number=settings["number"],
            run=settings["run"], short_description=settings["short_description"].strip(),
            audience=(settings.get("audience") or "").strip() or None,
            about_work_target_groups=about_work_target_groups, about=about,
            web_training=web_training, chapters=chapters, facilitator=facilitator,
            group_minutes_total=minutes_total, group_exercises=exercises, support=support, sources=sources,
        )

    # --- files ------------------------------------------------------------------

    def _problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def _relative(self, path: Path) -> str:
        return f"{self.slug}/{path.relative_to(self.path)}"

    def _files(self, folder: str, pattern: str) -> list[Path]:
        return sorted((self.path / folder).glob(pattern))

    def _yaml(self, name: str, schema: dict, path: Path | None = None):
        path = path or self.path / name
        where = self._relative(path)
        if not path.is_file():
            self._problem(where, "the file is missing")
            return None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            self._problem(where, f"not valid YAML: {error}")
            return None
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
        for error in errors:
            place = "/".join(str(step) for step in error.path) or "top level"
            self._problem(where, f"{place}: {error.message}")
        return None if errors else data

    def _markdown(self, name: str, path: Path | None = None) -> MarkdownDoc:
        path = path or self.path / name
        where = self._relative(path)
        if not path.is_file():
            self._problem(where, "the file is missing")
            return MarkdownDoc(path, "", "")
        try:
            title, body = split_title(path.read_text(encoding="utf-8"))
        except ValueError as error:
            self._problem(where, str(error))
            return MarkdownDoc(path, "", "")
        self._cite(where, body)
        return MarkdownDoc(path, title, body)

    def _cite(self, where: str, text: str | None, markup: str = "markdown") -> None:
        """Record the sources ``text`` cites; check that what reaches a block survives its sanitizer."""
        if not text:
            return
        for key in source_keys(text):
            self.cited.setdefault(key, set()).add(where)
        if markup == "block":
            removed = sorted({tag.lower() for tag in _TAG.findall(markdown_to_html(text))} - ALLOWED_TAGS)
            if removed:
                self._problem(where, f"uses Markdown the blocks do not show (the tags {', '.join(removed)}); "
                                     "use paragraphs, lists, emphasis, block quotes and tables")

    # --- units ------------------------------------------------------------------

    def _reflection(self, data: dict, where: str) -> Reflection:
        self._cite(f"{where} ({data['id']})", data.get("prompt"), markup="block")
        ids = [statement["id"] for statement in data.get("statements", [])]
        for duplicate in sorted({statement_id for statement_id in ids if ids.count(statement_id) > 1}):
            self._problem(where, f"reflection {data['id']!r}: the statement id {duplicate!r} is used twice")
        if data.get("free_text_prompt") and not data.get("free_text"):
            self._problem(where, f"reflection {data['id']!r}: free_text_prompt is set but free_text is not true")
        return Reflection(
            id=data["id"], title=data["title"], prompt=data["prompt"].strip(),
            statements=tuple(Statement(item["id"], item["text"].strip()) for item in data.get("statements", [])),
            free_text=data.get("free_text", False), free_text_prompt=data.get("free_text_prompt"),
            allow_sharing=data.get("allow_sharing", False), graded=data.get("graded", False),
        )

    def _reflection_file(self, path: Path) -> Reflection | None:
        data = self._yaml(path.name, REFLECTION_SCHEMA, path)
        if data is None:
            return None
        where = self._relative(path)
        if data["id"] != path.stem:
            self._problem(where, f"the id {data['id']!r} must equal the file name {path.stem!r}")
        return self._reflection(data, where)

    def _story(self, path: Path) -> Story | None:
        data = self._yaml(path.name, STORY_SCHEMA, path)
        if data is None:
            return None
        where = self._relative(path)
        if not re.fullmatch(_ID["pattern"], path.stem):
            self._problem(where, "story file names are lower-case letters, digits and '-' (they name the film)")
        parts = tuple(StoryPart(part["heading"], part["text"].strip()) for part in data["parts"])
        position = data.get("film_position", "before")
        after = data.get("film_after_part")
        if position == "between" and not (after and 1 <= after < len(parts)):
            self._problem(where, f"film_position 'between' needs film_after_part between 1 and {len(parts) - 1}")
        if position != "between" and after is not None:
            self._problem(where, "film_after_part is only used with film_position 'between'")
        reflections = []
        for item in data.get("reflections", []):
            if item["after_part"] > len(parts):
                self._problem(where, f"reflection {item['id']!r}: after_part {item['after_part']} but the story "
                                     f"has {len(parts)} parts")
            reflections.append((item["after_part"], self._reflection(
                {key: value for key, value in item.items() if key != "after_part"}, where)))
        self._cite(where, data.get("intro"), markup="block")
        for part in parts:
            self._cite(f"{where} (part {part.heading!r})", part.text, markup="block")
        questions = tuple(Question(item["text"].strip(), (item.get("hint") or "").strip() or None)
                          for item in data.get("questions", []))
        for question in questions:
            self._cite(where, question.text)
            self._cite(where, question.hint)
        return Story(
            id=path.stem, title=data["title"], intro=(data.get("intro") or "").strip() or None,
            film_position=position, film_after_part=after, film=data.get("film"), parts=parts,
            questions=questions, reflections=tuple(reflections),
        )

    def _about_work_target_groups(self, about_work: dict | None) -> tuple:
        """The step's target groups: each id once, the last one "annat", for everyone the others leave out."""
        if not about_work:
            return ()
        groups = tuple({"id": group["id"], "label": group["label"].strip()} for group in about_work["target_groups"])
        ids = [group["id"] for group in groups]
        if len(set(ids)) != len(ids):
            self._problem(f"{self.slug}/course.yaml", "about_work names a target group twice")
        if ids[-1] != OTHER_TARGET_GROUP:
            self._problem(f"{self.slug}/course.yaml", f"about_work's last target group must be {OTHER_TARGET_GROUP!r}, "
                                                      "for everyone the others leave out")
        return groups

    def _web_training(self, outline: list, stories: dict, reflections: dict) -> tuple:
        units, used = [], set()
        for entry in outline:
            (kind, unit_id), = entry.items()
            found = (stories if kind == "story" else reflections)
            folder = "stories" if kind == "story" else "reflections"
            if unit_id not in found:
                self._problem(f"{self.slug}/course.yaml", f"web_training names the {kind} {unit_id!r}, but "
                                                          f"{folder}/{unit_id}.yaml does not exist")
            elif (kind, unit_id) in used:
                self._problem(f"{self.slug}/course.yaml", f"web_training names the {kind} {unit_id!r} twice")
            elif found[unit_id] is not None:
                units.append(found[unit_id])
            used.add((kind, unit_id))
        for kind, found, folder in (("story", stories, "stories"), ("reflection", reflections, "reflections")):
            for unit_id in sorted(set(found) - {name for k, name in used if k == kind}):
                self._problem(f"{self.slug}/{folder}/{unit_id}.yaml", "not used: add it to web_training in "
                                                                       "course.yaml or remove the file")
        return tuple(units)

    def _chapters(self) -> tuple[MarkdownDoc, ...]:
        paths = self._files("chapters", "*.md")
        for path in paths:
            if not _CHAPTER_FILE.fullmatch(path.name):
                self._problem(self._relative(path), "chapter files are named NN-name.md (two digits, lower case)")
        if len(paths) != WRITTEN_CHAPTER_COUNT:
            self._problem(f"{self.slug}/chapters",
                          f"the written material has {WRITTEN_CHAPTER_COUNT} chapters, found {len(paths)}")
        return tuple(self._markdown(path.name, path) for path in paths)

    def _group(self, stories: dict) -> tuple[int, tuple[GroupExercise, ...]]:
        data = self._yaml("group/exercises.yaml", EXERCISES_SCHEMA)
        if data is None:
            return 0, ()
        where = f"{self.slug}/group/exercises.yaml"
        exercises = []
        for item in data["exercises"]:
            if item.get("story") and item["story"] not in stories:
                self._problem(where, f"exercise {item['id']!r} builds on the story {item['story']!r}, which is "
                                     "not in stories/")
            reflection_keys = set(_REFLECTION_PROPERTIES) - {"id", "title"}
            if item["kind"] == "discussion" and reflection_keys & set(item):
                self._problem(where, f"exercise {item['id']!r}: a discussion exercise has no "
                                     f"{', '.join(sorted(reflection_keys & set(item)))}")
            self._cite(where, item["instructions"])
            for question in item.get("questions", []):
                self._cite(where, question)
            reflection = None
            if item["kind"] == "reflection":
                reflection = self._reflection({key: value for key, value in item.items()
                                               if key in _REFLECTION_PROPERTIES}, where)
            exercises.append(GroupExercise(
                id=item["id"], kind=item["kind"], title=item["title"], story=item.get("story"),
                minutes=item["minutes"], instructions=item["instructions"].strip(),
                questions=tuple(question.strip() for question in item.get("questions", [])),
                reflection=reflection,
            ))
        total = sum(exercise.minutes for exercise in exercises)
        if total != data["minutes_total"]:
            self._problem(where, f"the exercises' minutes add up to {total}, but minutes_total is "
                                 f"{data['minutes_total']}")
        ids = [exercise.id for exercise in exercises]
        for duplicate in sorted({exercise_id for exercise_id in ids if ids.count(exercise_id) > 1}):
            self._problem(where, f"the exercise id {duplicate!r} is used twice")
        return data["minutes_total"], tuple(exercises)

    # --- cross-checks ------------------------------------------------------------

    def _check_reflection_ids(self, web_training: tuple, exercises: tuple) -> None:
        """Reflection ids become url_names: they must be unique in the course."""
        ids = []
        for unit in web_training:
            if isinstance(unit, Reflection):
                ids.append(unit.id)
            else:
                ids.extend(reflection.id for _, reflection in unit.reflections)
        ids.extend(exercise.reflection.id for exercise in exercises if exercise.reflection)
        for duplicate in sorted({reflection_id for reflection_id in ids if ids.count(reflection_id) > 1}):
            self._problem(self.slug, f"the reflection id {duplicate!r} is used more than once in the course")

    def _check_sources(self, sources: MarkdownDoc) -> None:
        """Every ``[Källa: key]`` must be listed in ``sources.md`` as ``- **key** …``."""
        if not sources.title:
            return
        listed = {match.group("key").strip() for match in _SOURCE_ENTRY.finditer(sources.body)}
        where = self._relative(sources.path)
        if not listed:
            self._problem(where, "lists no sources; write each as a list item starting with its key in bold: "
                                 "'- **bra-2022** Brottsförebyggande rådet …'")
        for key in sorted(set(self.cited) - listed):
            self._problem(where, f"the source {key!r} is cited in {', '.join(sorted(self.cited[key]))} "
                                 "but not listed ('- **" + key + "** …')")
