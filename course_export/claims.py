"""The claims register: every checkable fact of a course, with its primary source and when it was checked.

A course that professionals act on must not drift away from the law and the
figures it cites. Each course keeps ``claims.yaml`` beside its sources; every
statute reference (``6 kap. 9 §``, ``3 §``), every figure and every phone
number written anywhere in the course's Markdown and YAML must be covered by
an entry, which names the primary source (the statute as in force, the
authority's own publication), the date the claim applies from and the date
someone last checked it against that source.

:func:`check_claims` is run by ``python -m course_export build`` and
``check``. It fails (errors) on

- a statute reference, figure or phone number that no entry covers;
- an entry whose last check is more than :data:`MAX_CHECK_AGE` ago, or lies in
  the future;
- an entry that lacks a required field or has a malformed date;
- a legal claim (``kind: law``) whose ``source`` does not begin with the statute itself, the act with its
  SFS number, chapter and paragraph (``Brottsbalk (1962:700) 6 kap. 9 §``), or does not say which
  amendment gave the paragraph the wording it was read in (``i lydelse enligt SFS 2025:586``): a web
  page about the law is no source for what the law says, and a paragraph's wording changes;
- a figure (``kind: figure``) without ``year`` (the year its data were collected) and
  ``newest_study`` (the newest study of the question that was considered, and why the course keeps
  the older figure when a newer one exists);
- an entry still marked ``status: to-verify``: a claim nobody has read in its primary source may not
  reach a learner, so it is read there, replaced by one that was, or taken out of the course.

Figures are percentages and the shares and counts written in words (``var tionde``, ``fyra av fem``,
``69 ärenden``, ``medelåldern 15 år``).

It warns on an entry that matches nothing in the course any more.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["Claim", "ClaimsReport", "check_claims", "find_checkable", "load_register", "normalize",
           "MAX_CHECK_AGE", "REGISTER_FILE", "STATUSES"]

REGISTER_FILE = "claims.yaml"
#: A check older than this no longer vouches for a claim: laws, services and numbers change.
MAX_CHECK_AGE = dt.timedelta(days=365)
#: ``checked``: confirmed against the primary source on ``checked``. ``to-verify``: written from a secondary
#: source or from memory and not yet read in the primary source; the check fails until it is.
STATUSES = ("checked", "to-verify")
KINDS = ("law", "figure", "service")
_REQUIRED = ("id", "kind", "matches", "claim", "source", "applies_from", "checked", "status")

_PARAGRAPH = re.compile(r"(?:\b\d+\s*kap\.\s*)?\b\d+(?:\s?[a-z])?\s*§")
_PERCENT = re.compile(r"(?<![\d,])\d+(?:[,.]\d+)?\s*(?:%|procent\b)")
_SHARE = re.compile(
    r"\bvar (?:annan|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde|hundrade)\b"
    r"|\b(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d+) av (?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d+)\b"
    r"|\b\d+(?: \d{3})* (?:ärenden|personer|elever|män|kvinnor|flickor|pojkar|anmälningar|polisanmälningar|unga|"
    r"ungdomar|svarande|deltagare|målsägande|misstänkta)\b"
    r"|\bmedelålder(?:n)? (?:på )?\d+ år", re.IGNORECASE)
#: A legal claim's source: the act with its SFS number, then chapter and paragraph, then the amendment whose
#: wording was read (``Brottsbalk (1962:700) 6 kap. 9 § i lydelse enligt SFS 2025:586``).
_STATUTE_SOURCE = re.compile(r"^[^;]*\(\d{4}:\d+\)[^;]*?\d+\s?[a-z]?\s*§")
_WORDING = re.compile(r"^[^;]*i lydelse enligt SFS \d{4}:\d+")
_PHONE = re.compile(r"(?<![\d,.:/-])(?:0\d{1,3}-\d[\d ]{3,9}\d|1177|11\d(?: \d{2,3})?)(?!\d|,\d)")


def normalize(token: str) -> str:
    """One spelling of a reference: single spaces, ``%`` for "procent", a space before ``§`` and ``%``."""
    token = re.sub(r"\s+", " ", token.replace("\u00a0", " ").replace("\u202f", " ")).strip()
    token = re.sub(r"\s*procent$", " %", token)
    token = re.sub(r"\s*%$", " %", token)
    token = re.sub(r"\s*§$", " §", token)
    token = re.sub(r"kap\.\s*", "kap. ", token)
    return token.lower() if re.search(r"[a-zåäö]{3}", token) and "§" not in token else token


def find_checkable(text: str) -> set[str]:
    """The statute references, figures and phone numbers in ``text``, normalized."""
    found = set()
    for pattern in (_PARAGRAPH, _PERCENT, _SHARE, _PHONE):
        found.update(normalize(match.group(0)) for match in pattern.finditer(text))
    return found


@dataclass(frozen=True)
class Claim:
    """One entry of the register."""

    id: str
    kind: str
    matches: tuple[str, ...]
    claim: str
    source: str
    url: str | None
    applies_from: dt.date
    checked: dt.date
    status: str
    note: str | None = None
    year: int | None = None
    newest_study: str | None = None


@dataclass
class ClaimsReport:
    """What checking one course's register found."""

    claims: list[Claim] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def to_verify(self) -> list[Claim]:
        """Entries the course relies on that still wait for a check against the primary source."""
        return [claim for claim in self.claims if claim.status == "to-verify"]


