"""Reading a livelihood-project program out of a RawDocument, whatever its format.

Columns are found by their header words, not their positions, so tables of other
jurisdictions that use the same words import too. The result is plain data (no ORM):
`importers.save` validates it against the database and writes it.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from minsheng.lib.dates import as_of_date, find_year, parse_deadline, quarter_end, read_deadline
from minsheng.lib.names import clean_name, split_names, split_units, strip_phones, unit_key
from minsheng.lib.numerals import chinese_ordinal, chinese_to_int, title_count
from minsheng.lib.periods import MONTHLY, NEXT_PERIOD_START, PERIOD_END, QUARTERLY
from minsheng.lib.targets import propose_target
from minsheng.lib.text import clean_inline, clean_paragraphs, strip_html

from .document import Cell, ImportFailed, RawDocument, Row, RowWarning, Table
from .vocabulary import (  # noqa: F401 (re-exported)
    COLUMN_WORDS,
    EXACT_WORDS,
    KEPT_WORDS,
    METADATA_WORDS,
    ROLE_LABELS,
    STATUS_LABELS,
    STATUS_MARKS,
    STATUS_WORDS,
    TITLE_WORDS,
    TOTAL_WORDS,
)

# Cadence, report due rule and first report date, as the notice's preamble states them:
# "各牵头单位于每月底前将工作任务落实情况…报市政府办公室（首次报送时间为3月31日）",
# "并请牵头责任单位于每季度的首月1日前以表格形式将完成情况报区督查室".
REPORT_RULES = [
    (re.compile(r"每个?月的?(?:底|末|最后一[天日])前?"), MONTHLY, PERIOD_END),
    (re.compile(r"每个?月的?(?:首日|1日|一日|第一天)前"), MONTHLY, NEXT_PERIOD_START),
    (
        re.compile(r"每个?季度?的?(?:末|底|最后一个月(?:底|末))前?"),
        QUARTERLY,
        PERIOD_END,
    ),
    (
        re.compile(r"每个?季度?的?(?:首月|第一个月)?(?:首日|1日|一日|第一天)前"),
        QUARTERLY,
        NEXT_PERIOD_START,
    ),
]
FIRST_REPORT_RE = re.compile(r"首次报送[^。；;]*?(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日")

QUARTERS = ("q1", "q2", "q3", "q4")
# The role of a column kept as it is, under its header words (Task.extra).
EXTRA = "extra"
# Cells only an item has: a row numbered "一" with one of them filled is an item, not a group.
ITEM_ROLES = {
    "leaders", "units", "partners", "persons", "deadline", "progress", "percent", "target",
    "milestones", *QUARTERS,
}

CATEGORY_RE = re.compile(
    r"^[（(]?\s*(?P<ordinal>[一二三四五六七八九十]+)\s*[）)]?\s*[、.．]?\s*(?P<name>.+)$", re.S
)
# "一、…", "（二）…": a group row, never a header word.
GROUP_HEADING_RE = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+\s*[、.．])")
DECLARED_IN_NAME_RE = re.compile(r"[（(]\s*共?\s*(\d+)\s*[项件]\s*[）)]\s*$")
DECLARED_RE = re.compile(r"共\s*(?:(\d+)\s*件\s*[,，、]?\s*)?(\d+)\s*项")
LEAD_NOTE_RE = re.compile(r"[（(]\s*牵头单位\s*[:：]\s*(?P<unit>[^）)]+?)\s*[）)]\s*$")
# "9*": an item number with a footnote mark.
MARKED_NUMBER_RE = re.compile(r"^(\d+)\s*([*＊※#]+)$")
# "（一）": a project number, whose rows numbered "1." are its sub-items.
PROJECT_NUMBER_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]$")
# How unit names end and begin: a piece that does not end like one continues on the next line.
UNIT_END_RE = re.compile(
    r"(?:局|委|办|院|中心|政府|办事处|室|会|部|队|所|站|公司|行|处|厅|馆|团|社|联|街道|镇|区|市|县|分局|支行|集团)$"
)
UNIT_START_RE = re.compile(r"^(?:市|区|县|省|各|团|江门|中国)")
GROUP_NUMBER_RE = re.compile(r"^([一二三四五六七八九十]+)[、.．]?$")
# Words of a start date, not of completion: "5月底前动工".
START_WORDS_RE = re.compile(r"动工|开工|启动|开始|进场")
# What a plain deadline cell may hold besides its date ("2024年12月底前完成").
DATE_WORDS_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末)?|年底|年内|年末|全年"
    r"|(?:19|20)\d{2}\s*[-/.．]\s*\d{1,2}(?:\s*[-/.．]\s*\d{1,2})?(?!\d)|(?:19|20)\d{2}\s*年"
    r"|[前底内末以之完成\s。.]"
)
# "80%(…滞后)", "22％（严重滞后）", "50%(马站未开工": a percentage and its note.
PERCENT_RE = re.compile(
    r"^\s*(?P<value>\d{1,3}(?:\.\d+)?)\s*[%％]\s*"
    r"(?:[（(](?P<note>[^）)]*)[）)]?)?[。.，,；;\s]*(?P<rest>.*)$",
    re.S,
)
SUB_ITEM_RE = re.compile(r"^★?\s*[（(](\d+)[）)]")
# A 完成率 cell: "83%", "83", "0.83" (Excel's own percentage).
PERCENT_CELL_RE = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*([%％])?$")
# "1-1", "1.2", "1－3": item 1's sub-items, written with a dash or a dot.
DASHED_NUMBER_RE = re.compile(r"^(\d+)\s*[-－—–.．]\s*(\d+)$")
# "（1）" alone in the 序号 column: an item, or a sub-item under a plainly numbered item.
BRACKETED_NUMBER_RE = re.compile(r"^[（(](\d+)[）)]$")
# "①"…"⑳" in the 序号 column: the sub-items of the item above.
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# More items than any real programme has; beyond them a number is a typing or OCR error.
MAX_ITEMS = 999
MAX_SUB_ITEMS = 99
NUMBER_RE = re.compile(r"^(\d+)(?:\s*[（(](\d+)[）)])?$")
NODE_RE = re.compile(r"(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底))\s*前\s*[：:]")
# "3月31日前 完成竣工验收": a line opening with its date and a space, as a table nested in
# the cell (one row a node) or a date typed in a column of its own gives it.
NODE_LINE_RE = re.compile(
    r"(?m)^([ \t\u3000]*\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底)\s*前)[ \t\u3000]+(?=\S)"
)
# "注：●已完成 ◐推进中 ○未启动 ★超额完成": a legend of the marks in a status column.
LEGEND_RE = re.compile(r"([●◐◑○◎★☆▲△■□◆◇√×✓✗✔✘])\s*[:：=为]?\s*([\u4e00-\u9fff]{2,6})")
# "3月", "6月份进展", "二季度进度": one period's column among several of a progress table.
PERIOD_RE = re.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:\d{1,2}月份?|第?[一二三四1-4]季度)"
    r"(?P<words>进展情况|完成情况|推进情况|进展|进度|情况)?$"
)
# Titles of progress tables, where a column headed only "3月" is that month's progress.
PROGRESS_TITLE_RE = re.compile(r"进展|进度|完成情况|推进情况|督查|督办|台账")
# "备注", "说明": a column where an office may write the status ("已完成，待验收").
REMARKS_RE = re.compile(r"备注|说明")
# "填报单位（盖章）：…  联系人：…  电话：…": the form's own fields above the table.
FORM_FIELD_RE = re.compile(
    r"(?:(?:填报|报送|填表)(?:单位|人|日期|时间)|联系人|联系电话|电话|审核人|负责人|日期)\s*(?:[（(][^）)]*[）)])?\s*[:：]"
)
# "合计", "小 计：": a row summing up the table.
TOTAL_RE = re.compile("^(?:" + "|".join(re.escape(word) for word in TOTAL_WORDS) + r")[：:]?$")


@dataclass
class ParsedMilestone:
    due: datetime.date
    text: str
    kind: str  # "quarter" or "dated"
    first_quarter: int | None = None
    last_quarter: int | None = None


@dataclass
class ParsedTask:
    number: str
    category: int
    content: str
    where: str
    title: str = ""
    city_level: bool = False
    leaders: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    lead_unit: str | None = None
    deadline: datetime.date | None = None
    status: str = "not_started"
    progress: str | None = None
    milestones: list[ParsedMilestone] = field(default_factory=list)
    # (value, measure word) from a 目标数 column ("1300人"); None: read from the content
    target: tuple | None = None
    # "80%" of a progress table's 当前进度
    percent: int | None = None
    # Columns with no role of their own, in table order: [{"label": "备注", "text": "…"}]
    extra: list[dict] = field(default_factory=list)

    @property
    def item_number(self) -> int:
        return int(self.number.split("(")[0])


@dataclass
class ParsedCategory:
    number: int
    name: str
    declared_items: int | None = None


@dataclass
class ParsedProgram:
    title: str
    year: int
    declared_items: int | None
    declared_matters: int | None
    categories: list[ParsedCategory]
    tasks: list[ParsedTask]
    columns: list[str | None]
    header: list[str]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    is_completion: bool = False
    # The day the progress speaks of ("截至6月底"), when the file says it.
    as_of: datetime.date | None = None
    # Read from the notice ("每季度的首月1日前…报"); None: quarterly when the table has
    # quarter targets, else monthly.
    cadence: str | None = None
    # How units must report, when the notice says so (None: the program's defaults).
    report_due_rule: str | None = None  # "period_end" or "next_period_start"
    first_report_due: datetime.date | None = None

    @property
    def item_numbers(self) -> list[int]:
        return sorted({t.item_number for t in self.tasks})

    @property
    def missing_numbers(self) -> list[int]:
        """Numbers below the highest (or the declared count) that no row carries."""
        found = set(self.item_numbers)
        top = min(max([*found, self.declared_items or 0], default=0), MAX_ITEMS)
        return [n for n in range(1, top + 1) if n not in found]


# "《2025年某县民生实事项目计划》": a title named inside a sentence.
BOOK_TITLE_RE = re.compile(r"《([^《》]{4,80})》")
# A line of the notice's text rather than a title: it has a sentence's stops.
SENTENCE_RE = re.compile(r"[。；;]|[，,].*[，,]")
# "民生实事", "为民办实事": a line naming the programme (its title).
TITLE_WORD_RE = re.compile("|".join(re.escape(word) for word in TITLE_WORDS))
ANY_COLUMN_WORD_RE = re.compile(
    "|".join(re.escape(word) for words in COLUMN_WORDS.values() for word in words)
)


def role_of(header_text: str) -> str | None:
    """The role a header cell names (see vocabulary.toml), EXTRA for a column kept as
    written although it holds a role's word ("时间进度"), None for no role."""
    text = clean_name(header_text).replace("（", "").replace("）", "")
    if text in EXACT_WORDS:
        return EXACT_WORDS[text]
    if not ANY_COLUMN_WORD_RE.search(text):
        return None  # most cells of a table: one scan instead of a test per word
    best = None
    for role, words in COLUMN_WORDS.items():
        for word in words:
            if word in text and (best is None or len(word) > best[1]):
                best = (role, len(word))
    if best and any(word in text and len(word) >= best[1] for word in KEPT_WORDS):
        return EXTRA
    return best[0] if best else None


