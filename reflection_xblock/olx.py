"""The reflection exercise as readable OLX.

    <sexmot_reflection display_name="…" threshold="5" allow_sharing="true" participation_scored="false" …>
      <prompt><p>Rich text …</p></prompt>
      <statement id="s1">Den som säljer sex gör ett fritt val.</statement>
      <scale><label>Instämmer inte alls</label> … five labels …</scale>
      <free_text_prompt>Vad väcker dina svar för tankar?</free_text_prompt>
      <group_plan>                                  (optional: the run sheet of a group session)
        <exercise title="Övning 1: …" minutes="15" story="emir-19">   (story: the url_name of a sexmot_story)
          <instructions><p>Hints for the leader …</p></instructions>
          <question>A question to discuss</question>
        </exercise>
        <exercise title="Reflektionsövning" minutes="15" reflection="true">…</exercise>
      </group_plan>
    </sexmot_reflection>

Settings are attributes, and so is every other setting the platform keeps on the
block (``visible_to_staff_only``, ``group_access``, ``due`` …). OLX written before
``participation_scored`` had its name says ``graded``; it still imports, as
``participation_scored``, and never as the platform's inherited ``graded``.
"""
import itertools

from sexmot_xblocks.toolkit import olx
from sexmot_xblocks.toolkit.content_rules import problem_messages

from . import payloads

ELEMENT_FIELDS = ("prompt", "statements", "scale_labels", "free_text_prompt", "group_plan")
#: The participation setting's name in OLX written before it was renamed.
OLD_PARTICIPATION_ATTRIBUTE = "graded"


def write_reflection(block, node):
    """Write the block's content and settings onto ``node``.

    ``participation_scored`` is always written, so that a ``graded`` attribute beside it is the
    platform's own setting and never taken for the old name of ours.
    """
    olx.write_fields_as_attributes(block, node, skip=ELEMENT_FIELDS, always=("participation_scored",))
    olx.append_html(node, "prompt", block.prompt)
    for statement in block.statements:
        olx.append_text(node, "statement", statement["text"], id=statement["id"])
    if block.fields["scale_labels"].is_set_on(block):
        scale = olx.append_text(node, "scale", None)
        for label in block.scale_labels:
            olx.append_text(scale, "label", label)
    if block.fields["free_text_prompt"].is_set_on(block):
        olx.append_text(node, "free_text_prompt", block.free_text_prompt)
    if block.group_plan:
        plan = olx.append_text(node, "group_plan", None)
        for item in block.group_plan:
            attributes = {"title": item["title"], "minutes": str(item["minutes"])}
            if item.get("story"):
                attributes["story"] = item["story"]
            if item.get("reflection"):
                attributes["reflection"] = "true"
            exercise = olx.append_text(plan, "exercise", None, **attributes)
            if item.get("instructions"):
                olx.append_html(exercise, "instructions", item["instructions"])
            for question in item.get("questions", []):
                olx.append_text(exercise, "question", question)


def read_reflection(block, node):
    """Set the block's fields from OLX written by ``write_reflection`` (or by a course author).

    OLX that would make a broken exercise (duplicate or unusable statement
    ids, an empty statement, a value of the wrong type) raises ``InvalidOLX``
    with what to fix; nothing of it is saved. A threshold below the minimum is
    kept and raised to the minimum whenever the block runs.
    """
    old_name = OLD_PARTICIPATION_ATTRIBUTE in node.attrib and "participation_scored" not in node.attrib
    skip = ELEMENT_FIELDS + ((OLD_PARTICIPATION_ATTRIBUTE,) if old_name else ())
    olx.set_fields_from_attributes(block, node, skip=skip)
    if old_name:
        olx.set_field_from_text(block, node, "participation_scored", node.get(OLD_PARTICIPATION_ATTRIBUTE))
    prompt = node.find("prompt")
    if prompt is not None:
        block.prompt = olx.inner_html(prompt)
    statements = [
        {"id": element.get("id", ""), "text": olx.text_of(element)} for element in node.findall("statement")
    ]
    if statements:
        block.statements = with_statement_ids(statements)
    scale = node.find("scale")
    if scale is not None:
        block.scale_labels = [olx.text_of(label) for label in scale.findall("label")]
    free_text_prompt = node.find("free_text_prompt")
    if free_text_prompt is not None:
        block.free_text_prompt = olx.text_of(free_text_prompt)
    plan = node.find("group_plan")
    if plan is not None:
        block.group_plan = [_plan_item(element) for element in plan.findall("exercise")]
    problems = payloads.structural_problems(
        {"weight": block.weight, "statements": block.statements, "content_language": block.content_language})
    if problems:
        raise olx.InvalidOLX(f"<{node.tag}>: " + " ".join(problem_messages(problems)))


def _plan_item(element):
    """One exercise of the group plan as the run sheet reads it."""
    try:
        minutes = int(element.get("minutes", "15"))
    except ValueError as error:
        raise olx.InvalidOLX("<group_plan>: an exercise's minutes must be a whole number.") from error
    instructions = element.find("instructions")
    item = {
        "title": element.get("title", "").strip(),
        "minutes": minutes,
        "reflection": element.get("reflection") == "true",
        "instructions": olx.inner_html(instructions) if instructions is not None else "",
        "questions": [olx.text_of(question) for question in element.findall("question")],
    }
    if element.get("story", "").strip():
        item["story"] = element.get("story").strip()
    return item


def with_statement_ids(statements):
    """Give every statement without an id the first free ``sN``, keeping existing ids as they are."""
    statements = [dict(item) for item in statements]
    taken = {item["id"] for item in statements if item.get("id")}
    free = (f"s{n}" for n in itertools.count(1) if f"s{n}" not in taken)
    for item in statements:
        if not item.get("id"):
            item["id"] = next(free)
    return statements
