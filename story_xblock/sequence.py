"""Where each piece of a story stands: the film and the child blocks among the parts.

One rule for every view: the learner's page, the facilitator's presentation
and the mobile data all show a story in the order these functions give.
Parts are numbered from 1; "after part 0" means before the first part.
"""
FILM_POSITIONS = ("before", "between", "after")


def film_slot(film_position, film_after_part, part_count):
    """After which part the film comes (0 = before part 1); a ``between`` out of range is kept in range."""
    if part_count == 0 or film_position not in ("between", "after"):
        return 0
    if film_position == "after":
        return part_count
    return min(max(int(film_after_part), 1), part_count)


def child_slots(child_after_part, child_count, part_count):
    """After which part each child block comes; children the list does not place go at the end."""
    slots = [int(slot) for slot in list(child_after_part)[:child_count]]
    slots += [part_count] * (child_count - len(slots))
    return [min(max(slot, 0), part_count) for slot in slots]


def reading_groups(part_count, has_film, film_at, children_at):
    """The story in the order a learner meets it, grouped by the part each piece follows.

    ``groups[0]`` holds what comes before part 1 (film, then children);
    ``groups[k]`` holds part k, then the film if it follows part k, then the
    children that follow part k. Items are ``("part", index)``, ``("film", 0)``
    or ``("child", index)`` with indexes from 0. "Read on" reveals one group.
    """
    groups = [[] for _ in range(part_count + 1)]
    for number in range(1, part_count + 1):
        groups[number].append(("part", number - 1))
    if has_film:
        groups[film_at].append(("film", 0))
    for index, slot in enumerate(children_at):
        groups[slot].append(("child", index))
    return groups