# Spaces beside a Chinese character or bracket (Word's layout: "工程 名称", "2021 年"); only
# the spaces match, so a line of Chinese costs nothing to clean.
CJK_SPACE_RE = re.compile(r"\s+(?=[\u4e00-\u9fff（）])|(?<=[\u4e00-\u9fff（）])\s+")


def clean_header(text: str) -> str:
    """A header cell's words: "工程\n名称" is 工程名称; spaces between Chinese words go."""
    text = clean_inline(text)
    return CJK_SPACE_RE.sub("", text).strip()


def is_sub_header(header: Row, row: Row) -> bool:
    """Is `row` the second row of a two-row header ("一季度 | 二季度 | …" under 季度目标)?

    Its filled cells are short words, none is an item number or a value under a one-column
    header (a unit under 责任单位), and at least one names a column role or sits under a
    header cell that is empty or spans several columns.
    """
    own = [cell for cell in row.cells if not cell.continued]
    if header_roles(Row(cells=own, where=row.where)):
        return False  # a header of its own (repeated at a page break)
    top = [cell for cell in header.cells for _span in range(cell.span or 1)]
    bottom = [cell for cell in row.cells for _span in range(cell.span or 1)]
    filled = [
        (index, clean_header(cell.text))
        for index, cell in enumerate(bottom)
        if cell.text.strip() and not cell.continued
    ]
    if len(filled) < 2 or any(len(text) > 15 for _index, text in filled):
        return False
    if NUMBER_RE.match(clean_name(filled[0][1]).replace("★", "").rstrip("*＊")):
        return False
    for index, text in filled:
        above = top[index] if index < len(top) else None
        if above is not None and role_of(clean_header(above.text)) == "number":
            if NUMBER_RE.match(clean_name(text).replace("★", "").rstrip("*＊")):
                return False  # an item number under 序号: a data row ("第三季度" is a deadline)
        if (
            above is not None
            and (above.span or 1) == 1
            and role_of(clean_header(above.text))
            and not role_of(text)
        ):
            return False  # "区教育局" under 责任单位: a value, not a header word
    if GROUP_HEADING_RE.match(filled[0][1]):
        return False
    for index, text in filled:
        above = top[index] if index < len(top) else None
        if role_of(text) or above is None or not above.text.strip() or (above.span or 1) > 1:
            return True
    return False


# A header word naming a figure's measure, not what the column is about.
MEASURE_RE = re.compile(r"^(?:数量|百分比|比例|占比|比重|金额|个数|数值|数目|累计数)$")


def combine_headers(top: list[str], bottom: list[str]) -> tuple[list[str], list[str | None]]:
    """Labels and roles of a two-row header. An empty top cell right of a filled one belongs
    to the same merged group (text shows a merge as one cell and empties)."""
    labels, roles = [], []
    group = ""
    for index in range(max(len(top), len(bottom))):
        upper = clean_header(top[index]) if index < len(top) else ""
        lower = clean_header(bottom[index]) if index < len(bottom) else ""
        if upper:
            group = upper
        elif lower and group and index and bottom[index - 1].strip():
            upper = group
        if lower and upper and lower != upper and not upper.endswith(f"/{lower}"):
            label = f"{upper}/{lower}"
            role = role_of(lower)
            if role is None and not MEASURE_RE.match(lower):
                # "数量" / "百分比" under 进展情况 are figures, kept as written.
                role = role_of(upper.replace("/", "") + lower)
        else:
            label = upper or lower
            role = role_of(label)
        labels.append(label)
        roles.append(role)
    return labels, roles


NUMBER_WORD_RE = re.compile(
    "|".join(
        re.escape(word)
        for word in [*COLUMN_WORDS["number"], *(w for w, r in EXACT_WORDS.items() if r == "number")]
    )
)


def header_roles(row: Row) -> list[str | None] | None:
    """The role of each column if `row` is a header row, else None.

    A header may leave the cell over the numbers blank (" | 项目名称 | 建设内容 | 责任单位"):
    when every other filled cell is a short header word, the first column is the 序号."""
    # Every data row is asked: without a 序号 word in any of its cells (cleaned as role_of
    # cleans them) it has no number column, so no need to ask each cell for its role.
    joined = clean_name("\n".join(cell.text for cell in row.cells))
    blank_first = False
    if not NUMBER_WORD_RE.search(joined.replace("（", "").replace("）", "")):
        if not _blank_number_cell(row):
            return _unnumbered_header(row)
        blank_first = True
    roles = []
    for cell in row.cells:
        roles.extend([role_of(cell.text)] * (cell.span or 1))
    if blank_first:
        texts = [clean_header(c.text) for c in row.cells[1:] if c.text.strip()]
        if len(texts) < 3 or any(len(t) > 15 or not role_of(t) for t in texts):
            return None
        roles[0] = "number"
    roles = title_as_content(roles)
    found = {r for r in roles if r and r != EXTRA}
    if "number" in found and "content" in found and len(found) >= 3:
        return roles
    return None


# A header without 序号 names at least this many roles, the content among them.
UNNUMBERED_ROLES = 3


def _unnumbered_header(row: Row) -> list[str | None] | None:
    """The roles of a header without a 序号 column ("事项名称 | 工作任务 | 责任单位 |
    完成时限 | 备注"): every filled cell short, at least three of them header words of
    different roles, the content among them. The items are then numbered in the order of their rows."""
    texts = [cell.text for cell in row.cells if cell.text.strip()]
    if len(texts) < UNNUMBERED_ROLES or any(len(clean_header(t)) > 15 for t in texts):
        return None  # a data row: one scan of its lengths, no role asked
    roles = []
    for cell in row.cells:
        roles.extend([role_of(cell.text) if cell.text.strip() else None] * (cell.span or 1))
    roles = title_as_content(roles)
    found = {r for r in roles if r and r != EXTRA}
    if "content" in found and len(found) >= UNNUMBERED_ROLES and "number" not in found:
        return roles
    return None


def _blank_number_cell(row: Row) -> bool:
    """Is the first cell of `row` blank, of one column, and not merged down from above?"""
    first = row.cells[0] if row.cells else None
    return (
        first is not None
        and not first.text.strip()
        and (first.span or 1) == 1
        and not first.continued
    )


def title_as_content(roles: list[str | None]) -> list[str | None]:
    """A table whose only text column is named like a title ("序号 | 民生实事 | 责任单位"):
    that column holds each item's content."""
    if "content" in roles or "title" not in roles:
        return roles
    roles = list(roles)
    roles[roles.index("title")] = "content"
    return roles


def read_program(
    document: RawDocument,
    year: int | None = None,
    columns: list[str | None] | None = None,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
) -> ParsedProgram:
    """Interpret `document`. `year` is required when the document has no title year.

    The header is found by its words unless the office says otherwise: `header_row` picks
    it (0-based, counting the rows of all tables in order) and `columns` gives each of its
    columns a role (the web preview); `mapping` gives roles by header word ("序号" →
    "number", a saved profile or `import_document --columns`) and finds the first row that
    holds all those words. A role of None skips a column.
    """
    reader = _Reader(document, year, columns)
    reader.header_row_given = header_row
    reader.mapping = {clean_header(k): v for k, v in (mapping or {}).items()} or None
    return reader.read()


def all_rows(document: RawDocument) -> list[Row]:
    """The rows of every table, in order: what `header_row` counts."""
    return [row for table in document.tables for row in table.rows]


def reporting_rule(
    paragraphs: list[str], year: int
) -> tuple[str | None, str | None, datetime.date | None]:
    """(cadence, report due rule, first report date) stated in the notice, or Nones.

    Only sentences about reporting (报送 / 报…室 / 报…办公室) count; layout spaces are
    ignored ("首次报送时间为 3 月 31 日"). A first date without a year is in `year`.
    """
    cadence = rule = first = None
    for paragraph in paragraphs:
        for sentence in re.split(r"[。；;]", re.sub(r"\s+", "", paragraph)):
            if "报" not in sentence:
                continue
            if rule is None:
                for pattern, found_cadence, found_rule in REPORT_RULES:
                    if pattern.search(sentence):
                        cadence, rule = found_cadence, found_rule
                        break
            match = FIRST_REPORT_RE.search(sentence)
            if match and first is None:
                try:
                    first = datetime.date(
                        int(match.group(1) or year), int(match.group(2)), int(match.group(3))
                    )
                except ValueError:
                    first = None
    return cadence, rule, first


