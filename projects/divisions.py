"""The national list of county-level and higher divisions (projects/data/divisions.csv),
and registering one of them as a Jurisdiction with the ancestors it lacks.

Towns and streets (9-digit codes) are not in the list: they are added under their county
with `manage.py add_jurisdiction CODE NAME --parent COUNTY`.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

DATA = Path(__file__).resolve().parent / "data" / "divisions.csv"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str  # "" for a province

    @property
    def chain(self) -> list["Division"]:
        """From the province down to this division."""
        divisions = by_code()
        chain = [self]
        while chain[0].parent:
            chain.insert(0, divisions[chain[0].parent])
        return chain

    @property
    def full_name(self) -> str:
        """ "广东省广州市越秀区": how a division is told apart from others of its name."""
        return "".join(d.name for d in self.chain)


@cache
def by_code() -> dict[str, Division]:
    with DATA.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["code"]: Division(**row) for row in csv.DictReader(lines)}


def find(query: str) -> list[Division]:
    """The divisions a code or a name means: "440104", "越秀区", "广州市越秀区"."""
    query = "".join(query.split())
    divisions = by_code()
    if query in divisions:
        return [divisions[query]]
    exact = [d for d in divisions.values() if d.name == query]
    if exact:
        return exact
    return [d for d in divisions.values() if len(query) > 2 and d.full_name.endswith(query)]


def registered_ancestor(division: Division):
    """The nearest registered jurisdiction above `division`, or None."""
    from .models import Jurisdiction

    codes = [d.code for d in division.chain[:-1]]
    found = {j.code: j for j in Jurisdiction.objects.filter(code__in=codes)}
    for code in reversed(codes):
        if code in found:
            return found[code]
    return None


@transaction.atomic
def register(division: Division):
    """Create `division` as a Jurisdiction, and each ancestor not yet registered; an
    ancestor already registered is left as it is (its place in the tree does not move).
    Returns (jurisdiction, the jurisdictions created, top first)."""
    from .models import Jurisdiction

    existing = {
        j.code: j for j in Jurisdiction.objects.filter(code__in=[d.code for d in division.chain])
    }
    created = []
    parent = None
    for link in division.chain:
        jurisdiction = existing.get(link.code)
        if jurisdiction is None:
            jurisdiction = Jurisdiction(code=link.code, name=link.name, parent=parent)
            jurisdiction.full_clean()
            jurisdiction.save()
            created.append(jurisdiction)
        parent = jurisdiction
    return parent, created
