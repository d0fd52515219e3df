"""Reach: which target groups and counties a course reached, counted in the anonymous storage, released like the reflection.

A learner's answer to the "about your work" step (a target group, a county) and the stages they
reach (started the step, completed the web training, took part in a group discussion) are one
learner's answers in the storage's scope of the course (``scope_key``): one statement per stage,
table and category, with the one choice 1 (``statement``). So the counts obey the storage's rule
(``api.amend``, ADR 0024): nothing others see moves until at least the threshold of learners hold
choices or stages no earlier release showed. A learner's choice is in the storage sealed, in their
own state sealed (the step's block), and nowhere else. The tables are what the last release shows,
suppressed by ``reach_suppression``.
"""
import datetime

from django.conf import settings

from . import api
from .anonymity import DEFAULT_GROUP_SIZE, effective_threshold
from .reach_document import TABLES, document, table
from .reach_suppression import COLUMNS, COMPLETED, DISCUSSED, STARTED, suppress

TARGET_GROUP, COUNTY = TABLES
#: Sweden's 21 counties (län) by their letter codes, and two answers for everyone else.
COUNTIES = (
    ("AB", "Stockholms län"), ("C", "Uppsala län"), ("D", "Södermanlands län"), ("E", "Östergötlands län"),
    ("F", "Jönköpings län"), ("G", "Kronobergs län"), ("H", "Kalmar län"), ("I", "Gotlands län"),
    ("K", "Blekinge län"), ("M", "Skåne län"), ("N", "Hallands län"), ("O", "Västra Götalands län"),
    ("S", "Värmlands län"), ("T", "Örebro län"), ("U", "Västmanlands län"), ("W", "Dalarnas län"),
    ("X", "Gävleborgs län"), ("Y", "Västernorrlands län"), ("Z", "Jämtlands län"), ("AC", "Västerbottens län"),
    ("BD", "Norrbottens län"), ("utanfor-sverige", "Utanför Sverige"), ("vill-inte-svara", "Vill inte svara"),
)
#: The only choice of a reach statement: the learner is in this cell.
CHOICES = (1,)
#: The beginning of the storage key of a course's reach counts.
SCOPE_PREFIX = "reach:"


def threshold():
    """The site's threshold of the reach tables (``SEXMOT_REACH_THRESHOLD``, default 5, never below 3).

    One threshold for the whole site, not per course: the national merge adds up only reports made
    with the same one.
    """
    return effective_threshold(getattr(settings, "SEXMOT_REACH_THRESHOLD", DEFAULT_GROUP_SIZE))


def scope_key(course_key):
    """The storage key of one course's reach counts."""
    return f"{SCOPE_PREFIX}{course_key}"


def statement(stage, table_name, category):
    """The statement that counts learners of one ``category`` of one table who reached one ``stage``."""
    return f"{stage}:{table_name}:{category}"


def statement_ids(target_groups):
    """Every statement of a course offering ``target_groups`` (ids): each stage of each category."""
    categories = [(TARGET_GROUP, group) for group in target_groups] + [(COUNTY, code) for code, _ in COUNTIES]
    return [statement(stage, name, category) for stage in COLUMNS for name, category in categories]


def _stages(answers):
    return {key.split(":", 1)[0] for key in answers or {}}


def _choice(answers, table_name):
    """The category the learner chose in ``table_name``, from their answers of the started stage (None if none)."""
    prefix = f"{STARTED}:{table_name}:"
    return next((key[len(prefix):] for key in answers or {} if key.startswith(prefix)), None)


def _answers(stages, target_group, county):
    return {statement(stage, name, category): 1 for stage in stages
            for name, category in ((TARGET_GROUP, target_group), (COUNTY, county))}


def choose(course_scope, learner_id, target_group, county, *, keep):
    """Count the learner's answer to the step (moving the stages they reached with it); ``keep`` saves their state."""
    return api.amend(course_scope, learner_id,
                     lambda answers: _answers(_stages(answers) | {STARTED}, target_group, county),
                     release_size=threshold(), choices=CHOICES, keep=keep)


def note_stage(course_scope, learner_id, stage):
    """Count that the learner reached ``stage`` (completed, discussed), in the categories they chose; else nothing.

    A learner who did not answer the step is in no table, and no row is left for them.
    """
    assert stage in (COMPLETED, DISCUSSED)

    def with_stage(answers):
        if not answers or stage in _stages(answers):
            return None
        return _answers(_stages(answers) | {stage}, _choice(answers, TARGET_GROUP), _choice(answers, COUNTY))

    return api.amend(course_scope, learner_id, with_stage, release_size=threshold(), choices=CHOICES)


def report(course_scope, course_id, target_groups, today=None):
    """The course's reach report as its last release shows it: a ``reach_document`` with every small count hidden.

    ``target_groups``: ``[(id, label)]`` the course offers, in their order.
    """
    k = threshold()
    released = api.published_results(course_scope)
    shown = released.participants >= k

    def counts(name, category):
        return [released.tallies.get(statement(stage, name, category), {}).get(1, 0) if shown else 0
                for stage in COLUMNS]

    tables = {}
    for name, categories in ((TARGET_GROUP, target_groups), (COUNTY, COUNTIES)):
        cells = {category: counts(name, category) for category, _ in categories}
        totals = [sum(values[column] for values in cells.values()) for column in range(len(COLUMNS))]
        tables[name] = table(suppress(cells, totals, k), dict(categories))
    return document(course=course_id, released_on=(today or datetime.date.today()).isoformat(), threshold=k,
                    tables=tables, discussions_held=None)
