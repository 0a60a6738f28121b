"""Column mappings an office gives by hand: "序号=number,工作任务=content", saved profiles.

A mapping is header word → role (a key of vocabulary.toml's roles, "extra", or None to skip
the column). `read_program(mapping=…)` finds the row holding all its words.
"""

from .document import ImportFailed
from .layout import EXTRA, clean_header
from .vocabulary import ROLE_LABELS

SKIP_WORDS = {"-", "skip", "不导入", "none", ""}


def role_named(text: str) -> str | None:
    """The role `text` names: its key ("content") or its name in the preview ("具体内容")."""
    word = text.strip()
    if word.lower() in SKIP_WORDS:
        return None
    if word in ROLE_LABELS:
        return word
    for role, name in ROLE_LABELS.items():
        if word == name:
            return role
    known = "、".join(f"{role}（{name}）" for role, name in ROLE_LABELS.items())
    raise ImportFailed(f"--columns：不认识的字段“{word}”。可用的字段：{known}，或 - 表示不导入。")


def parse_columns(text: str) -> dict[str, str | None]:
    """ "序号=number,工作任务=content,备注=-" → {"序号": "number", …}; commas or 、 or ；."""
    mapping: dict[str, str | None] = {}
    for part in text.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
        if not part.strip():
            continue
        label, sep, role = part.partition("=")
        if not sep or not clean_header(label):
            raise ImportFailed(f"--columns：“{part.strip()}”应写成“列名=字段”，例如“序号=number”。")
        mapping[clean_header(label)] = role_named(role)
    if not mapping:
        raise ImportFailed("--columns：没有给出任何列，例如“序号=number,工作任务=content”。")
    return mapping


def mapping_from_columns(header: list[str], columns: list[str | None]) -> dict[str, str | None]:
    """The preview's positional choice as a mapping by header word (for a profile)."""
    mapping: dict[str, str | None] = {}
    for label, role in zip(header, columns, strict=False):
        label = clean_header(label)
        if label and label not in mapping:
            mapping[label] = role if role != EXTRA else EXTRA
    return mapping


def profile_for(jurisdiction, header: list[str]):
    """The jurisdiction's saved profile whose words are all in `header`, most recent first."""
    from .models import ColumnProfile

    words = {clean_header(label) for label in header}
    for profile in ColumnProfile.objects.filter(jurisdiction=jurisdiction).order_by(
        "-last_updated"
    ):
        if set(profile.mapping) <= words:
            return profile
    return None


def remember(jurisdiction, header: list[str], columns: list[str | None]):
    """Save the office's mapping for the jurisdiction, keyed by the header it was given for."""
    from .models import ColumnProfile

    mapping = mapping_from_columns(header, columns)
    name = f"{jurisdiction.code} " + "|".join(mapping)[:90]
    profile, _ = ColumnProfile.objects.update_or_create(
        name=name, defaults={"jurisdiction": jurisdiction, "mapping": mapping}
    )
    return profile
