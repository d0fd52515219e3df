"""Sanitizing of staff-authored rich text (prompts, story parts).

Learner text is never rendered as HTML: templates escape it. Staff text is
rich text, so it passes through an allow-list (the ``nh3`` binding of the
Ammonia sanitizer) before it is stored or shown.
"""
import functools

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "h3", "h4", "h5", "i",
    "li", "ol", "p", "q", "small", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "lang"},
    "abbr": {"title"},
    "cite": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang"},
}
#: The only classes staff text may carry: anything else could borrow the blocks' own styles (a full-page
#: overlay, a hidden facilitator panel) from inside a prompt or a story part.
ALLOWED_CLASSES = {("cite", "sexmot-source")}


def _only_allowed_classes(tag, attribute, value):
    """nh3's attribute filter: drop a ``class`` unless the whole value is an allowed class of that tag."""
    if attribute == "class" and (tag, value.strip()) not in ALLOWED_CLASSES:
        return None
    return value


@functools.lru_cache(maxsize=512)
def clean_rich_text(html):
    """Staff-authored HTML reduced to what a course text needs; no scripts, handlers or foreign URLs.

    Remembered per text: a course's texts are few and read on every view, so each is cleaned once per process.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_only_allowed_classes,
    ).strip()
