"""Retirement: what remains of a learner when the platform deletes their state or retires their account.

Open edX keeps a learner's answers in their own block state
(``courseware_studentmodule``; the workbench's ``XBlockState``). An
instructor's "delete learner's state" deletes those rows; the retirement
pipeline scrubs the account (name, username, email) but keeps the rows,
tied to a user id that no longer names anyone. These tests show that in
both cases nothing in the plugin's own tables, nor in the cache, names the
learner (their contribution and shared text are under keyed hashes of their
user id, which only the site's secret key can recompute), and that a text
they chose to share stays in the pool, anonymous.
"""
from django.apps import apps
from django.core.cache import cache
from workbench.models import XBlockState

from devtools.preview.services import anonymous_user_id
from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import Contribution, ParticipantTally, SharedText, StatementTally
from tests.security_support import EXERCISE, call, pool_texts, submission

RETIREE = "retiree_4242"


def every_stored_value():
    """Every value of every row of every table the preview has, as text."""
    values = []
    for model in apps.get_models():
        for row in model.objects.all():
            values += [str(getattr(row, field.attname)) for field in model._meta.fields]
    return values


def every_cached_key_and_value():
    """The keys and values the preview's cache holds (the LMS's cache in production)."""
    return [f"{key} {value!r}" for key, value in cache._cache.items()]  # noqa: SLF001  (LocMemCache keeps both in this dict)


def delete_learner_state(student):
    """What "delete learner's state" does in Open edX, on the workbench's storage: the learner's rows go."""
    deleted, _ = XBlockState.objects.filter(user_id=student).delete()
    assert deleted


def test_after_the_platform_deletes_a_learners_state_nothing_names_them_and_their_shared_text_stays(load_scenario):
    preview = load_scenario(EXERCISE)
    preview.post("submit", submission(s1=2, s2=4, text="Det jag delade innan jag slutade", sharing="shared"), RETIREE)
    preview.post("submit", submission(s1=2, s2=4, text="Min privata text", sharing="private"), "private_leaver")
    preview.post("submit", submission(), "stays")
    participants = api.participant_count(preview.usage_id)

    delete_learner_state(RETIREE)
    delete_learner_state("private_leaver")

    stored = " ".join(every_stored_value())
    assert "Min privata text" not in stored, "a private text must go with the learner's state"
    for identifier in (RETIREE, anonymous_user_id(RETIREE), f"{RETIREE}@example.org"):
        assert identifier not in stored
        assert not any(identifier in entry for entry in every_cached_key_and_value())
    shared = SharedText.objects.get()
    assert pool_texts() == ["Det jag delade innan jag slutade"]
    assert stored.count(shared.key) == 1, "only the site's secret key leads from a user id to the text"
    assert "Det jag delade innan jag slutade" in preview.view("stays")  # still in the pool, anonymous
    assert api.participant_count(preview.usage_id) == participants  # counts hold no one: they stay as they were

    assert "Det jag delade" not in preview.view(RETIREE)  # coming back, the learner's own record is empty
    assert preview.block(RETIREE).submitted is False
    # The text stays theirs to take back: what can be withdrawn is asked of the pool, by their key, not of the record.
    assert api.shares_a_text(preview.usage_id, RETIREE)
    # Answering again moves their old contribution instead of counting them twice, and replaces their text at the
    # next release (until then the group still sees the old one: nothing others see changes between releases).
    assert preview.post("submit", submission(s1=5, s2=5, text="Ny text", sharing="shared"), RETIREE).status_code == 200
    assert api.participant_count(preview.usage_id) == participants
    assert sorted(pool_texts()) == ["Det jag delade innan jag slutade", "Ny text"]
    assert "Det jag delade innan jag slutade" in preview.view("stays") and "Ny text" not in preview.view("stays")
    for learner in ("other_1", "other_2"):
        preview.post("submit", submission(s1=4, s2=4), learner)
    assert pool_texts() == ["Ny text"]
    assert "Ny text" in preview.view("stays") and "Det jag delade" not in preview.view("stays")
    assert call(preview, "withdraw", RETIREE, {}).status_code == 200
    assert pool_texts() == []


def test_retirement_leaves_the_plugins_tables_without_anything_that_names_a_learner(load_scenario):
    preview = load_scenario(EXERCISE)
    learners = [f"learner_{number}_retired" for number in range(4)]
    for number, learner in enumerate(learners):
        preview.post("submit", submission(s1=1 + number, text=f"Text {number}", sharing="shared"), learner)
    preview.post("withdraw", {}, learners[0])
    own_tables = " ".join(
        str(getattr(row, field.attname))
        for model in (ParticipantTally, StatementTally, Contribution, SharedText)
        for row in model.objects.all() for field in model._meta.fields
    )
    for learner in learners:
        for identifier in (learner, anonymous_user_id(learner), f"{learner}@example.org"):
            assert identifier not in own_tables
            assert not any(identifier in entry for entry in every_cached_key_and_value())
    # Open edX's retirement keeps the learner's state rows under their user id; only those name the learner.
    assert set(XBlockState.objects.exclude(user_id=None).values_list("user_id", flat=True)) == set(learners)
