"""Which jurisdiction a document's title names. Pure: no database, no Django.

"2024年开平市十件民生实事项目" names 开平市; "2017年高新区（江海区）十件民生实事计划" names 江海区;
"2019年市十件民生实事完成情况汇总表" names no one ("市" alone could be any city), so the
office has to choose.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    code: str
    names: tuple[str, ...]  # every way the jurisdiction is written, any order
    parent_code: str | None = None


@dataclass
class Detection:
    code: str | None  # the one jurisdiction named, or None when none or several are
    matches: list[str] = field(default_factory=list)  # codes of every jurisdiction named

    @property
    def ambiguous(self) -> bool:
        return self.code is None


def candidates_from(jurisdictions: Iterable) -> list[Candidate]:
    """Candidates from Jurisdiction objects (anything with code, names() and parent)."""
    result = []
    for jurisdiction in jurisdictions:
        parent = getattr(jurisdiction, "parent", None)
        result.append(
            Candidate(
                code=jurisdiction.code,
                names=tuple(jurisdiction.names()),
                parent_code=parent.code if parent is not None else None,
            )
        )
    return result


def named_in(text: str, candidates: list[Candidate]) -> list[str]:
    """Codes of the jurisdictions `text` names, longest spellings first.

    A spelling inside a longer one already matched does not count: "江门高新区" names the
    high-tech zone, not also 江门市 through "江门".
    """
    spellings = sorted(
        ((name, c.code) for c in candidates for name in c.names if name),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    taken = [False] * len(text)
    found: list[str] = []
    for name, code in spellings:
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if not any(taken[start:end]):
                for index in range(start, end):
                    taken[index] = True
                if code not in found:
                    found.append(code)
            start = text.find(name, start + 1)
    return found


def detect_jurisdiction(texts: Iterable[str], candidates: list[Candidate]) -> Detection:
    """The jurisdiction the first text naming any names, preferring the most specific.

    A jurisdiction named together with its parent ("江门市江海区") is the child. Two
    unrelated ones ("开平市、台山市") are ambiguous.
    """
    parents = {c.code: c.parent_code for c in candidates}

    def ancestors(code: str) -> set[str]:
        seen: set[str] = set()
        parent = parents.get(code)
        while parent and parent not in seen:
            seen.add(parent)
            parent = parents.get(parent)
        return seen

    for text in texts:
        if not text:
            continue
        found = named_in(text, candidates)
        if not found:
            continue
        covered = set().union(*(ancestors(code) for code in found))
        specific = [code for code in found if code not in covered]
        return Detection(code=specific[0] if len(specific) == 1 else None, matches=found)
    return Detection(code=None)
