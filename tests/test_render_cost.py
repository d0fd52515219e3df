"""What a view of ours costs in our own code, apart from any store: templates parsed once, the sealed record
opened once.

Timing belongs to the benchmarks (bench/); these pin the work that made our views slower than the peers'
in the benchmarks' profile: every render read, parsed and compiled each template again (``xblock.utils``'
``ResourceLoader.render_django_template``), and a view decrypted the learner's sealed record once per statement.
"""
from unittest import mock

import nh3
from django.template.base import Parser
from django.utils import translation
from django.utils.translation import trans_real
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks.storage import api
from sexmot_xblocks.toolkit.templates import render_template
from story_xblock.block import StoryXBlock

EXERCISE = """<sexmot_reflection threshold="3"><statement id="s1">Ett</statement><statement id="s2">Två</statement>
  <statement id="s3">Tre</statement><statement id="s4">Fyra</statement></sexmot_reflection>"""
ANSWERS = {"s1": 1, "s2": 2, "s3": 3, "s4": 4}


def _render(usage_id, learner):
    return WorkbenchRuntime(learner).get_block(usage_id).render("student_view", {}).content


def test_a_second_view_of_either_block_parses_no_template(load_scenario):
    reflection = load_scenario(EXERCISE)
    story = load_scenario(StoryXBlock.workbench_scenarios()[0][1])
    assert reflection.post("submit", {"answers": ANSWERS, "free_text": "", "sharing": "private"},
                           "learner0").status_code == 200
    for usage_id in (reflection.usage_id, story.usage_id):
        _render(usage_id, "learner0")
    with mock.patch.object(Parser, "parse", autospec=True, side_effect=Parser.parse) as parse:
        for usage_id in (reflection.usage_id, story.usage_id):
            assert "sexmot" in _render(usage_id, "learner0")
    assert parse.call_count == 0


def test_a_view_opens_the_learner_s_sealed_record_once(load_scenario):
    preview = load_scenario(EXERCISE)
    payload = {"answers": ANSWERS, "free_text": "Min egen text", "sharing": "private"}
    assert preview.post("submit", payload, "learner0").status_code == 200
    with mock.patch.object(api, "unseal", wraps=api.unseal) as unseal:
        html = _render(preview.usage_id, "learner0")
    assert "Min egen text" in html
    assert unseal.call_count == 1


class BlockCatalogue:
    """A block's own catalogue as the LMS's ``XBlockI18nService`` exposes it (its translator's attributes)."""

    _catalog = {"The group's answers": "Gruppens svar (blockets katalog)"}
    _fallback = None
    _info = {}

    @staticmethod
    def plural(number):
        return int(number != 1)


def test_the_block_s_catalogue_translates_its_template_and_only_while_it_renders():
    with translation.override("sv"):
        html = render_template("reflection_xblock.block", "templates/_results.html",
                               {"sharing": "private", "group_html": ""}, BlockCatalogue())
        assert "Gruppens svar (blockets katalog)" in html
        assert translation.gettext("The group's answers") != "Gruppens svar (blockets katalog)"
        assert "Gruppens svar (blockets katalog)" not in str(trans_real.translation("sv")._catalog.get(  # noqa: SLF001
            "The group's answers"))


def test_the_same_staff_text_is_sanitized_once_however_often_it_is_shown(load_scenario):
    preview = load_scenario(
        EXERCISE.replace('threshold="3">', 'threshold="3"><prompt><p>Tänk <em>efter</em>.</p></prompt>')
    )
    _render(preview.usage_id, "learner0")
    with mock.patch("nh3.clean", wraps=nh3.clean) as clean:
        for learner in ("learner1", "learner2"):
            assert "Tänk <em>efter</em>." in _render(preview.usage_id, learner)
    assert clean.call_count == 0
