"""The rules of the yearly cycle that need no database: who is elected, how satisfied the
deputies are, what a receipt or ballot code looks like. Each has its own small tests."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# No 0/O, 1/I/L: codes are read off paper and typed on a phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_part(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def receipt_for(code: str, year: int, number: int) -> str:
    """440783-2027-0001-K7QX: the random tail makes receipts impossible to guess in turn."""
    return f"{code}-{year}-{number:04d}-{random_part(4)}"


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def new_ballot_code() -> str:
    """Ten characters (about 50 bits) printed as XXXXX-XXXXX."""
    raw = random_part(10)
    return f"{raw[:5]}-{raw[5:]}"


def code_hash(scope: str, code: str) -> str:
    """What is stored of a ballot code: a keyed hash, so the table alone cannot be used to
    vote and a leaked table cannot be tried against all codes offline."""
    message = f"{scope}:{normalise_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass
class Line:
    """One candidate's count and what the rule made of it."""

    key: object
    votes_for: int
    against: int
    abstain: int
    passes: bool = False  # more than half of the deputies present voted for
    elected: bool = False
    tied: bool = False


@dataclass
class Outcome:
    lines: list[Line]
    present: int
    places: int
    threshold: int  # the smallest number of "for" votes that is more than half

    @property
    def elected(self) -> list[Line]:
        return [line for line in self.lines if line.elected]

    @property
    def tied(self) -> list[Line]:
        return [line for line in self.lines if line.tied]


def elect(counts, present: int, places: int) -> Outcome:
    """The rule of the vote: a candidate needs more than half of the deputies present
    voting for; of those, the most "for" votes fill the places. Candidates level on "for"
    votes across the last place are all left out and reported as tied (a new round decides).

    `counts` is a list of (key, for, against, abstain); lines come back by "for" votes."""
    threshold = present // 2 + 1
    lines = [Line(key, f, a, s) for key, f, a, s in counts]
    lines.sort(key=lambda line: -line.votes_for)
    passing = [line for line in lines if line.votes_for >= threshold]
    for line in passing:
        line.passes = True
    if len(passing) <= places:
        for line in passing:
            line.elected = True
    else:
        cut = passing[places - 1].votes_for if places else None
        above = [line for line in passing if cut is not None and line.votes_for > cut]
        at_cut = [line for line in passing if line.votes_for == cut]
        for line in above:
            line.elected = True
        if len(above) + len(at_cut) <= places:
            for line in at_cut:
                line.elected = True
        else:
            for line in at_cut:
                line.tied = True
    return Outcome(lines, present, places, threshold)


def ballot_is_valid(choices: dict, places: int) -> bool:
    """A ballot with more "for" marks than places is invalid (it counts for no one)."""
    return sum(1 for choice in choices.values() if choice == "for") <= places


def satisfaction(satisfied: int, basic: int, dissatisfied: int, abstain: int) -> int | None:
    """满意率 in whole percent: (满意 + 基本满意) over all votes cast, abstentions included."""
    total = satisfied + basic + dissatisfied + abstain
    if not total:
        return None
    return round(100 * (satisfied + basic) / total)


def parse_milestones(text: str) -> list[tuple[datetime.date, str]]:
    """"2027-06-30 完成选址" one per line; an error names the line."""
    found, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        day, _sep, rest = line.partition(" ")
        try:
            due = datetime.date.fromisoformat(day)
        except ValueError:
            errors.append(
                _("第%(line)d行：日期“%(day)s”应写作 2027-06-30。") % {"line": number, "day": day}
            )
            continue
        if not rest.strip():
            errors.append(_("第%(line)d行：日期后应写节点目标。") % {"line": number})
            continue
        found.append((due, rest.strip()))
    if errors:
        raise ValidationError(errors)
    return found
