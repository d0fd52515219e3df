"""The blocks measured, each configured for the same job, and how each one stores earlier answers.

A subject is one XBlock in one workbench scenario, with what a learner sends
to its submit handler and how its earlier answers are laid out in storage, so
that a course of 100,000 earlier answers can be seeded in bulk exactly as the
block itself would have written it.
"""
import importlib.metadata
import json
import random
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

STATEMENTS = ("s1", "s2", "s3", "s4")
SURVEY_ANSWERS = ("1", "2", "3", "4", "5")
POLL_ANSWERS = ("R", "B", "G", "O")
#: In a seeded course, one earlier learner in this many shared their free text with the group.
SHARE_ONE_IN = 2
FREE_TEXT = "Jag tänkte på hur mina egna föreställningar påverkar de frågor jag ställer i mötet. "

REFLECTION_XML = """
<sexmot_reflection display_name="Mina föreställningar" threshold="3">
  <prompt><p>Fundera över dina egna föreställningar.</p></prompt>
  <statement id="s1">Den som säljer sex har gjort ett fritt val.</statement>
  <statement id="s2">Jag skulle känna mig bekväm med att fråga en ung person om ersättning för sex.</statement>
  <statement id="s3">Pojkar som säljer sex är lika utsatta som flickor.</statement>
  <statement id="s4">Det är främst socialtjänstens uppgift att fråga om sex mot ersättning.</statement>
  <free_text_prompt>Vad väcker dina svar för tankar?</free_text_prompt>
</sexmot_reflection>
"""
SURVEY_XML = """
<survey block_name="Mina föreställningar"
  questions='[["s1", {"label": "Den som säljer sex har gjort ett fritt val.", "img": null, "img_alt": null}],
              ["s2", {"label": "Jag skulle känna mig bekväm med att fråga en ung person om ersättning för sex.",
                      "img": null, "img_alt": null}],
              ["s3", {"label": "Pojkar som säljer sex är lika utsatta som flickor.", "img": null, "img_alt": null}],
              ["s4", {"label": "Det är främst socialtjänstens uppgift att fråga om sex mot ersättning.",
                      "img": null, "img_alt": null}]]'
  answers='[["1", "Instämmer inte alls"], ["2", "Tar delvis avstånd"], ["3", "Varken eller"],
            ["4", "Instämmer delvis"], ["5", "Instämmer helt"]]'
  feedback="Tack för dina svar." />
"""
POLL_XML = '<poll display_name="Fråga" question="Vilket påstående känns mest rimligt?" feedback="Tack." />'
FREE_TEXT_XML = """
<freetextresponse display_name="Reflektion" prompt="Vad väcker dina svar för tankar?"
  display_other_student_responses="true" fullcredit_keyphrases="[]" halfcredit_keyphrases="[]" />
"""
FEEDBACK_XML = '<feedback p="100" show_aggregate_to_students="true" />'
EMPTY_XML = "<sexmot_bench_empty />"


@dataclass
class Subject:
    """One block under measurement: its scenario, its submit call and its storage layout."""

    key: str
    label: str
    distribution: str
    #: The scenario's OLX, or a function that returns it (called only where Django is set up).
    xml: object
    tag: str
    handler: str | None = None
    payload: Callable[[int], dict] = field(default=lambda n: {})
    #: A learner's own state after answering (the JSON the runtime stores per learner).
    learner_state: Callable[[int], dict] = field(default=lambda n: {})
    #: The block's shared state (``user_state_summary``) after ``count`` answers, or None if it keeps none there.
    summary_state: Callable[[int], dict] | None = None
    ours: bool = False

    @property
    def scenario(self):
        """The workbench scenario name (and slug) of this subject."""
        return f"bench-{self.key}"

    @property
    def usage_id(self):
        """The usage id the workbench gives the block: deterministic, the same in every process."""
        return f"{self.scenario}.{self.tag}.d0.u0"

    @property
    def version(self):
        """The installed version of the distribution that provides the block."""
        return importlib.metadata.version(self.distribution)


def _answers(n):
    rng = random.Random(n)
    return {statement: rng.randint(1, 5) for statement in STATEMENTS}


def _reflection_payload(n):
    shared = n % SHARE_ONE_IN == 0
    return {"answers": _answers(n), "free_text": f"{FREE_TEXT}({n})", "sharing": "shared" if shared else "private"}


def _reflection_state(n):
    """The learner's own state as the block saves it: submitted, and the record sealed (a shared text is in
        the pool)."""
    from sexmot_xblocks.storage.sealing import seal  # noqa: PLC0415

    payload = _reflection_payload(n)
    private = payload["free_text"] if payload["sharing"] == "private" else ""
    return {"submitted": True,
            "sealed_record": seal({"answers": payload["answers"], "sharing": payload["sharing"], "text": private})}


def _survey_summary(count):
    tally = {statement: dict.fromkeys(SURVEY_ANSWERS, 0) for statement in STATEMENTS}
    for n in range(count):
        for statement, choice in _answers(n).items():
            tally[statement][str(choice)] += 1
    return {"tally": tally}


