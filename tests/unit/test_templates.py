"""Whole pages extend one frame by package and path, read from the package's files once per process."""
import pytest
from django.template import TemplateDoesNotExist

from sexmot_xblocks.toolkit import templates


def test_a_page_extends_the_shared_frame_and_fills_its_title_and_body():
    context = {"language": "sv", "css": "p{color:#000}", "display_name": "Övning <1>", "session": {"code": "ABC123"},
               "scripts": ["var x = 1;"], "session_open": False, "leads": False}
    html = templates.render_template("reflection_xblock.block", "templates/session_page.html", context, None)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")
    assert "<title>Övning &lt;1&gt; – group session ABC123</title>" in html
    assert "<style>p{color:#000}</style>" in html
    assert html.index("</head>") < html.index('<body class="sexmot-session-body">') < html.index("<script>var x = 1;")
    assert html.rstrip().endswith("</body>\n\n</html>")


def test_the_frame_is_read_once_per_process(monkeypatch):
    templates.render_template("reflection_xblock.block", "templates/session_projector.html",
                              {"session": {"code": "ABC123"}}, None)
    reads = []
    original = templates.PackageLoader.get_contents
    monkeypatch.setattr(templates.PackageLoader, "get_contents", lambda self, origin: reads.append(origin.name)
                        or original(self, origin))
    templates.render_template("reflection_xblock.block", "templates/session_projector.html",
                              {"session": {"code": "ABC123"}}, None)
    assert reads == []


@pytest.mark.parametrize(
    "name", ["sexmot_xblocks.toolkit:page_templates/no-such.html", "no_such_package:page.html", "page.html"]
)
def test_a_frame_that_is_not_there_is_a_template_error(name):
    with pytest.raises(TemplateDoesNotExist):
        templates._ENGINE.get_template(name)  # noqa: SLF001