def load_register(course_dir: Path, report: ClaimsReport) -> list[Claim]:
    """The entries of ``course_dir/claims.yaml``; problems with the file go to ``report.errors``."""
    path = Path(course_dir) / REGISTER_FILE
    if not path.is_file():
        report.errors.append(f"{path.parent.name}/{REGISTER_FILE} is missing: every statute reference, "
                             "percentage and phone number needs an entry with its primary source")
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        report.errors.append(f"{REGISTER_FILE}: not valid YAML: {error}")
        return []
    claims, seen = [], set()
    for number, entry in enumerate(data.get("claims") or [], start=1):
        where = f"{REGISTER_FILE}: entry {number} ({entry.get('id', 'no id') if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict):
            report.errors.append(f"{where} is not a mapping")
            continue
        missing = [name for name in _REQUIRED if entry.get(name) in (None, "", [])]
        if missing:
            report.errors.append(f"{where} lacks {', '.join(missing)}")
            continue
        problems = []
        if entry["kind"] not in KINDS:
            problems.append(f"kind must be one of {', '.join(KINDS)}")
        if entry["status"] not in STATUSES:
            problems.append(f"status must be one of {', '.join(STATUSES)}")
        if entry["id"] in seen:
            problems.append("the id is used twice")
        dates = {}
        for name in ("applies_from", "checked"):
            value = entry[name]
            if isinstance(value, dt.date):
                dates[name] = value
            else:
                try:
                    dates[name] = dt.date.fromisoformat(str(value))
                except ValueError:
                    problems.append(f"{name} must be a date (YYYY-MM-DD), not {value!r}")
        matches = entry["matches"] if isinstance(entry["matches"], list) else [entry["matches"]]
        problems.extend(_kind_problems(entry))
        if problems:
            report.errors.append(f"{where}: {'; '.join(problems)}")
            continue
        seen.add(entry["id"])
        claims.append(Claim(str(entry["id"]), entry["kind"], tuple(normalize(str(m)) for m in matches),
                            str(entry["claim"]).strip(), str(entry["source"]).strip(), entry.get("url"),
                            dates["applies_from"], dates["checked"], entry["status"], entry.get("note"),
                            entry.get("year"), entry.get("newest_study")))
    return claims


def _kind_problems(entry: dict) -> list[str]:
    """What a legal claim's source or a figure's dating lacks."""
    source = str(entry["source"]).strip()
    if entry["kind"] == "law":
        if not _STATUTE_SOURCE.match(source):
            return ["a legal claim's source must begin with the statute itself, the act with its SFS number, "
                    "chapter and paragraph ('Brottsbalk (1962:700) 6 kap. 9 §'), not a web page or a bill: "
                    f"got {source[:80]!r}"]
        if not _WORDING.match(source):
            return ["a legal claim's source must name the amendment whose wording was read, before any other "
                    "source ('… 6 kap. 9 § i lydelse enligt SFS 2025:586')"]
    if entry["kind"] == "figure":
        missing = []
        if not isinstance(entry.get("year"), int) or not 1900 <= entry["year"] <= 2100:
            missing.append("'year' (the year its data were collected)")
        if not str(entry.get("newest_study") or "").strip():
            missing.append("'newest_study' (the newest study of the question considered, and why an older figure "
                           "is kept when there is a newer one)")
        if missing:
            return [f"a figure needs {' and '.join(missing)}"]
    return []


def check_claims(course_dir: Path, today: dt.date | None = None) -> ClaimsReport:
    """Check the register of the course sources in ``course_dir`` against the sources themselves."""
    course_dir = Path(course_dir)
    today = today or dt.date.today()
    report = ClaimsReport()
    report.claims = load_register(course_dir, report)
    covered = {token: claim for claim in report.claims for token in claim.matches}
    used: set[str] = set()
    for path in sorted([*course_dir.rglob("*.md"), *course_dir.rglob("*.yaml")]):
        if path.name == REGISTER_FILE:
            continue
        name = path.relative_to(course_dir).as_posix()
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for token in sorted(find_checkable(line)):
                if token in covered:
                    used.add(token)
                else:
                    report.errors.append(f"{course_dir.name}/{name}:{line_number}: {token!r} has no entry in "
                                         f"{REGISTER_FILE}: add one with its primary source and check date")
    for claim in report.claims:
        age = today - claim.checked
        if age > MAX_CHECK_AGE:
            report.errors.append(f"{REGISTER_FILE}: {claim.id} was last checked {claim.checked.isoformat()}, over a "
                                 f"year ago: check it against {claim.source} again and update 'checked'")
        elif age < dt.timedelta(0):
            report.errors.append(f"{REGISTER_FILE}: {claim.id} has a check date in the future "
                                 f"({claim.checked.isoformat()})")
        if claim.status == "to-verify":
            report.errors.append(
                f"{course_dir.name}: claim {claim.id} ({', '.join(claim.matches)}) is still to-verify: "
                f"read it in {claim.source} and mark it checked, or take it out of the course"
            )
        if not any(token in used for token in claim.matches):
            report.warnings.append(f"{REGISTER_FILE}: {claim.id} matches nothing in the course any more")
    return report