class _Reader:
    def __init__(self, document, year, columns):
        self.document = document
        self.year_given = year
        self.columns_given = columns
        self.warnings: list[str] = list(document.warnings)
        self.extra_positions: dict[int, str] = {}
        self.header_row_given: int | None = None
        self.mapping: dict[str, str | None] | None = None
        self.header_row_object: Row | None = None
        self.project = 0  # the current （一） project's item number
        self.project_row: ParsedTask | None = None
        self.sub_headers: list[list[str]] = []
        self.progress_texts: dict[str, str] = {}  # item → its progress cell, to join a broken row

    def _warn(self, text: str, rows=(), items=()) -> None:
        """Add a warning about the rows (where in the file) and items (by number) it names:
        the preview shows it on their rows in any language, without reading its words."""
        self.warnings.append(RowWarning(text, rows=rows, items=items))

    # -- title -----------------------------------------------------------------------
    def _title(self):
        """The last paragraph above the table that names a year and 民生实事."""
        paragraphs = [clean_inline(p) for p in self.document.paragraphs if p.strip()]
        # A title may wrap over two lines ("…十件民生实事\n计划的通知"): join neighbours.
        candidates, sentences = [], []
        for index, paragraph in enumerate(paragraphs):
            if TITLE_WORD_RE.search(paragraph) and find_year(paragraph):
                named = [
                    t for t in BOOK_TITLE_RE.findall(paragraph)
                    if TITLE_WORD_RE.search(t) and find_year(t)
                ]
                if named:
                    # "现将《2025年某县民生实事项目计划》印发给你们": the title it names.
                    candidates.append(named[-1])
                elif SENTENCE_RE.search(paragraph):
                    sentences.append(paragraph)  # the notice's text, a title only if no other
                else:
                    candidates.append(paragraph)
            elif (
                index
                and TITLE_WORD_RE.search(paragraphs[index - 1] + paragraph)
                and find_year(paragraphs[index - 1])
                # a wrapped title's tail, not the notice's first sentence
                and not re.search(r"[：:。，,]", paragraph)
                # nor the signature under the notice's sentence ("现将《…》印发…。" + 某县政府办)
                and not SENTENCE_RE.search(paragraphs[index - 1])
            ):
                candidates.append(paragraphs[index - 1] + paragraph)
        title = (candidates or sentences or [""])[-1]
        title_year = find_year(title) if title else None
        declared = None
        for paragraph in reversed(paragraphs):
            match = DECLARED_RE.search(paragraph)
            if match and "共计" not in paragraph:
                declared = match
                break
        return title, title_year, declared

    def read(self) -> ParsedProgram:
        title, title_year, declared = self._title()
        year = self._year(title_year)
        self.year = year
        self.title = title
        self._form_fields(title)
        self.status_marks = self._status_marks()
        self.status_read = False
        self.period_choices: list[tuple[str, str, str]] = []
        header, roles = self._find_header()
        self.roles = roles
        self.status_label = next(
            (label for label, role in zip(header, roles, strict=False) if role == "status"),
            ROLE_LABELS["status"],
        )
        tasks, categories = self._read_rows(roles)
        if self.period_choices:
            self._warn(
                _("没有“进展情况”列：各项的进展取最近一期已填写的列，%(choices)s。")
                % {
                    "choices": "、".join(
                        _("第%(number)s项取“%(label)s”") % {"number": n, "label": label}
                        for n, label, _where in self.period_choices
                    )
                },
                rows=tuple(where for *_rest, where in self.period_choices),
                items=tuple(n for n, *_rest in self.period_choices),
            )
        if not tasks:
            # Nothing can be saved: the rows that were skipped say why, by row and column.
            # (An odd row alone never refuses a file: it is skipped with a warning.)
            skipped = [w for w in self.warnings if w.startswith(("第", "表"))][:5]
            raise ImportFailed(
                _("%(name)s：表格中没有找到任何项目。") % {"name": self.document.name}
                + "".join(skipped)
            )
        title = DECLARED_RE.sub("", title)
        title = re.sub(r"[（(]\s*共\s*[\d零一二两三四五六七八九十]{1,3}\s*件\s*[）)]\s*$", "", title)
        # A notice's own title: "关于印发2024年X县十件民生实事的通知" names "2024年X县十件民生实事".
        title = re.sub(r"^关于(?:印发|下达|公布)?《?|》?的通知$", "", title)
        title = re.sub(r"[（(]\s*[）)]\s*$", "", title).strip()
        # Word's layout spaces: "2021 年市十件民生实事" is "2021年市十件民生实事".
        title = CJK_SPACE_RE.sub("", title)
        declared_items = int(declared.group(2)) if declared else None
        declared_matters = int(declared.group(1)) if declared and declared.group(1) else None
        if (declared_items or 0) > MAX_ITEMS or (declared_matters or 0) > MAX_ITEMS:
            raise ImportFailed(
                _("标题中的“%(declared)s”不是合理的数目（项数应为 1 至 %(max)d）。")
                % {"declared": declared.group(0), "max": MAX_ITEMS}
            )
        if declared is None:
            declared_items = self._title_count(title, tasks, categories)
        if declared_items is None and categories and all(
            c.declared_items is not None for c in categories
        ):
            # Only when every category says how many: one without a count has some too.
            declared_items = sum(c.declared_items or 0 for c in categories)
        program = ParsedProgram(
            title=title,
            year=year,
            declared_items=declared_items,
            declared_matters=declared_matters,
            categories=categories,
            tasks=tasks,
            columns=roles,
            header=header,
            warnings=self.warnings,
            # Notes found among the rows (合计, 注：…) stand before the lines below the table.
            notes=[clean_inline(n) for n in [*self.row_notes, *self.document.notes] if n.strip()],
            is_completion=bool({"progress", "status", "percent"} & set(roles))
            or self.status_read,
            as_of=self._as_of(header, roles, year),
        )
        program.cadence, program.report_due_rule, program.first_report_due = reporting_rule(
            self.document.paragraphs, year
        )
        self._check_counts(program)
        return program

    def _form_fields(self, title: str) -> None:
        """ "填报单位（盖章）：…  联系人：…  电话：…  日期：…" above the table: who filled the
        form in, said in a warning so that nothing above the table goes unseen."""
        for paragraph in self.document.paragraphs:
            if (
                FORM_FIELD_RE.search(paragraph)
                and paragraph.strip() != title
                and not any(word in paragraph for word in METADATA_WORDS)  # "发布日期：…"
            ):
                self.warnings.append(
                    _("表格上方的填报信息“%(text)s”不属于任何项目，仅在此列出。")
                    % {"text": clean_inline(paragraph)[:120]}
                )

    def _status_marks(self) -> dict[str, str]:
        """The marks a status column may hold: the vocabulary's, and those a legend around
        the table explains ("注：●已完成 ◐推进中 ○未启动 ★超额完成")."""
        marks = dict(STATUS_MARKS)
        for text in [*self.document.notes, *self.document.paragraphs]:
            for mark, word in LEGEND_RE.findall(text):
                status, narrative = split_status(word)
                if narrative is None:
                    marks[mark] = status
        return marks

    def _title_count(self, title, tasks, categories) -> int | None:
        """The declared number of items a count in the title gives ("十件民生实事",
        "十大民生实事项目", "15件民生实事"), when the file states no "共N项"; None when
        there is none or it is not the items'.

        A table without categories counts its items ("N项" always does), unless more items
        are found than "N件" / "十大" says. With categories,
        "十件" / "十大" may count them instead: Jiangmen's ten matters hold several items
        each. It counts items only when the items found or the sum the categories declare
        ("一、教育（3件）") make that number; otherwise it stays words in the title. Counted
        items let the public page compare them with the items published ("计划共10项，公布9项").
        """
        texts = [title] if title else []
        texts += [
            clean_inline(p) for p in reversed(self.document.paragraphs) if TITLE_WORD_RE.search(p)
        ]
        found = next((c for c in map(title_count, texts) if c is not None), None)
        if found is None or found[0] > MAX_ITEMS:
            return None
        count, word = found
        items = len({task.item_number for task in tasks})
        if word != "项" and items > count:
            return None  # "十件" over fifteen items names the matters, not the items
        has_categories = len(categories) > 1 or (categories and categories[0].name != "民生实事")
        if has_categories and word != "项" and items != count:
            declared = [c.declared_items for c in categories]
            if None in declared or sum(declared) != count:
                return None  # ten matters, each with its items: the count stays words
        return count

    def _as_of(self, header, roles, year) -> datetime.date | None:
        """The day the progress is as of, when the title block or the progress column's
        header names it ("2025年民生实事进展情况（截至6月底）", "截至9月30日进展")."""
        progress = [label for label, role in zip(header, roles, strict=False) if role == "progress"]
        texts = [*progress, *self.document.paragraphs]
        return next((day for day in (as_of_date(t, year) for t in texts) if day), None)

    def _year(self, title_year):
        if title_year and self.year_given and title_year != self.year_given:
            raise ImportFailed(
                _("文件标题写的是%(title)d年，与指定的年度%(given)d不一致。")
                % {"title": title_year, "given": self.year_given}
            )
        year = title_year or self.year_given
        if not year:
            raise ImportFailed(_("文件中没有标题行，读不出年度：请指定年度（命令行用 --year）。"))
        if not 2000 <= year <= 2100:
            raise ImportFailed(
                _("年度%(year)d不在 2000 至 2100 之间，请检查标题或指定的年度。") % {"year": year}
            )
        return year

    def _given_header(self, row: Row) -> list[str | None] | None:
        """Roles of `row` when the office chose it or its words (None: not the header)."""
        labels = [clean_header(t) for t in self._expand(row)]
        if self.mapping is not None:
            if not set(self.mapping) <= set(labels):
                return None
            return [
                self.mapping[label] if label in self.mapping else role_of(label)
                for label in labels
            ]
        if self.header_row_given is not None and self.row_index.get(id(row)) == (
            self.header_row_given
        ):
            return [role_of(label) for label in labels]
        return None

    def _find_header(self):
        self.row_index = {id(row): n for n, row in enumerate(all_rows(self.document))}
        chosen = self.mapping is not None or self.header_row_given is not None
        for table in self.document.tables:
            for index, row in enumerate(table.rows):
                roles = self._given_header(row) if chosen else header_roles(row)
                if not roles:
                    continue
                self.header_row_object = row
                labels = [clean_header(t) for t in self._expand(row)]
                cells = self._cell_indexes(row)
                upper = row
                for below in table.rows[index + 1 : index + 3]:
                    if not is_sub_header(upper, below):
                        break
                    # Two header rows: 季度目标 over 一季度…四季度, 2025年进展情况 over
                    # 截至6月底进展 | 7月工作计划; or three: 进展情况 over 本月 | 累计 over
                    # 数量 | 百分比. The lowest word names the column.
                    self.sub_headers.append(below.texts())
                    labels, roles = combine_headers(labels, self._expand(below))
                    roles = title_as_content(roles)
                    cells = list(range(len(labels)))
                    upper = below
                if self.columns_given is not None:
                    roles = list(self.columns_given)[: len(labels)]
                    roles += [None] * (len(labels) - len(roles))
                elif self.mapping is not None:
                    roles = [
                        EXTRA if role is None and label not in self.mapping and label else role
                        for label, role in zip(labels, roles, strict=False)
                    ]
                else:
                    roles = self._keep_every_column(labels, roles, cells)
                self.extra_positions = {
                    position: labels[position] or f"第{position + 1}列"
                    for position, role in enumerate(roles)
                    if role in (EXTRA, "plan")
                }
                return labels, roles
        if self.mapping is not None:
            missing = "、".join(f"“{label}”" for label in self.mapping)
            raise ImportFailed(
                _("%(name)s：没有哪一行同时含有列名%(missing)s。")
                % {"name": self.document.name, "missing": missing}
            )
        if self.header_row_given is not None:
            raise ImportFailed(
                _("%(name)s：没有第%(row)d行。")
                % {"name": self.document.name, "row": self.header_row_given + 1}
            )
        raise ImportFailed(
            _(
                "%(name)s：没有找到表头。表头需要有“序号”列和"
                "“工作任务 / 具体内容 / 事项内容及目标”列。"
            )
            % {"name": self.document.name}
        )

    def _keep_every_column(self, labels, roles, cells) -> list[str | None]:
        """Unknown columns, columns with a blank header cell and a second column of a role
        already taken become extra fields: kept under their header words (or "第N列"),
        never dropped."""
        roles = list(roles)
        first_cell: dict[str, int] = {}
        last_milestone = -1
        for position, (label, role) in enumerate(zip(labels, roles, strict=False)):
            if role is not None and role != EXTRA:
                if (
                    role == "milestones"
                    and position
                    and roles[position - 1] == role
                    and position - 1 == last_milestone
                ):
                    # "时间节点 | 节点目标": a node's date, then its words; one node a row.
                    last_milestone = position
                    continue
                if role == "milestones" and role not in first_cell:
                    last_milestone = position
                if first_cell.setdefault(role, cells[position]) != cells[position]:
                    roles[position] = EXTRA
                    self.warnings.append(
                        _("第二个“%(role)s”列“%(label)s”按原文保留为其他列。")
                        % {"role": ROLE_LABELS.get(role, role), "label": label}
                    )
            elif label and role == EXTRA:
                self.warnings.append(_("列“%(label)s”按原文保留为其他列。") % {"label": label})
            elif label:
                roles[position] = EXTRA
                self.warnings.append(
                    _("未识别的列“%(label)s”，按原文保留为其他列。") % {"label": label}
                )
            else:
                # A column with a blank header cell: what its rows hold is kept as "第N列".
                roles[position] = EXTRA
        return roles

    @staticmethod
    def _cell_indexes(row: Row) -> list[int]:
        """For each column, the index of the header cell covering it (a merged header cell
        covers several columns of one role)."""
        indexes = []
        for index, cell in enumerate(row.cells):
            indexes.extend([index] * (cell.span or 1))
        return indexes

    @staticmethod
    def _expand(row: Row) -> list[str]:
        texts = []
        for cell in row.cells:
            texts.extend([cell.text] * (cell.span or 1))
        return texts

    # -- rows ------------------------------------------------------------------------
    def _place(self, row: Row, roles: list[str | None]) -> dict[str, list[Cell]] | None:
        """Map the row's cells onto column roles; quarter cells may span several columns."""
        placed: dict[str, list[Cell]] = {}
        position = 0
        cells = list(row.cells)
        while cells and not cells[-1].text.strip() and position + len(cells) > len(roles):
            cells.pop()  # trailing empty cells beyond the table are layout residue
        for index, cell in enumerate(cells):
            if position >= len(roles):
                extra = "、".join(f"“{clean_inline(c.text)[:20]}”" for c in cells[index:])
                self._warn(
                    _("%(where)s：多出的单元格无法归入任何列：%(texts)s")
                    % {"where": row.where, "texts": extra},
                    rows=(row.where,),
                )
                break
            span = cell.span
            if span is None:
                span = 1
                is_last = index == len(cells) - 1
                if is_last and roles[position] in QUARTERS and position + 1 < len(roles):
                    # Text cannot show merges: the last quarter target covers the rest.
                    rest = [r for r in roles[position:] if r in QUARTERS]
                    span = len(rest)
                    if span > 1:
                        self.quarter_guess = True
            for offset in range(span):
                column = position + offset
                if column < len(roles) and roles[column]:
                    key = f"@{column}" if column in self.extra_positions else roles[column]
                    placed.setdefault(key, []).append(cell)
            position += span
        for key, found in placed.items():
            if len(found) == 1:
                continue  # most cells: one column, one role
            distinct = list({id(cell): cell for cell in found}.values())
            if len(distinct) > 1 and key == "number":
                # "序号" over the category's ordinal and the item's number: the row's own.
                own = [c for c in distinct if c.text.strip() and not c.continued]
                placed[key] = own[-1:] or distinct[:1]
            elif len(distinct) > 1 and key not in QUARTERS:
                # One header cell over two columns ("责任单位" over the lead and the partner):
                # the cells under it are one value, line by line, none dropped.
                # A node's date and words side by side read as one node ("3月底前 完成验收").
                joiner = " " if key == "milestones" else "\n"
                text = joiner.join(c.text for c in distinct if c.text.strip())
                placed[key] = [Cell(text, continued=all(c.continued for c in distinct))]
        return placed

    def _read_rows(self, roles):
        tasks: list[ParsedTask] = []
        self.row_notes: list[str] = []  # 合计 rows, 注 rows and headings met among the rows
        self.by_number: dict[str, ParsedTask] = {}  # see _first_numbered
        self.indexed = 0
        categories: list[ParsedCategory] = []
        self.quarter_guesses: list[str] = []
        self.quarter_guess_rows: tuple[str, ...] = ()
        self.quarter_guess_items: tuple[str, ...] = ()
        self.ordinal_items: list[str] = []
        self.bracketed_items = False  # items numbered "（1）"
        self.circled_project = False  # self.project was opened by a "①" row
        self.circled_items = False  # items numbered "①"
        self.title_star = False
        self.block = self.numbered_block = None
        self.offset = 0
        self.restarts: list[dict] = []
        self.filled_categories: set[int] = set()  # ids of the categories holding items read
        current_category: ParsedCategory | None = None
        self.data_rows: list[Row] = []
        self.by_order: list[str] = []  # rows numbered in order: the table has no 序号
        header_seen = False
        has_category_column = "category" in roles
        for table in self.document.tables:
            title_categories = {} if has_category_column else self._title_categories(table, roles)
            in_notes = False  # below a "注：" row, lines of one cell ("2.…") are notes too
            for heading in table.heading:
                # "二、医疗卫生（2件）" written above the table: the category of its rows.
                text = clean_inline(heading.texts()[0])
                category = self._category(text, categories, heading_only=True, where=heading.where)
                if category:
                    current_category = category
                else:
                    self.row_notes.append(text)
            for row in table.rows:
                if (
                    row is self.header_row_object
                    or header_roles(row)
                    or (header_seen and row.texts() == self.header_row_object.texts())
                    or (header_seen and row.texts() in self.sub_headers)
                ):
                    header_seen = True
                    continue
                if not header_seen or row.is_blank():
                    continue
                non_empty = [t for t in (clean_inline(t) for t in row.texts()) if t]
                if non_empty and TOTAL_RE.match(clean_name(non_empty[0])):
                    # "合计 | | 41200": the table's sum, kept as a note beside the items.
                    note = f"{clean_name(non_empty[0]).rstrip('：:')}：{' '.join(non_empty[1:])}"
                    if note.startswith("小计") and current_category is not None:
                        # One 小计 per category: the note says whose.
                        note = f"{current_category.name} {note}"
                    self.row_notes.append(note.rstrip("："))
                    self._warn(
                        _("%(where)s：“%(text)s”是合计行，作为附注保留，不作为项目。")
                        % {"where": row.where, "text": note.rstrip("：")[:40]},
                        rows=(row.where,),
                    )
                    continue
                if len(non_empty) == 1 and in_notes:
                    self.row_notes.append(non_empty[0])
                    continue
                if len(non_empty) == 1 and not NUMBER_RE.match(clean_name(non_empty[0])):
                    # One filled cell: a category heading, a note, or a fragment of a lost row.
                    text = non_empty[0]
                    if text.startswith("注"):
                        self.row_notes.append(text)
                        in_notes = True
                        continue
                    category = self._category(text, categories, heading_only=True, where=row.where)
                    if category:
                        current_category = category
                        continue
                    if len(row.cells) < 3:
                        self._warn(
                            _("%(where)s：无法归位的单元格“%(text)s”，未导入。")
                            % {"where": row.where, "text": text[:30]},
                            rows=(row.where,),
                        )
                        continue
                self.quarter_guess = False
                self.current_where = row.where
                self.data_rows.append(row)
                placed = self._place(row, roles)
                if has_category_column:
                    text = clean_inline(_first(placed, "category"))
                    if text:
                        current_category = self._category(text, categories, where=row.where)
                if id(row) in title_categories:
                    current_category = self._category(
                        title_categories[id(row)], categories, where=row.where
                    )
                    placed.pop("title", None)
                if "number" not in roles:
                    self._number_by_order(placed)
                group = GROUP_NUMBER_RE.match(clean_name(_first(placed, "number")))
                if group:
                    # A group row numbered in the 序号 column: "一、" | "教育保障".
                    name_role = "title" if _first(placed, "title").strip() else "content"
                    name = clean_inline(_first(placed, name_role))
                    rest = {k: v for k, v in placed.items() if k not in ("number", name_role)}
                    if any(
                        cell.text.strip()
                        for key, cells in rest.items()
                        if key in ITEM_ROLES or (key == "content" and name_role == "title")
                        for cell in cells
                    ):
                        # "一 | 城区学校建设 | 新建小学1所 | 县教育局": a programme numbering
                        # its items 一、二、三, not a group row.
                        item = chinese_to_int(group.group(1))
                        placed["number"] = [Cell(str(item))]
                        self.ordinal_items.append(f"“{group.group(0)}”")
                    else:
                        category = self._category(
                            f"{group.group(1)}、{name}", categories, True, where=row.where
                        )
                        if category and name:
                            current_category = category
                            self._unplaced(
                                row,
                                rest,
                                _("分组行“%(group)s”的") % {"group": group.group(0) + name},
                            )
                            continue
                # Numbers may restart at 1 in each table and each category (see _renumber).
                self.block = (id(table), id(current_category))
                task = self._task(row, placed, tasks, current_category)
                if task is None:
                    continue
                if current_category is None:
                    current_category = ParsedCategory(number=1, name="民生实事")
                    categories.append(current_category)
                    # The same rows as before: not a new category whose numbers may restart.
                    self.numbered_block = (id(table), id(current_category))
                    self.warnings.append(_("表格没有大类，全部项目归入“民生实事”。"))
                task.category = current_category.number
                tasks.append(task)
                self.filled_categories.add(id(current_category))
                if self.quarter_guess:
                    self.quarter_guess_rows += (row.where,)
                    self.quarter_guess_items += (task.number,)
                    self.quarter_guesses.append(
                        _("第%(number)s项（%(where)s）") % {"number": task.number, "where": row.where}
                    )
        self._check_cut_off(roles)
        if self.by_order:
            self._warn(
                _(
                    "表格没有序号列：%(count)d个项目按行的顺序编为第1至第%(count)d项，"
                    "请核对编号是否与原文一致。"
                )
                % {"count": len(self.by_order)},
                rows=tuple(self.by_order),
            )
        for restart in self.restarts:
            self._warn(
                _(
                    "%(where)s 序号：本表（或本大类）的序号从1重新开始，为免与前面的项目重复，"
                    "第%(first)d至%(last)d项依次编为第%(new_first)d至%(new_last)d项，"
                    "原序号保留为“原序号”。"
                )
                % {
                    "where": restart["where"],
                    "first": restart["first"],
                    "last": restart["last"],
                    "new_first": restart["first"] + restart["offset"],
                    "new_last": restart["last"] + restart["offset"],
                },
                rows=(restart["where"],),
            )
        if self.ordinal_items:
            numbers = "、".join(self.ordinal_items[:5]) + ("…" if len(self.ordinal_items) > 5 else "")
            self.warnings.append(
                _("序号为%(numbers)s的行有责任单位、完成时限等内容，按序号的数目作为项目导入，不作大类。")
                % {"numbers": numbers}
            )
        if self.quarter_guesses:
            self._warn(
                _("以下行的季度目标少于四格，文本看不出合并范围，最后一个目标视为覆盖其余季度：")
                + "、".join(self.quarter_guesses),
                rows=self.quarter_guess_rows,
                items=self.quarter_guess_items,
            )
        return tasks, categories

    def _number_by_order(self, placed: dict[str, list[Cell]]) -> None:
        """A table without a 序号 column: a row naming an item of its own (its content or
        title not merged down from the row above) gets the next number."""
        named = [c for role in ("content", "title") for c in placed.get(role, ()) if c.text.strip()]
        if named and not all(c.continued for c in named):
            self.by_order.append(self.current_where)
            placed["number"] = [Cell(str(len(self.by_order)))]

    def _title_categories(self, table: Table, roles) -> dict[int, str]:
        """Rows whose 事项名称 cell is one merged cell over several items ("1", "2", "3"):
        that cell names their category, not each item's title. A title merged over the
        sub-items of one item ("14(1)", "14(2)", or 序号 merged too) stays its title."""
        if "title" not in roles or "number" not in roles:
            return {}
        found: dict[int, str] = {}
        single: dict[int, str] = {}
        rows = table.rows
        title_at, number_at = roles.index("title"), roles.index("number")
        index = 0
        while index < len(rows):
            start = _cell_at(rows[index], title_at)
            end = index + 1
            while end < len(rows) and (_cell_at(rows[end], title_at) or Cell("")).continued:
                end += 1
            block = rows[index:end]
            if start is not None and not start.continued and start.text.strip():
                numbers = [_cell_at(r, number_at) or Cell("") for r in block]
                bases = [NUMBER_RE.match(clean_name(c.text)) for c in numbers]
                if all(not c.continued for c in numbers) and all(bases):
                    items = [int(m.group(1)) for m in bases]
                    if len(set(items)) == len(items):
                        text = clean_inline(start.text)
                        target = found if len(block) > 1 else single
                        target.update({id(r): text for r in block})
            index = end
        # Once the column holds categories, an item alone under its cell is a category of one.
        return {**found, **single} if found else {}

    def _check_cut_off(self, roles) -> None:
        """A file that ends mid-row (a copy cut short, a download broken off): its last row
        is shorter than the one above, or its last cell leaves a bracket open."""
        if not self.data_rows:
            return
        last = self.data_rows[-1]
        filled = [clean_inline(c.text) for c in last.cells if c.text.strip()]
        tail = filled[-1] if filled else ""
        width = sum(c.span or 1 for c in last.cells)
        above = self.data_rows[-2] if len(self.data_rows) > 1 else None
        short = (
            above is not None
            and width < len(roles)
            and width < sum(c.span or 1 for c in above.cells)
            and any(r and r not in QUARTERS for r in roles[width:])
        )
        opened = sum(tail.count(b) for b in "（(【[《“") > sum(tail.count(b) for b in "）)】]》”")
        if short or opened:
            if short:
                why = _("只有%(width)d列，少于表头的%(columns)d列") % {
                    "width": width,
                    "columns": len(roles),
                }
            else:
                why = _("“%(tail)s”的括号未闭合") % {"tail": tail[-20:]}
            self._warn(
                _("%(where)s：表格最后一行%(why)s，文件可能在这一行中间被截断，请核对原文。")
                % {"where": last.where, "why": why},
                rows=(last.where,),
            )

    @staticmethod
    def _category_name(text: str) -> str:
        match = CATEGORY_RE.match(text)
        name = match.group("name") if match else text
        name = DECLARED_IN_NAME_RE.sub("", name).strip()
        return name.rstrip("。.").strip()

    def _category(
        self,
        text: str,
        categories: list[ParsedCategory],
        heading_only: bool = False,
        where: str = "",
    ) -> ParsedCategory | None:
        """The category `text` names, added to `categories` if new.

        A heading row must carry an ordinal ("一、", "（一）"); a category column may
        also hold a bare name, which then takes the next number.
        """
        match = CATEGORY_RE.match(text)
        number = chinese_to_int(match.group("ordinal")) if match else None
        if number is None and heading_only:
            return None
        name = self._category_name(text) if number is not None else text.rstrip("。.").strip()
        declared = DECLARED_IN_NAME_RE.search(text)
        for category in categories:
            if category.number == number or (number is None and category.name == name):
                if category.name != name:
                    # The first name stands; the office sees the other in the warning.
                    self._warn(
                        (_("%(where)s 大类：") % {"where": where} if where else "")
                        + _("大类%(ordinal)s出现两个不同的名称：“%(first)s”和“%(other)s”，保留“%(first)s”。")
                        % {
                            "ordinal": chinese_ordinal(category.number),
                            "first": category.name,
                            "other": name,
                        },
                        rows=(where,),
                    )
                return category
        if number is None:
            number = max((c.number for c in categories), default=0) + 1
        category = ParsedCategory(
            number=number,
            name=name,
            declared_items=(
                int(declared.group(1))
                if declared and int(declared.group(1)) <= MAX_ITEMS
                else None
            ),
        )
        categories.append(category)
        return category

    def _task(self, row, placed, tasks, category) -> ParsedTask | None:
        number_cell = (placed.get("number") or [Cell("")])[0]
        number_text = clean_name(number_cell.text).replace("★", "")
        raw_content = strip_html(_first(placed, "content"))
        content = clean_paragraphs(raw_content)
        title = clean_inline(_first(placed, "title"))
        own_title = title.replace("★", "").strip()
        previous = tasks[-1] if tasks else None
        title_star = "★" in title
        city_level = title_star or content.startswith("★")
        title = title.replace("★", "").strip()
        content = content.lstrip("★").strip()

        marker = ""
        renumbered = None  # the item's number when its table or category restarted at 1
        inherited = None  # the project row whose sub-item this is
        project_units = ""  # its units, when the sub-item names others
        promote = None  # the row above, to become the title of its sub-items
        starred = MARKED_NUMBER_RE.match(number_text)
        if starred:
            # "9*": item 9 with a footnote mark, which is kept with the item.
            number_text, marker = starred.group(1), starred.group(2)
        number_text = number_text.rstrip(".．、")
        number_text = self._sub_number(number_cell, number_text, previous)
        continued = number_cell.continued or not number_text
        if continued:
            sub = SUB_ITEM_RE.match(content)
            if previous is None:
                if content or title:
                    # No item above to attach it to, and no number to guess safely: skipped.
                    self._skip(row, placed, "序号", "为空，且上面没有可归属的项目")
                else:
                    self._unplaced(row, placed)
                return None
            if not sub:
                if number_cell.continued and _continued(placed, "content", "title"):
                    # One row per node under the item's merged cells: its own cells are the
                    # item's too (a milestone, an extra field), never another item.
                    self._merged_row(row, placed, previous)
                    return None
                if not (content or title):
                    self._unplaced(row, placed)
                    return None
                if not number_cell.continued and self._broken_row(row, placed, previous):
                    return None
                number = self._continuation(row, placed, previous, tasks, content or title)
                if number is None:
                    return None
                content, title = content or title, title or previous.title
                if not _first(placed, "units").strip():
                    placed["units"] = [Cell("、".join(previous.units))]
                city_level = city_level or previous.city_level
            else:
                if int(sub.group(1)) > MAX_SUB_ITEMS:
                    self._skip(
                        row, placed, "序号", _("子项“（%(sub)s）”的编号过大") % {"sub": sub.group(1)}
                    )
                    return None
                base = previous.number.split("(")[0]
                if "(" not in previous.number:
                    previous.number = f"{base}(1)"
                number = f"{base}({int(sub.group(1))})"
                title = title or previous.title
                # A ★ on the shared title marks every sub-item; one on the content, only its own.
                city_level = city_level or self.title_star
        else:
            project = PROJECT_NUMBER_RE.match(number_text)
            match = NUMBER_RE.match(number_text)
            if project:
                # Projects numbered （一）、（二）: their rows numbered 1. 2. are sub-items.
                item = chinese_to_int(project.group(1)) or 0
                if not 0 < item <= MAX_ITEMS:
                    # Its rows numbered 1. 2. are then read as items, never as another's.
                    self.project = 0
                    self._skip(
                        row, placed, "序号", _("“%(number)s”不是合理的项目序号") % {"number": number_text}
                    )
                    return None
                item = renumbered = self._renumber(item, row, tasks)
                if not self._within_limit(item, row, placed, number_text):
                    return None
                self.project = item
                number = str(item)
            elif match and self.project and not match.group(2):
                base = str(self.project)
                number = f"{base}({int(match.group(1))})"
                if previous is not None and previous.number == base:
                    # The project's own row names its sub-items: it becomes their title
                    # (below, once this row proves to be one).
                    promote = previous
                project = promote or self.project_row
                if project is not None and project.number == base:
                    title = title or project.title or project.content
                    own_units = _first(placed, "units").strip()
                    if not own_units:
                        placed["units"] = [Cell("、".join(project.units))]
                    else:  # its own units lead; the project's are kept beside them
                        project_units = "、".join(u for u in project.units if u not in own_units)
                    if not _first(placed, "deadline").strip() and project.deadline:
                        placed["deadline"] = [Cell(project.deadline.isoformat())]
                    inherited = project
            elif not match:
                self._skip(row, placed, "序号", _("“%(number)s”不是项目序号") % {"number": number_text})
                return None
            else:
                item, sub_item = int(match.group(1)), int(match.group(2) or 0)
                if not 0 < item <= MAX_ITEMS or sub_item > MAX_SUB_ITEMS:
                    self._skip(
                        row,
                        placed,
                        "序号",
                        _("“%(number)s”不是合理的项目序号（应为 1 至 %(max)d）")
                        % {"number": number_text, "max": MAX_ITEMS},
                    )
                    return None
                item = renumbered = self._renumber(item, row, tasks)
                if not self._within_limit(item, row, placed, number_text):
                    return None
                # str(int(…)) writes "٣" or "３" as 3: the database stores ASCII digits.
                number = str(item) + (f"({sub_item})" if match.group(2) else "")
            self.title_star = title_star
        first = self._first_numbered(tasks, number)
        if first is not None:
            # Keep the first row and skip this one: which of two rows with one number is
            # the real item only the office knows, and the warning shows it both.
            texts = [clean_inline(c.text) for k, v in placed.items() if k != "number" for c in v]
            self._warn(
                _("%(where)s 序号：%(number)s 与%(first)s重复，保留%(first)s的项目，本行%(texts)s未导入。")
                % {
                    "where": row.where,
                    "number": number,
                    "first": first.where,
                    "texts": "、".join(f"“{t[:40]}”" for t in texts if t),
                },
                rows=(row.where, first.where),
            )
            return None
        if not content and own_title:
            # "老年食堂" with its 建设内容 left blank: the item is what its name says.
            content = own_title
            self._warn(
                _("%(where)s 具体内容：为空，第%(number)s项的名称“%(title)s”作为内容导入。")
                % {"where": row.where, "number": number, "title": own_title[:30]},
                rows=(row.where,),
                items=(number,),
            )
        if not content:
            self._skip(row, placed, "具体内容", _("第%(number)s项没有内容") % {"number": number})
            return None
        if promote is not None:
            tasks.remove(promote)
            if promote.title and promote.content and promote.content != promote.title:
                # Its own content holds for every sub-item, kept beside theirs.
                promote.extra.append({"label": ROLE_LABELS["content"], "text": promote.content})
            promote.title = promote.title or promote.content
            self._warn(
                _("%(where)s 序号：第%(number)s项下有分项，其内容“%(title)s”作为各分项的事项名称。")
                % {"where": promote.where, "number": promote.number, "title": promote.title[:30]},
                rows=(promote.where,),
                items=(promote.number,),
            )
            self.project_row = promote

        lead_unit = None
        lead = LEAD_NOTE_RE.search(content)
        if lead:
            lead_unit = clean_name(lead.group("unit"))
            content = content[: lead.start()].rstrip()

        task = ParsedTask(
            number=number,
            category=category.number if category else 0,
            content=content,
            where=row.where,
            title=title,
            city_level=city_level,
        )
        task.leaders = split_names(self._without_phones(placed, "leaders", task))
        units, marked_lead = split_units(self._without_phones(placed, "units", task))
        task.units = self._rejoin_units(units, row, number)
        task.persons = split_names(self._without_phones(placed, "persons", task))
        if marked_lead in task.units[1:]:
            # "县公安局、县教育局（牵头）": the marked lead goes first, its person with it.
            at = task.units.index(marked_lead)
            task.units.insert(0, task.units.pop(at))
            if len(task.persons) > at:
                task.persons.insert(0, task.persons.pop(at))
        if "persons" in placed and task.units and len(task.units) != len(task.persons):
            self._warn(
                _(
                    "%(where)s 第%(number)s项：责任单位%(units)d个、责任人%(persons)d个，"
                    "未能一一对应（按顺序对应，多出的留空）。"
                )
                % {
                    "where": row.where,
                    "number": number,
                    "units": len(task.units),
                    "persons": len(task.persons),
                },
                rows=(row.where,),
                items=(number,),
            )
        if lead_unit and lead_unit not in task.units:
            keys = [unit_key(u) for u in task.units]
            if unit_key(lead_unit) in keys:
                lead_unit = task.units[keys.index(unit_key(lead_unit))]
            else:
                self._warn(
                    _("%(where)s 第%(number)s项：牵头单位“%(unit)s”不在责任单位列中，已加在首位。")
                    % {"where": row.where, "number": number, "unit": lead_unit},
                    rows=(row.where,),
                    items=(number,),
                )
                task.units.insert(0, lead_unit)
                if task.persons:
                    task.persons.insert(0, "")
        keys = {unit_key(u) for u in task.units}
        for partner in split_units(self._without_phones(placed, "partners", task))[0]:
            # 配合单位 follow the 责任单位 of the row (and their persons); the first unit
            # stays the lead.
            if unit_key(partner) not in keys:
                keys.add(unit_key(partner))
                task.units.append(partner)
        task.lead_unit = lead_unit or (task.units[0] if task.units else None)
        if not task.units:
            self._warn(
                _("%(where)s 第%(number)s项：没有责任单位。") % {"where": row.where, "number": number},
                rows=(row.where,),
                items=(number,),
            )

        if marker:
            task.extra.append({"label": "序号标记", "text": marker})
        if renumbered is not None and self.offset:
            task.extra.append({"label": "原序号", "text": clean_inline(number_cell.text)})
        target_text = clean_inline(_first(placed, "target"))
        if target_text:
            # "7699套": the figure and its measure word, split.
            task.target = propose_target(target_text)
            if task.target is None:
                task.extra.append({"label": ROLE_LABELS["target"], "text": target_text})
                self._warn(
                    _("%(where)s 量化目标：“%(text)s”读不出数字，按原文保留在第%(number)s项中。")
                    % {"where": row.where, "text": target_text, "number": number},
                    rows=(row.where,),
                    items=(number,),
                )
        deadline_text = clean_inline(_first(placed, "deadline"))
        deadline_milestones = []
        if deadline_text:
            task.deadline, deadline_milestones = self._deadline(deadline_text, row, task)

        progress_text = clean_paragraphs(_first(placed, "progress"))
        self.progress_texts[number] = progress_text
        if progress_text:
            task.status, task.progress, task.percent = split_progress(progress_text)
        percent_text = clean_inline(_first(placed, "percent"))
        if percent_text:
            self._percent(percent_text, row, task)

        for position, label in self.extra_positions.items():
            text = clean_paragraphs(_first(placed, f"@{position}"))
            if text:
                task.extra.append({"label": label, "text": text})
        if not {"progress", "percent", "status"} & set(self.roles):
            self._progress_from_columns(task, row)
        status_text = clean_inline(_first(placed, "status"))
        if status_text:
            self._status(status_text, row, task)

        task.milestones = self._quarter_milestones(placed, row, number)
        task.milestones += self._dated_milestones(_first(placed, "milestones"), row, number, task)
        task.milestones += deadline_milestones
        task.milestones.sort(key=lambda m: (m.due, m.first_quarter or 0))
        if inherited is not None:
            # The project's own row is gone: its other columns hold for each sub-item too.
            task.extra += [dict(e) for e in inherited.extra if e not in task.extra]
            if project_units:
                task.extra.append({"label": _("所属项目的责任单位"), "text": project_units})
        return task

    def _merged_row(self, row, placed, previous: ParsedTask) -> None:
        """A row whose 序号 and content cells are merged down from the item above: its own
        milestones (a node's date and words in one or two columns), deadline and extra
        fields belong to that item; any other cell of its own is named in a warning."""
        own = {
            key: [c for c in cells if not c.continued and c.text.strip()]
            for key, cells in placed.items()
        }
        own = {key: cells for key, cells in own.items() if cells}
        node = clean_paragraphs(_first(own, "milestones"))
        deadline_text = clean_inline(_first(own, "deadline"))
        if deadline_text:
            node = f"{deadline_text}前：{node}" if node else deadline_text
        if node:
            found = self._dated_milestones(node, row, previous.number, previous)
            if not found and deadline_text:
                try:
                    due = read_deadline(deadline_text, self.year)
                except ValueError:
                    due = None
                if due is not None:
                    found = [ParsedMilestone(due=due, text=deadline_text, kind="dated")]
            previous.milestones += found
            previous.milestones.sort(key=lambda m: (m.due, m.first_quarter or 0))
        for position, label in self.extra_positions.items():
            text = clean_paragraphs(_first(own, f"@{position}"))
            if text:
                previous.extra.append({"label": label, "text": text})
        rest = {
            key: cells
            for key, cells in own.items()
            if key not in ("milestones", "deadline") and not key.startswith("@")
        }
        self._unplaced(
            row,
            rest,
            _("第%(number)s项的合并行中，") % {"number": previous.number},
            items=(previous.number,),
        )

    def _broken_row(self, row, placed, previous: ParsedTask) -> bool:
        """Is `row` the rest of the item above, broken over two rows at a page break with
        nothing repeated? Then its texts are joined to that item's (True returned).

        So it is when it follows the item's row directly, the item's text stops mid-sentence,
        and the row has no date and no whole unit of its own (a sub-item names its unit)."""
        if len(self.data_rows) < 2 or self.data_rows[-2].where != previous.where:
            return False
        content = clean_paragraphs(_first(placed, "content"))
        if (
            not content
            or re.search(r"[。；;！!？?]$", previous.content)
            or SUB_ITEM_RE.match(content)
            or clean_inline(_first(placed, "deadline"))
        ):
            return False
        units = split_units(_first(placed, "units"))[0]
        if any(UNIT_START_RE.match(u) for u in units):
            return False
        previous.content += content
        if units and previous.units:
            previous.units = self._rejoin_units(
                [*previous.units, *units], row, previous.number
            )
        else:
            previous.units += units
        progress = clean_paragraphs(_first(placed, "progress"))
        if progress:
            raw = (self.progress_texts.get(previous.number) or "") + progress
            previous.status, previous.progress, previous.percent = split_progress(raw)
        for position, label in self.extra_positions.items():
            text = clean_paragraphs(_first(placed, f"@{position}"))
            if not text:
                continue
            entry = next((e for e in previous.extra if e["label"] == label), None)
            if entry is None:
                previous.extra.append({"label": label, "text": text})
            else:
                entry["text"] += text
        rest = {
            key: cells
            for key, cells in placed.items()
            if key not in ("number", "content", "units", "progress", "deadline")
            and not key.startswith("@")
        }
        self._warn(
            _(
                "%(where)s 序号：为空，本行文字接续上一行第%(number)s项（表格在分页处断行），"
                "已并入第%(number)s项。"
            )
            % {"where": row.where, "number": previous.number},
            rows=(row.where, previous.where),
            items=(previous.number,),
        )
        self._unplaced(
            row, rest, _("第%(number)s项的接续行中，") % {"number": previous.number},
            items=(previous.number,),
        )
        return True

    def _progress_from_columns(self, task: ParsedTask, row) -> None:
        """A table without a progress column: the latest period filled ("1月" … "6月",
        "一季度进度" … "四季度进度") is the item's progress, else a 备注 that opens with a
        status ("已完成，待验收") gives the status. The columns stay extra fields as written."""
        periods = [
            e for e in task.extra
            if (match := PERIOD_RE.match(e["label"]))
            and (match.group("words") or PROGRESS_TITLE_RE.search(self.title))
        ]
        if periods:
            latest = periods[-1]
            task.status, task.progress, task.percent = split_progress(latest["text"])
            self.status_read = True
            self.period_choices.append((task.number, latest["label"], row.where))
            return
        for entry in task.extra:
            if not REMARKS_RE.search(entry["label"]):
                continue
            status, narrative = split_status(entry["text"])
            if narrative != entry["text"]:
                task.status = status
                self.status_read = True
                self._warn(
                    _("%(where)s %(label)s：第%(number)s项的“%(text)s”读作状态“%(status)s”，原文保留。")
                    % {
                        "where": row.where,
                        "label": entry["label"],
                        "number": task.number,
                        "text": entry["text"][:30],
                        "status": STATUS_LABELS[status],
                    },
                    rows=(row.where,),
                    items=(task.number,),
                )
                return

    def _status(self, text: str, row, task: ParsedTask) -> None:
        """A 完成状态 / 是否完成 / 销号情况 cell: a status word, a yes/no or a mark ("√",
        "●" or one a legend below the table explains). "否" is in progress unless the progress
        says behind or not started. The cell is kept as written unless it is the status's own
        word; a cell that names no status is kept and said."""
        status = self.status_marks.get(text)
        if status is None:
            found, narrative = split_status(text)
            status = found if narrative != text else None
        elif status == "in_progress" and task.status in ("behind", "not_started") and (
            task.progress or task.percent is not None
        ):
            status = task.status
        self.status_read = True
        if text != STATUS_LABELS.get(status or ""):
            task.extra.append({"label": self.status_label, "text": text})
        if status is None:
            self._warn(
                _("%(where)s %(label)s：“%(text)s”读不出状态，按原文保留在第%(number)s项中。")
                % {"where": row.where, "label": self.status_label, "text": text[:30],
                   "number": task.number},
                rows=(row.where,),
                items=(task.number,),
            )
            return
        task.status = status

    def _without_phones(self, placed, role: str, task: ParsedTask) -> str:
        """The names of a leaders / units / persons cell without the telephone numbers written
        in it ("孙八 13800138000"): a number is never a name. The cell as written is kept."""
        text = _first(placed, role)
        names, phones = strip_phones(text)
        if phones:
            # Stored with the item: the same label in any language of the one importing.
            task.extra.append({"label": f"{ROLE_LABELS[role]}电话", "text": clean_paragraphs(text)})
        return names

    def _within_limit(self, item: int, row, placed, number_text: str) -> bool:
        """A renumbered item still within MAX_ITEMS; otherwise its row is skipped, named."""
        if item <= MAX_ITEMS:
            return True
        self._skip(
            row,
            placed,
            "序号",
            _("“%(number)s”重新编号后超过%(max)d") % {"number": number_text, "max": MAX_ITEMS},
        )
        return False

    def _renumber(self, item: int, row, tasks) -> int:
        """The number item `item` of the current table or category is saved under.

        A program split into one table per category often numbers each table from 1 (and a
        table may number each category from 1): the first item of such a table or category
        numbered 1 when items are already read restarts (if the category holds no items yet:
        a repeated table is no restart), and its items follow the highest
        number so far, so that no two items share a number. A later table continuing a
        restarted one (a table broken at a page) keeps its shift; any other keeps its own
        numbers.
        """
        if self.block != self.numbered_block:
            self.numbered_block = self.block
            highest = max((t.item_number for t in tasks), default=0)
            # Only a category of its own restarts: a table repeated under the same heading
            # (or none) repeats its items, which are then skipped as duplicates.
            if item == 1 and highest and self.block[1] not in self.filled_categories:
                self.offset = highest
                self.restarts.append({"where": row.where, "offset": highest, "first": 1, "last": 1})
            elif not (self.offset and item == self.restarts[-1]["last"] + 1):
                self.offset = 0
        if self.offset:
            self.restarts[-1]["last"] = max(self.restarts[-1]["last"], item)
        return item + self.offset

    def _first_numbered(self, tasks, number: str) -> ParsedTask | None:
        """The first of `tasks` numbered `number`, without a scan per row (quadratic at 1,000
        rows): only the last task can still be renumbered or removed (it becomes sub-item
        (1), or a project row the title of its sub-items), so the others are indexed."""
        while self.indexed < len(tasks) - 1:
            self.by_number.setdefault(tasks[self.indexed].number, tasks[self.indexed])
            self.indexed += 1
        first = self.by_number.get(number)
        if first is None and tasks and tasks[-1].number == number:
            first = tasks[-1]
        return first

    def _percent(self, text: str, row, task) -> None:
        """A 完成率 cell ("83%", "0.83", "120%"): the item's reported percent, at most 100."""
        match = PERCENT_CELL_RE.match(text)
        if match is None:
            task.extra.append({"label": ROLE_LABELS["percent"], "text": text})
            self._warn(
                _("%(where)s 完成率：“%(text)s”不是百分数，按原文保留在第%(number)s项中。")
                % {"where": row.where, "text": text, "number": task.number},
                rows=(row.where,),
                items=(task.number,),
            )
            return
        value = float(match.group(1))
        if not match.group(2) and value <= 1 and "." in match.group(1):
            value *= 100  # an Excel percentage cell: 0.83
        elif not match.group(2) and value <= 2 and "." in match.group(1):
            # 1.075 in an unformatted cell: 107.5% overshot, not 1%; said, in case it was 1%.
            value *= 100
            self._warn(
                _("%(where)s 完成率：“%(text)s”没有百分号，按Excel的百分比读作%(percent)s%%。")
                % {"where": row.where, "text": text, "percent": f"{value:.10g}"},
                rows=(row.where,),
                items=(task.number,),
            )
        task.percent = min(round(value), 100)
        if value > 100:
            task.extra.append({"label": ROLE_LABELS["percent"], "text": text})
        if task.percent >= 100 and task.status in ("not_started", "in_progress"):
            task.status = "completed"

    def _sub_number(self, cell: Cell, number_text: str, previous) -> str:
        """ "1-1" is 1(1). "①" (and "（1）" under a plainly numbered item) is a sub-item of the
        item above: read as the rows of a project, whose own row becomes their title.
        "（1）" numbering the items themselves is item 1."""
        dashed = DASHED_NUMBER_RE.match(number_text)
        if dashed:
            return f"{dashed.group(1)}({dashed.group(2)})"
        if cell.continued:
            return number_text
        raw = clean_inline(cell.text).replace("★", "").strip()
        bracketed = BRACKETED_NUMBER_RE.match(number_text)
        sub = None
        if len(raw) == 1 and raw in CIRCLED_NUMBERS:
            sub = CIRCLED_NUMBERS.index(raw) + 1
            if previous is None or self.circled_items:
                # "①" on the first item: the table numbers its items ①②③.
                self.circled_items = True
                return str(sub)
        elif bracketed and (previous is None or self.bracketed_items):
            self.bracketed_items = True
            return bracketed.group(1)
        elif bracketed:
            sub = int(bracketed.group(1))
        if sub is None:
            if self.circled_project and NUMBER_RE.match(number_text):
                self.project, self.circled_project = 0, False
            return number_text
        if previous is None:
            return str(sub)
        if not self.project:
            self.project, self.circled_project = previous.item_number, True
        return str(sub)

    def _deadline(self, text: str, row, task) -> tuple[datetime.date | None, list]:
        """The deadline a 完成时限 cell names, and the milestones it holds instead.

        "5月底前动工" is when works start: a milestone, not the deadline. "9月投入使用" is
        9月底, its words kept. Text with no date is kept as written; both with a warning.
        """
        where = f"{row.where} 完成时限"
        try:
            due = read_deadline(text, self.year)
        except ValueError:
            # "11 月 31 日": a typing error the office corrects on the item page.
            task.extra.append({"label": ROLE_LABELS["deadline"], "text": text})
            self._warn(
                _("%(where)s：“%(text)s”不是有效日期，按原文保留在第%(number)s项中。")
                % {"where": where, "text": text, "number": task.number},
                rows=(row.where,),
                items=(task.number,),
            )
            return None, []
        if due is not None and START_WORDS_RE.search(text):
            self._warn(
                _("%(where)s：“%(text)s”是开工时间，作为第%(number)s项的节点导入，不作完成时限。")
                % {"where": where, "text": text, "number": task.number},
                rows=(row.where,),
                items=(task.number,),
            )
            return None, [ParsedMilestone(due=due, text=text, kind="dated")]
        if due is None:
            task.extra.append({"label": ROLE_LABELS["deadline"], "text": text})
            self._warn(
                _("%(where)s：读不懂“%(text)s”，按原文保留在第%(number)s项中。")
                % {"where": where, "text": text, "number": task.number},
                rows=(row.where,),
                items=(task.number,),
            )
            return None, []
        if due.year != self.year:
            # A project running into the next year ("2026年6月底前"): the date as written.
            task.extra.append({"label": ROLE_LABELS["deadline"], "text": text})
            self._warn(
                _(
                    "%(where)s：“%(text)s”按%(year)d年%(month)d月%(day)d日读作完成时限，"
                    "不在%(program_year)d年内，原文保留在第%(number)s项中。"
                )
                % {
                    "where": where,
                    "text": text,
                    "year": due.year,
                    "month": due.month,
                    "day": due.day,
                    "program_year": self.year,
                    "number": task.number,
                },
                rows=(row.where,),
                items=(task.number,),
            )
        elif DATE_WORDS_RE.sub("", text):
            task.extra.append({"label": ROLE_LABELS["deadline"], "text": text})
            self._warn(
                _("%(where)s：“%(text)s”按%(month)d月%(day)d日读作完成时限，原文保留在第%(number)s项中。")
                % {
                    "where": where,
                    "text": text,
                    "month": due.month,
                    "day": due.day,
                    "number": task.number,
                },
                rows=(row.where,),
                items=(task.number,),
            )
        return due, []

    def _continuation(self, row, placed, previous, tasks, content) -> str | None:
        """A row without 序号 under an item: an extra milestone of that item when it has a
        date of its own (None returned), else its next sub-item (its number returned).
        Always with a warning; no cell of the row is dropped unsaid."""
        deadline_text = clean_inline(_first(placed, "deadline"))
        due = None
        if deadline_text:
            try:
                due = read_deadline(deadline_text, self.year)
            except ValueError:
                due = None
        if due is not None:
            previous.milestones.append(ParsedMilestone(due=due, text=content, kind="dated"))
            previous.milestones.sort(key=lambda m: (m.due, m.first_quarter or 0))
            self._warn(
                _("%(where)s 序号：为空，“%(text)s”（%(deadline)s）作为第%(number)s项的节点导入。")
                % {
                    "where": row.where,
                    "text": content[:30],
                    "deadline": deadline_text,
                    "number": previous.number,
                },
                rows=(row.where,),
                items=(previous.number,),
            )
            for position, label in self.extra_positions.items():
                text = clean_paragraphs(_first(placed, f"@{position}"))
                if text:
                    previous.extra.append({"label": label, "text": text})
            known = {*previous.units, *previous.leaders, *previous.persons, previous.title}
            known |= {clean_name(content), clean_name(previous.content)}
            rest = {
                key: [c for c in cells if clean_name(c.text) not in known]
                for key, cells in placed.items()
                if key not in ("number", "content", "deadline") and not key.startswith("@")
            }
            self._unplaced(
                row,
                rest,
                _("第%(number)s项的节点行中，") % {"number": previous.number},
                items=(previous.number,),
            )
            return None
        base = previous.number.split("(")[0]
        if "(" not in previous.number:
            previous.number = f"{base}(1)"
        subs = [t for t in tasks if t.number.split("(")[0] == base]
        number = f"{base}({len(subs) + 1})"
        self._warn(
            _("%(where)s 序号：为空，“%(text)s”作为第%(base)s项的子项%(number)s导入。")
            % {"where": row.where, "text": content[:30], "base": base, "number": number},
            rows=(row.where,),
            items=(number,),
        )
        return number

    def _rejoin_units(self, units: list[str], row, number) -> list[str]:
        """ "市人力资源" / "社会保障局": a unit name wrapped over two lines is one unit when the
        first piece does not end like a unit and the two together do."""
        joined: list[str] = []
        for unit in units:
            if (
                joined
                and not UNIT_END_RE.search(joined[-1])
                and UNIT_END_RE.search(unit)
                and not UNIT_START_RE.match(unit)
            ):
                self._warn(
                    _(
                        "%(where)s 第%(number)s项：责任单位“%(first)s”和“%(second)s”"
                        "视为折行的一个单位“%(first)s%(second)s”。"
                    )
                    % {"where": row.where, "number": number, "first": joined[-1], "second": unit},
                    rows=(row.where,),
                    items=(number,),
                )
                joined[-1] += unit
            else:
                joined.append(unit)
        return joined

    def _skip(self, row, placed, column: str, reason: str) -> None:
        """Skip a row that cannot be an item, naming its row, the column at fault and
        every text of the row that was not imported, so the office can put it right."""
        texts = [clean_inline(c.text) for k, v in placed.items() if k != "number" for c in v]
        texts = list(dict.fromkeys(t for t in texts if t))
        self._warn(
            _("%(where)s %(column)s：%(reason)s，本行%(texts)s未导入。")
            % {
                "where": row.where,
                "column": column,
                "reason": reason,
                "texts": "、".join(f"“{t[:40]}”" for t in texts),
            },
            rows=(row.where,),
        )

    def _unplaced(self, row, placed, what: str | None = None, items=()) -> None:
        texts = [clean_inline(c.text) for cells in placed.values() for c in cells]
        texts = [t for t in texts if t]
        if texts:
            self._warn(
                _("%(where)s：%(what)s单元格%(texts)s未导入。")
                % {
                    "where": row.where,
                    "what": _("没有序号和内容，") if what is None else what,
                    "texts": "、".join(f"“{t[:20]}”" for t in texts),
                },
                rows=(row.where,),
                items=items,
            )

    def _quarter_milestones(self, placed, row, number) -> list[ParsedMilestone]:
        milestones = []
        quarter_cells = [(q, (placed.get(f"q{q}") or [None])[0]) for q in range(1, 5)]
        index = 0
        while index < 4:
            quarter, cell = quarter_cells[index]
            if cell is None:
                index += 1
                continue
            last = quarter
            while last < 4 and quarter_cells[last][1] is cell:
                last += 1
            text = clean_paragraphs(cell.text)
            if text and text not in {"/", "／", "—", "-", "无"}:
                milestones.append(
                    ParsedMilestone(
                        due=quarter_end(self.year, last),
                        text=text,
                        kind="quarter",
                        first_quarter=quarter,
                        last_quarter=last,
                    )
                )
            index = last
        return milestones

    def _dated_milestones(self, raw: str, row, number, task=None) -> list[ParsedMilestone]:
        text = strip_html(raw or "")
        if not text.strip():
            return []
        text = NODE_LINE_RE.sub(r"\1：", text)
        matches = list(NODE_RE.finditer(text))
        if not matches:
            kept = clean_paragraphs(text)
            if task is not None:
                task.extra.append({"label": ROLE_LABELS["milestones"], "text": kept})
            self._warn(
                _(
                    "%(where)s 节点计划：第%(number)s项读不出“X月X日前：”形式的节点，"
                    "“%(text)s”按原文保留在第%(number)s项中。"
                )
                % {"where": row.where, "number": number, "text": kept[:40]},
                rows=(row.where,),
                items=(number,),
            )
            return []
        leading = clean_inline(text[: matches[0].start()])
        if leading:
            self._warn(
                _("%(where)s 节点计划：第一个节点前的文字“%(text)s”未导入。")
                % {"where": row.where, "text": leading[:30]},
                rows=(row.where,),
                items=(number,),
            )
        milestones = []
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            month = int(match.group(1))
            try:
                if match.group(2):
                    due = datetime.date(self.year, month, int(match.group(2)))
                else:
                    due = parse_deadline(f"{month}月底", self.year)
            except ValueError:
                due = None
            body = clean_paragraphs(text[match.end() : end])
            if due is None:
                kept = clean_inline(match.group(0)) + body
                if task is not None:
                    task.extra.append({"label": ROLE_LABELS.get("milestones", "节点"), "text": kept})
                self._warn(
                    _("%(where)s 节点计划：“%(node)s”不是有效日期，该节点按原文保留在第%(number)s项中。")
                    % {"where": row.where, "node": match.group(0), "number": number},
                    rows=(row.where,),
                    items=(number,),
                )
                continue
            milestones.append(ParsedMilestone(due=due, text=body, kind="dated"))
        return milestones

    def _check_counts(self, program: ParsedProgram) -> None:
        found = len(program.item_numbers)
        if program.declared_items is not None and found != program.declared_items:
            missing = program.missing_numbers
            values = {"declared": program.declared_items, "found": found}
            if missing:
                values["missing"] = "、".join(str(n) for n in missing)
                message = _("文件称共%(declared)d项，表格中找到%(found)d项，缺少第%(missing)s项。")
            else:
                message = _("文件称共%(declared)d项，表格中找到%(found)d项。")
            self.warnings.insert(0, message % values)
        for category in program.categories:
            if category.declared_items is None:
                continue
            count = len({t.item_number for t in program.tasks if t.category == category.number})
            if count != category.declared_items:
                self.warnings.append(
                    _("大类“%(name)s”称共%(declared)d项，找到%(count)d项。")
                    % {"name": category.name, "declared": category.declared_items, "count": count}
                )


