"""The pure rules of both blocks, data-driven, on a plain runtime: the unit tier (``make test-fast``)."""
import csv
import io

import pytest

from reflection_xblock import payloads
from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.storage import sealing
from sexmot_xblocks.storage.keyed_hashes import keyed_hash
from sexmot_xblocks.storage.visibility import MIN_GROUP_SIZE, effective_threshold, percentages
from sexmot_xblocks.toolkit.csv_cells import csv_safe
from story_xblock import completion, sequence
from story_xblock.block import StoryXBlock
from tests.unit.plain_blocks import make_block


@pytest.mark.parametrize("counts, shares", [
    ([1, 1, 1, 0, 0], [33, 33, 33, 0, 0]),
    ([2, 1, 0, 0, 0], [67, 33, 0, 0, 0]),
    ([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]),
    ([1, 1, 1, 1, 1, 1, 1], [14, 14, 14, 14, 14, 14, 14]),
    ([1, 1, 1, 1, 2], [17, 17, 17, 17, 33]),
    ([1, 1, 0, 0, 0], [50, 50, 0, 0, 0]),
    ([999, 1], [100, 0]),
])
def test_shares_are_whole_percentages_equal_for_equal_counts_and_near_100_in_all(counts, shares):
    assert percentages(counts) == shares
    for count, share in zip(counts, shares):
        assert abs(share - 100 * count / max(1, sum(counts))) <= 0.5  # each the nearest whole percent
        assert {other_share for other, other_share in zip(counts, shares) if other == count} == {share}
    assert sum(shares) == 0 or abs(sum(shares) - 100) <= len(shares) / 2


@pytest.mark.parametrize("configured, applied", [(1, 3), (2, 3), (3, 3), (5, 5), (12, 12), ("7", 7), ("x", 5),
                                                 (None, 5), (-4, 3)])
def test_no_configuration_brings_the_threshold_below_three(configured, applied):
    assert effective_threshold(configured) == applied >= MIN_GROUP_SIZE


@pytest.mark.parametrize("text, separator", [("ok;=1+1", ";"), ("a,@SUM(A1)", ","), ("x\t+1", "\t"), ("=1", ","),
                                             ("rad\n-2", ","), ("a|＝1", "|"), ("a; +1", ";")])
def test_no_spreadsheet_cell_of_a_safe_text_starts_a_formula(text, separator):
    row = io.StringIO()
    csv.writer(row).writerow([csv_safe(text)])
    for cell in next(csv.reader(io.StringIO(row.getvalue().replace("\r\n", "")), delimiter=separator)):
        assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "＝")), (text, cell)


def test_keys_for_different_purposes_never_match():
    assert keyed_hash("contribution", "block", 7) != keyed_hash("shared-text", "block", 7)
    assert keyed_hash("contribution", "block", 7) == keyed_hash("contribution", "block", 7)


def test_a_sealed_record_opens_with_the_key_and_gives_the_default_without_it(settings):
    token = sealing.seal({"answers": {"s1": 2}, "text": "privat"})
    assert "privat" not in token and sealing.unseal(token, None) == {"answers": {"s1": 2}, "text": "privat"}
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-rotated-key"
    assert sealing.unseal(token, None)["text"] == "privat"  # the old key still opens it after a rotation
    settings.SECRET_KEY_FALLBACKS = []
    assert sealing.unseal(token, "lost") == "lost"


@pytest.mark.parametrize("position, after, parts, slot", [
    ("before", 3, 4, 0), ("after", 1, 4, 4), ("between", 2, 4, 2), ("between", 9, 4, 4), ("between", 0, 4, 1),
    ("after", 1, 0, 0),
])
def test_the_film_stands_where_the_author_put_it_and_always_in_range(position, after, parts, slot):
    assert sequence.film_slot(position, after, parts) == slot


def test_the_story_reads_in_groups_of_part_film_and_exercises():
    groups = sequence.reading_groups(3, True, 1, sequence.child_slots([2], 2, 3))
    assert groups == [[], [("part", 0), ("film", 0)], [("part", 1), ("child", 0)], [("part", 2), ("child", 1)]]


@pytest.mark.parametrize("furthest, watched, transcript, film_required, complete", [
    (3, 0.9, False, True, True), (3, 0.5, False, True, False), (3, 0.0, True, True, True),
    (2, 1.0, True, True, False), (3, 0.0, False, False, True),
])
def test_a_story_is_complete_at_the_end_with_the_film_or_its_transcript(furthest, watched, transcript, film_required,
                                                                        complete):
    assert completion.is_complete(part_count=3, furthest_part=furthest, film_required=film_required,
                                  film_watched=watched, completion_share=0.8, transcript_opened=transcript) is complete


def test_progress_never_goes_back():
    state = {"furthest_part": 3, "film_watched": 0.7, "film_time": 10.0, "transcript_opened": True}
    merged = completion.merged_progress(state, {"part": 1, "film_watched": 0.2, "film_time": 3.0})
    assert merged == {"furthest_part": 3, "film_watched": 0.7, "film_time": 3.0, "transcript_opened": True}


def test_the_reflections_mobile_data_holds_content_only_and_the_applied_threshold():
    block = make_block(ReflectionXBlock, statements=[{"id": "s1", "text": "Ett"}], threshold=1, max_length=10**9)
    data = block.student_view_data()
    assert data["threshold"] == 3 and data["max_length"] == payloads.HARD_MAX_LENGTH
    assert [statement["id"] for statement in data["statements"]] == ["s1"]
    assert not {"answers", "sealed_record", "submitted"} & set(data)


def test_a_learners_record_reads_from_the_sealed_state_on_a_plain_runtime():
    record = sealing.seal({"answers": {"s1": 4}, "sharing": "private", "text": "Mitt"})
    block = make_block(ReflectionXBlock, submitted=True, sealed_record=record)
    assert (block.answers, block.sharing, block.free_text) == ({"s1": 4}, "private", "Mitt")


@pytest.mark.parametrize("threshold, max_length, problems", [(3, 10, 0), (2, 10, 1), (3, 0, 1), ("x", 10**6, 2)])
def test_studio_refuses_what_would_weaken_the_exercise(threshold, max_length, problems):
    assert len(payloads.content_problems({"threshold": threshold, "max_length": max_length})) == problems


def test_the_stories_mobile_data_keeps_the_facilitators_hints_out():
    block = make_block(StoryXBlock, questions=[{"text": "Vad gör du?", "hint": "Bara för handledaren"}])
    assert "Bara för handledaren" not in str(block.student_view_data())


@pytest.mark.parametrize("ids", [["s1\n"], ["s1", "s1"], ["a b"], ["x" * 65]])
def test_statement_ids_with_a_line_break_or_other_characters_are_refused(ids):
    statements = [{"id": item, "text": "Ett påstående"} for item in ids]
    assert payloads.structural_problems({"statements": statements})
