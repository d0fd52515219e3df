"""Sanitizing of staff-authored rich text (prompts, story parts).

Learner text is never rendered as HTML: templates escape it. Staff text is
rich text, so it passes through an allow-list (the ``nh3`` binding of the
Ammonia sanitizer) before it is stored or shown.
"""
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


def clean_rich_text(html):
    """Staff-authored HTML reduced to what a course text needs; no scripts, handlers or foreign URLs."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