def _cell_at(row: Row, column: int) -> Cell | None:
    """The cell of `row` covering header column `column` (cells may span columns)."""
    position = 0
    for cell in row.cells:
        position += cell.span or 1
        if column < position:
            return cell
    return None


def _continued(placed: dict[str, list[Cell]], *roles: str) -> bool:
    """Are the cells of `roles` merged down from the row above (the first role that the table
    has)?"""
    for role in roles:
        if role in placed:
            return all(cell.continued for cell in placed[role])
    return False


def _first(placed: dict[str, list[Cell]], role: str) -> str:
    cells = placed.get(role)
    return cells[0].text if cells else ""


def split_progress(text: str) -> tuple[str, str | None, int | None]:
    """(status, narrative, percent) of a progress cell.

    "80%(新区实验幼儿园进度滞后)" → ("behind", "新区实验幼儿园进度滞后", 80): a note that says
    滞后 makes the item behind; "50%(马站未开工" (bracket never closed) keeps its note;
    "100%" is completed. Without a percentage, the status words open the cell.
    """
    match = PERCENT_RE.match(text)
    if not match:
        return (*split_status(text), None)
    percent = min(round(float(match.group("value"))), 100)
    note = (match.group("note") or "").strip()
    rest = (match.group("rest") or "").strip()
    if note:
        narrative = "\n".join(p for p in (note, rest) if p)
        behind = dict(STATUS_WORDS)["behind"]
        if any(word in note for word in behind):
            return "behind", narrative, percent
        status, _ = split_status(note)
    elif rest:
        status, narrative = split_status(rest)
    else:
        status, narrative = "in_progress", None
    if percent >= 100:
        status = "completed"
    elif percent == 0 and not note and not rest:
        status = "not_started"
    return status, narrative, percent


COUNT_AFTER_RE = re.compile(r"\s*(?:约|近|共|了)?\s*[\d０-９一二三四五六七八九十两百千万]")


def split_status(text: str) -> tuple[str, str | None]:
    """ "已完成。\\n（1）…" → ("completed", "（1）…"). The status opens a completion cell."""
    first, _, rest = text.partition("\n")
    head = first.strip()
    for status, words in STATUS_WORDS:
        for word in words:
            if head.startswith(word) and not (
                # "已完成8个", "完成12公里": a count of what is done, not the status.
                status == "completed" and COUNT_AFTER_RE.match(head, len(word))
            ):
                remainder = head[len(word) :].lstrip("。.，,；; ")
                narrative = "\n".join(p for p in (remainder, rest.strip()) if p)
                return status, narrative or None
    return "in_progress", text
