"""When a story counts as complete, and how a learner's progress only ever moves forward."""


def is_complete(*, part_count, furthest_part, film_required, film_watched, completion_share, transcript_opened):
    """Complete once the last part is reached and the film is watched to the share, or its transcript opened.

    The transcript counts as much as the film, so that a learner who cannot
    see or hear a film completes the unit as anyone else. A story whose film
    is absent (or known to be missing) asks for the reading only.
    """
    reached_end = furthest_part >= part_count
    film_done = not film_required or transcript_opened or film_watched >= completion_share
    return reached_end and film_done


def merged_progress(state, report):
    """The learner's stored progress after a report: furthest part and watched share never go back."""
    return {
        "furthest_part": max(state["furthest_part"], report.get("part", 0)),
        "film_watched": max(state["film_watched"], report.get("film_watched", 0.0)),
        "film_time": report.get("film_time", state["film_time"]),
        "transcript_opened": state["transcript_opened"] or bool(report.get("transcript_opened")),
    }
