"""Write ``constraints/<release>.txt`` from edx-platform's ``requirements/edx/base.txt`` at a release tag.

Usage (a maintainer with access to GitHub)::

    curl -fsSLo /tmp/base.txt \
      https://raw.githubusercontent.com/openedx/openedx-platform/open-release/ulmo.2/requirements/edx/base.txt
    python scripts/release_constraints.py ulmo /tmp/base.txt --source open-release/ulmo.2

It keeps the pins of the packages this project imports (``PINNED``) and adds the
Tutor release line of that Open edX release, so that ``make test-<release>`` runs
the suite under what the platform itself installs.
"""
import argparse
import re
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
#: The packages whose platform versions the suite must run under, spelt as in setup.cfg.
PINNED = ("Django", "XBlock", "web-fragments", "lxml", "edx-opaque-keys", "pymongo", "jsonschema", "nh3",
          "Markdown", "PyYAML", "openedx-atlas", "django-crum")
#: Tutor's release line for each Open edX release.
TUTOR = {"ulmo": "tutor>=21.0.0,<22.0.0", "verawood": "tutor>=22.0.0,<23.0.0"}
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;#]+)")
_OTHER = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*@")


class BaseTxtError(ValueError):
    """base.txt does not pin a needed package to a released version; the message says which."""


def canonical(name):
    """PEP 503 name: ``XBlock``, ``xblock`` and ``x_block`` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def platform_pins(base_txt):
    """``{canonical name: version}`` of every package ``base_txt`` pins with ``==``; URL installs as ``None``."""
    pins = {}
    for line in base_txt.splitlines():
        match = _PIN.match(line) or _OTHER.match(line)
        if match:
            pins[canonical(match["name"])] = match.groupdict().get("version")
    return pins


def constraints_text(release, base_txt, source):
    """The constraints file for ``release``: a header naming ``source``, then one pin per ``PINNED`` package."""
    pins = platform_pins(base_txt)
    lines = [
        f"# Open edX {release.capitalize()}: the versions edx-platform pins for the packages this project imports.",
        f"# `make test-{release}` installs the suite with these as pip constraints (-c) and runs it.",
        f"# Read from requirements/edx/base.txt at {source} by scripts/release_constraints.py.",
    ]
    for name in PINNED:
        if canonical(name) not in pins:
            raise BaseTxtError(f"base.txt does not list {name}")
        if pins[canonical(name)] is None:
            raise BaseTxtError(f"base.txt installs {name} from a URL, not a released version")
        lines.append(f"{name}=={pins[canonical(name)]}")
    lines += [f"# Tutor's release line for {release.capitalize()}: the plugin's tests run under it", TUTOR[release]]
    return "\n".join(lines) + "\n"


def main(argv=None):
    """Write the file; exit with a message when base.txt lacks a needed pin."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", choices=sorted(TUTOR))
    parser.add_argument("base_txt", type=Path, help="edx-platform's requirements/edx/base.txt at the release tag")
    parser.add_argument("--source", required=True, help="the tag it was read at, e.g. open-release/ulmo.2")
    args = parser.parse_args(argv)
    try:
        text = constraints_text(args.release, args.base_txt.read_text(encoding="utf-8"), args.source)
    except BaseTxtError as error:
        sys.exit(f"{args.base_txt}: {error}")
    (REPOSITORY / "constraints" / f"{args.release}.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