def _poll_summary(count):
    tally = dict.fromkeys(POLL_ANSWERS, 0)
    for n in range(count):
        tally[POLL_ANSWERS[n % len(POLL_ANSWERS)]] += 1
    return {"tally": tally}


def _free_text_summary(count):
    # The block keeps the last four full-credit answers (MAX_RESPONSES + 1) with their authors' ids.
    return {"displayable_answers": [
        {"student_id": f"seed-{n}", "answer": f"{FREE_TEXT}({n})"} for n in range(max(0, count - 4), count)
    ]}


def _feedback_summary(count):
    votes = [0] * 5
    for n in range(count):
        votes[n % 5] += 1
    return {"vote_aggregate": votes}


def action_handler():
    """The one handler of our blocks' learner actions (imported late: the package's modules need Django's settings)."""
    from sexmot_xblocks.toolkit.handlers import ACTION_HANDLER  # noqa: PLC0415

    return ACTION_HANDLER


def _action(name, payload):
    """Our blocks' learner actions go to their one handler, the action named in the body."""
    return lambda n: {"action": name, "data": payload(n)}


def story_in_repository():
    """Whether the story block's module is committed: work in progress in a checkout is not measured."""
    root = Path(__file__).resolve().parents[2]
    listed = subprocess.run(["git", "ls-files", "story_xblock/block.py"], cwd=root, capture_output=True,
                            text=True, check=False).stdout.strip()
    return bool(listed)


def _story_scenario_xml():
    """The story's first preview scenario: a story with its film and a reflection inside, as in the courses."""
    from story_xblock.block import StoryXBlock  # noqa: PLC0415

    return StoryXBlock.workbench_scenarios()[0][1]


def _story_subject():
    """The story block, once its module is in the repository; None before that."""
    if not story_in_repository():
        return None
    return Subject(
        key="story", label="Story (ours)", distribution="sexmot-xblocks", xml=_story_scenario_xml,
        tag="sexmot_story", ours=True, handler=action_handler(),
        payload=_action("progress", lambda n: {"part": 1, "transcript_opened": True}),
        learner_state=lambda n: {"furthest_part": 1, "transcript_opened": True},
    )


def all_subjects():
    """Every block measured, the empty floor first, then ours, then the peers."""
    subjects = [
        Subject(key="empty", label="Empty XBlock (floor)", distribution="sexmot-bench", xml=EMPTY_XML,
                tag="sexmot_bench_empty", handler="noop"),
        Subject(key="reflection", label="Reflection (ours)", distribution="sexmot-xblocks", xml=REFLECTION_XML,
                tag="sexmot_reflection", handler=action_handler(), payload=_action("submit", _reflection_payload),
                learner_state=_reflection_state, ours=True),
    ]
    story = _story_subject()
    if story:
        subjects.append(story)
    subjects += [
        Subject(key="survey", label="xblock-poll: survey", distribution="xblock-poll", xml=SURVEY_XML,
                tag="survey", handler="vote",
                payload=lambda n: {statement: str(choice) for statement, choice in _answers(n).items()},
                learner_state=lambda n: {"choices": {s: str(c) for s, c in _answers(n).items()},
                                         "submissions_count": 1},
                summary_state=_survey_summary),
        Subject(key="poll", label="xblock-poll: poll", distribution="xblock-poll", xml=POLL_XML,
                tag="poll", handler="vote",
                payload=lambda n: {"choice": POLL_ANSWERS[n % len(POLL_ANSWERS)]},
                learner_state=lambda n: {"choice": POLL_ANSWERS[n % len(POLL_ANSWERS)], "submissions_count": 1},
                summary_state=_poll_summary),
        Subject(key="freetext", label="xblock-free-text-response", distribution="xblock-free-text-response",
                xml=FREE_TEXT_XML, tag="freetextresponse", handler="submit",
                payload=lambda n: {"student_answer": f"{FREE_TEXT}({n})", "can_record_response": True},
                learner_state=lambda n: {"student_answer": f"{FREE_TEXT}({n})", "count_attempts": 1, "score": 1.0},
                summary_state=_free_text_summary),
        Subject(key="feedback", label="feedback-xblock", distribution="feedback-xblock", xml=FEEDBACK_XML,
                tag="feedback", handler="feedback",
                payload=lambda n: {"vote": n % 5, "freeform": f"{FREE_TEXT}({n})"},
                learner_state=lambda n: {"user_vote": n % 5, "user_freeform": f"{FREE_TEXT}({n})",
                                         "prompt_choice": 0, "p_user": 1.0},
                summary_state=_feedback_summary),
    ]
    return subjects


def register_scenarios(subjects):
    """Load every subject's scenario into the workbench of this process (same ids in every process)."""
    from workbench import scenarios  # noqa: PLC0415

    for subject in subjects:
        if subject.scenario not in scenarios.SCENARIOS:
            xml = subject.xml() if callable(subject.xml) else subject.xml
            scenarios.add_xml_scenario(subject.scenario, subject.scenario, xml)
        assert scenarios.SCENARIOS[subject.scenario].usage_id == subject.usage_id, subject.key


def payload_bytes(subject, n):
    """The JSON body a learner's browser sends to the subject's submit handler."""
    return json.dumps(subject.payload(n)).encode("utf-8")
