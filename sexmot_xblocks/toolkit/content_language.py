"""The language a block's authored content is written in, so that pages can mark it (WCAG 2.1 3.1.2).

Open edX shows the interface in each learner's own language, while the texts course staff write
(and the texts learners share, written in the course's language) stay in the language they were
written in: Swedish, for this training. A page whose language is English must say which parts
are Swedish, or a screen reader reads them with an English voice.

Why a setting of each block, not the course's ``language``: edx-platform keeps that on the
course block only (``CourseFields.language`` in ``xmodule/course_block.py``); it is not among the
fields inherited down the course tree (``InheritableFieldsMixin`` in
``xmodule/modulestore/inheritance.py``), and no XBlock service hands it to a block. A block
would have to reach into the modulestore, which the mobile data's runtime and content libraries
do not offer the same way. So each block says it itself, default ``sv``, and an author changes it
in Studio where a block is written in another language (ADR 0020).

Templates get the value as ``content_lang`` (``SexmotBlockBasics.render_html``) and put it on the
elements that hold content, never on a wrapper that also holds interface text.
"""
import re

from django.utils.html import format_html
from django.utils.translation import gettext_noop as _
from xblock.core import XBlockMixin
from xblock.fields import Scope, String

#: A language tag as BCP 47 writes the common ones: sv, en, sv-SE, se-Latn-NO.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: The language of the training's content.
DEFAULT_CONTENT_LANGUAGE = "sv"
#: The longest tag accepted: longer ones are not language tags an author means.
LONGEST_TAG = 35


def is_language_tag(value):
    """Whether ``value`` is a language tag this package accepts (captions, content)."""
    # fullmatch: ``$`` alone would also let a final newline through.
    return isinstance(value, str) and len(value) <= LONGEST_TAG and bool(LANGUAGE_TAG.fullmatch(value))


def language_problems(data):
    """Studio's and the OLX reader's rule for ``content_language`` in ``data`` (field name → value), untranslated."""
    if "content_language" in data and not is_language_tag(data["content_language"]):
        return [_("The language of the content must be a language code such as sv or en.")]
    return []


def in_language(text, language):
    """``text``, escaped, in a ``<span lang>``: content set inside a translated interface sentence."""
    return format_html('<span lang="{}">{}</span>', language, text)


class ContentLanguageMixin(XBlockMixin):
    """The ``content_language`` setting, and the tag a page may put on the block's content."""

    content_language = String(
        display_name=_("Language of the content"), default=DEFAULT_CONTENT_LANGUAGE, scope=Scope.settings,
        help=_("The language the texts of this component are written in, as a language code such as sv or en. "
               "Screen readers read them in this language, whatever language a learner's interface is in."),
    )

    @property
    def content_lang(self):
        """The tag for ``lang=""``: the setting, or the default if the stored value is no language tag."""
        value = self.content_language
        return value if is_language_tag(value) else DEFAULT_CONTENT_LANGUAGE
