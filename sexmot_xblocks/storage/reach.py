"""Reach: which target groups and counties a course reached, counted in the anonymous storage, released like
the reflection.

A learner's answer to the "about your work" step (a target group, a county) and the stages they
reach (started the step, completed the web training, took part in a group discussion) are one
learner's answers in the storage's scope of the course (``scope_key``): one statement per stage,
table and category, with the one choice 1 (``statement``). So the counts obey the storage's rule
(``answers.amend``, ADR 0024): nothing others see moves until at least the threshold of learners hold
choices or stages no earlier release showed. A learner's choice is in the storage sealed, in their
own state sealed (the step's block), and nowhere else. A group discussion held is marked once its
session made a release (``note_discussion``), in the same scope, so the count outlives the session.
The tables are what the last release shows, suppressed by ``reach_suppression``.
"""
import hashlib

from django.conf import settings

from .answers import amend, published_results
from .keyed_hashes import keyed_hash, site_secrets
from .models import ParticipantTally, StatementTally
from .reach_document import TABLES, document, table
from .reach_suppression import COLUMNS, COMPLETED, DISCUSSED, STARTED, suppress, suppress_figure
from .storage_keys import course_storage_key
from .visibility import DEFAULT_GROUP_SIZE, effective_threshold

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
#: The beginning of the statement that marks one group discussion held (a keyed hash of its session follows).
HELD_PREFIX = "held:"
#: How long a statement id may be: the storage's column (``StatementTally.statement_id``).
STATEMENT_ID_LENGTH = StatementTally._meta.get_field("statement_id").max_length
#: How long a category's id may be in a statement: its longest statement fills the statement column, no more.
CATEGORY_ID_LENGTH = STATEMENT_ID_LENGTH - max(len(f"{stage}:{name}:") for stage in COLUMNS for name in TABLES)


def threshold():
    """The site's threshold of the reach tables (``SEXMOT_REACH_THRESHOLD``, default 5, never below 3).

    One threshold for the whole site, not per course: the national merge adds up only reports made
    with the same one.
    """
    return effective_threshold(getattr(settings, "SEXMOT_REACH_THRESHOLD", DEFAULT_GROUP_SIZE))


def scope_key(course_key):
    """The storage key of one course's reach counts."""
    return f"{SCOPE_PREFIX}{course_key}"


def block_scope_key(block):
    """The storage key of the reach counts of ``block``'s course (Studio's preview apart)."""
    return course_storage_key(block, scope_key)


def statement(stage, table_name, category):
    """The statement that counts learners of one ``category`` of one table who reached one ``stage``.

    A category id too long for the column (an author may give a target group any id) is named by a digest
    of it, the same in every stage, so that each statement fits the column on every database: MariaDB's
    ``INSERT IGNORE`` would cut it silently, PostgreSQL refuse it.
    """
    if len(category) > CATEGORY_ID_LENGTH:
        category = "#" + hashlib.sha256(category.encode("utf-8")).hexdigest()[:CATEGORY_ID_LENGTH - 1]
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
    return amend(course_scope, learner_id, lambda answers: _answers(_stages(answers) | {STARTED}, target_group, county),
                 release_size=threshold(), keep=keep)


def note_stage(course_scope, learner_id, stage):
    """Count that the learner reached ``stage`` (completed, discussed), in the categories they chose; else nothing.

    A learner who did not answer the step is in no table, and no row is left for them.
    """
    assert stage in (COMPLETED, DISCUSSED)

    def with_stage(answers):
        if not answers or stage in _stages(answers):
            return None
        return _answers(_stages(answers) | {stage}, _choice(answers, TARGET_GROUP), _choice(answers, COUNTY))

    return amend(course_scope, learner_id, with_stage, release_size=threshold())


def note_session_answer(course_scope, learner_id, session_key, session_results):
    """A learner answered in a group session: they took part in a discussion, and it is held once it released.

    The discussion is marked first, so that a release the learner's stage brings shows it.
    """
    note_discussion(course_scope, session_key, session_results)
    note_stage(course_scope, learner_id, DISCUSSED)


def note_discussion(course_scope, session_key, session_results):
    """Mark the group discussion of ``session_key`` as held once its session has made a release; else nothing.

    ``session_results``: the session's ``PublishedResults`` as a write left them (None when it
    changed nothing). A discussion counts once its group's results were shown, and once only: the
    mark is one statement of the course's reach scope, named by a keyed hash of the session (its code
    is not kept), inserted if missing. It is not a learner's answer, so it moves no release; it shows
    with the scope's next release, like every count there, and stays when the session is purged.
    """
    if session_results is None or session_results.releases < 1:
        return
    current, *kept = _discussion_marks(session_key)
    if kept and StatementTally.objects.filter(block_key=course_scope, statement_id__in=kept).exists():
        return  # marked before the site's secret was rotated: the same discussion
    StatementTally.objects.bulk_create(
        [StatementTally(block_key=course_scope, statement_id=current, choice=CHOICES[0], count=1)],
        ignore_conflicts=True)


def rekey_discussions(session_keys):
    """Move the held marks of ``session_keys``' discussions made under a kept secret to the current one.

    What ``manage.py sexmot_rekey`` does for the sessions still kept, so that a session that goes on
    after the old secret has left ``SECRET_KEY_FALLBACKS`` finds its mark and is not counted again.
    """
    for session_key in session_keys:
        current, *kept = _discussion_marks(session_key)
        for row in StatementTally.objects.filter(statement_id__in=kept):
            if StatementTally.objects.filter(block_key=row.block_key, statement_id=current).exists():
                row.delete()
            else:
                StatementTally.objects.filter(pk=row.pk).update(statement_id=current)


def _discussion_marks(session_key):
    """The statement that marks ``session_key``'s discussion held, under each secret of the site, the current first.

    A keyed hash, so the mark keeps no session code; under a secret kept after a rotation it still names the
    same discussion. Cut to the statement column's length (59 of the hash's 64 hex digits), as MariaDB's
    ``INSERT IGNORE`` would cut it silently, so that the mark looked up is the mark stored on every database.
    """
    return [(HELD_PREFIX + keyed_hash("reach-discussion", session_key, secret=secret))[:STATEMENT_ID_LENGTH]
            for secret in site_secrets()]


def report(course_id, target_groups, course_scope=None):
    """The course's reach report as its last release shows it: a ``reach_document`` with every small count hidden.

    ``target_groups``: ``[(id, label)]`` the course offers, in their order; ``course_scope`` the
    storage key of its counts (``scope_key(course_id)``; a block's in Studio's preview differs).
    ``released_on`` is the day of that release (None before the first).
    """
    course_scope = course_scope or scope_key(course_id)
    k = threshold()
    released = published_results(course_scope)
    shown = released.participants >= k

    def counts(name, category):
        return [released.tallies.get(statement(stage, name, category), {}).get(1, 0) if shown else 0
                for stage in COLUMNS]

    tables = {}
    for name, categories in ((TARGET_GROUP, target_groups), (COUNTY, COUNTIES)):
        cells = {category: counts(name, category) for category, _ in categories}
        totals = [sum(values[column] for values in cells.values()) for column in range(len(COLUMNS))]
        tables[name] = table(suppress(cells, totals, k), dict(categories))
    held = sum(1 for key in released.tallies if key.startswith(HELD_PREFIX)) if shown else 0
    released_on = ParticipantTally.objects.filter(block_key=course_scope).values_list("released_on", flat=True).first()
    return document(course=course_id, released_on=released_on.isoformat() if released_on else None, threshold=k,
                    tables=tables, discussions_held=suppress_figure(held, k))
