"""Official-layout exports: a program as the .docx / .xlsx table offices publish.

Both formats are drawn from one grid built from the interchange dict (`program_to_dict`),
so the database is read with a fixed number of queries and whatever the interchange holds
is laid out the way `importers.layout` reads it back: the title line with its declared
count, one table, a header row of the source documents' column words, category cells
merged down (or category heading rows across a quarterly table), units and persons one per
line, the lead unit noted in the content, ★ for city-level items, merged quarter targets
and sub-item numbers merged down.
"""

import calendar
import datetime
import io
import re
from dataclasses import dataclass, field

from minsheng.lib.numerals import chinese_ordinal
from minsheng.lib.spreadsheet import keep_text

from .interchange import dumps, program_to_dict
from .layout import LEAD_NOTE_RE, SUB_ITEM_RE
from .vocabulary import EXPORT_LABELS, STATUS_LABELS

# Header words of the exports: the reader's vocabulary, so what is written reads back.
LABELS = dict(EXPORT_LABELS)
QUARTER_ROLES = ("q1", "q2", "q3", "q4")
# Relative column widths (characters at the body font size).
WIDTHS = {
    "category": 10,
    "number": 5,
    "title": 12,
    "content": 40,
    "leaders": 8,
    "units": 15,
    "persons": 8,
    "deadline": 9,
    "milestones": 42,
    "progress": 48,
    "plan": 30,
    "q1": 16,
    "q2": 16,
    "q3": 16,
    "q4": 16,
}
EXTRA_WIDTH = 16
# Extra fields the reader made from a cell of a known column: written back into it.
MARKER_LABEL = "序号标记"
DEADLINE_LABEL = EXPORT_LABELS["deadline"]
CENTERED_ROLES = {"category", "number", "leaders", "units", "persons", "deadline"}
NOTE_STAR = "注：标有★的事项是市民生实事内容。"
SUB_NUMBER_RE = re.compile(r"^(\d+)\((\d+)\)$")


@dataclass
class Grid:
    """The table to draw: header labels, cell texts (None under a merge) and merges."""

    title: str
    roles: list[str]
    header: list[str]
    rows: list[list[str | None]] = field(default_factory=list)
    # (first_row, first_col, last_row, last_col), inclusive, in table rows (header = 0)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heading_rows: set[int] = field(default_factory=set)
    note: str = ""
    # The notice's reporting sentence, between the title and the table.
    preamble: str = ""
    # The program's notes ("注：…", "合计：…"), one line each below the table and the note.
    notes: list[str] = field(default_factory=list)

    @property
    def below(self) -> list[str]:
        """The lines under the table, one paragraph (a row in Excel) each."""
        return ([self.note] if self.note else []) + self.notes

    @property
    def widths(self) -> list[int]:
        return [WIDTHS.get(role, EXTRA_WIDTH) for role in self.roles]

    def add_row(self, values: dict[str, str]) -> int:
        self.rows.append([values.get(role, "") for role in self.roles])
        return len(self.rows)  # the table row index (the header is row 0)

    def add_heading(self, text: str) -> None:
        self.rows.append([text] + [None] * (len(self.roles) - 1))
        index = len(self.rows)
        self.heading_rows.add(index)
        if len(self.roles) > 1:
            self.merges.append((index, 0, index, len(self.roles) - 1))

    def merge_down(self, role: str, first: int, last: int) -> None:
        if last <= first:
            return
        column = self.roles.index(role)
        for index in range(first + 1, last + 1):
            self.rows[index - 1][column] = None
        self.merges.append((first, column, last, column))

    def table(self) -> list[list[str | None]]:
        return [list(self.header), *self.rows]


# -- building the grid ---------------------------------------------------------------------
SUMMARY_SUFFIX = "完成情况汇总表"
PLAN_SUFFIX = "任务分解表"


def program_title(data: dict, summary: bool | None = None) -> str:
    title = data["title"] or f"{data['year']}年{data['jurisdiction_name']}民生实事"
    # The office asks for either table of any program: name the one it gets.
    if summary is True and SUMMARY_SUFFIX not in title:
        title = title.removesuffix(PLAN_SUFFIX).removesuffix("计划").removesuffix("项目")
        title += SUMMARY_SUFFIX
    elif summary is False and SUMMARY_SUFFIX in title:
        title = title.replace(SUMMARY_SUFFIX, PLAN_SUFFIX)
    items, matters = data["declared_items"], data["declared_matters"]
    if items is not None and matters is not None:
        return f"{title}（共{matters}件，{items}项）"
    if items is not None:
        return f"{title}（共{items}项）"
    return title


def category_label(category: dict, quarterly: bool) -> str:
    ordinal = chinese_ordinal(category["number"])
    text = f"（{ordinal}）{category['name']}" if quarterly else f"{ordinal}、{category['name']}"
    if category["declared_items"] is not None:
        text += f"（共{category['declared_items']}项）"
    return text


def deadline_text(value: str | None) -> str:
    if not value:
        return ""
    day = datetime.date.fromisoformat(value)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{day.month}月底"
    return f"{day.month}月{day.day}日"


def is_completion(data: dict) -> bool:
    # Status alone does not make a summary: a plan's tasks turn 滞后 as its dates pass.
    return any(
        t["status"] == "completed" or t["progress"] or t.get("percent") is not None
        for t in data["tasks"]
    )


def choose_roles(data: dict, summary: bool | None = None) -> tuple[str, list[str], dict[str, str]]:
    """The layout kind ("quarterly", "dated" or "list"), its column roles and labels.

    `summary` asks for the completion summary (True) or the plan (False); None follows
    the data: a program with progress is exported as its completion summary.
    """
    tasks = data["tasks"]
    milestones = [m for t in tasks for m in t["milestones"]]
    completion = is_completion(data) if summary is None else summary
    has = {
        "title": any(t["title"] for t in tasks),
        "leaders": any(t["leaders"] for t in tasks),
        "persons": any(u["person"] for t in tasks for u in t["units"]),
        "deadline": any(t["deadline"] for t in tasks),
        "dated": any(not m.get("quarters") for m in milestones),
    }
    labels = dict(LABELS)
    if data["cadence"] == "quarterly" or any(m.get("quarters") for m in milestones):
        kind = "quarterly"
        roles = ["number", "title", "content"]
        roles += ["leaders"] if has["leaders"] else []
        roles += ["units"] + (["persons"] if has["persons"] else []) + list(QUARTER_ROLES)
        roles += ["milestones"] if has["dated"] else []
        labels.update(content="事项内容及目标", units="责任部门")
    elif has["dated"]:
        kind = "dated"
        roles = ["category", "number"] + (["title"] if has["title"] else [])
        roles += ["content", "milestones"] + (["leaders"] if has["leaders"] else [])
        roles += ["units"] + (["persons"] if has["persons"] else [])
        labels.update(content="具体内容")
    else:
        kind = "list"
        roles = ["category", "number"] + (["title"] if has["title"] else [])
        roles += ["content", "leaders", "units", "persons"]
        if completion:
            labels.update(category="大类")
    if kind != "list" and has["deadline"] or kind == "list" and (has["deadline"] or not completion):
        roles.append("deadline")
    if completion:
        roles.append("progress")
        # Progress of one day other than the year's end says which ("截至6月30日"), as
        # progress tables do, so the file read again gives the day back.
        days = {t["progress_as_of"] for t in tasks if t.get("progress_as_of")}
        if len(days) == 1 and (day := datetime.date.fromisoformat(days.pop())) != (
            datetime.date(data["year"], 12, 31)
        ):
            labels["progress"] = f"{labels['progress']}（截至{day.month}月{day.day}日）"
    if any(e["label"] == DEADLINE_LABEL for t in tasks for e in t.get("extra", [])):
        roles += [] if "deadline" in roles else ["deadline"]
    # Columns without a field of their own come back as columns, under their header words.
    for label in extra_labels(data):
        roles.append(f"extra:{label}")
        labels[f"extra:{label}"] = label
    return kind, roles, labels


def extra_labels(data: dict) -> list[str]:
    labels: list[str] = []
    for task in data["tasks"]:
        for extra in task.get("extra", []):
            label = extra["label"]
            if label not in (MARKER_LABEL, DEADLINE_LABEL) and label not in labels:
                labels.append(label)
    return labels


def content_text(task: dict, star: bool, always_lead: bool) -> str:
    text = task["content"]
    units = task["units"]
    lead = next((u["name"] for u in units if u["lead"]), None)
    # The reader takes the first unit as lead unless the content names one; a content that
    # itself ends like a lead note needs the real note after it.
    needed = lead and (units[0]["name"] != lead or LEAD_NOTE_RE.search(text))
    # The reader's note cannot hold brackets ("各市（区）政府"): such a lead stays implicit.
    readable = lead and not re.search(r"[（）()]", lead)
    if needed or (always_lead and readable):
        text += f"（牵头单位：{lead}）"
    return ("★" if star else "") + text


def progress_text(task: dict) -> str:
    label = task.get("public_status_text") or STATUS_LABELS.get(task["status"], "推进中")
    lines = [label + "。"]
    if task.get("percent") is not None:
        lines.insert(0, f"{task['percent']}%")  # the reader takes the figure first
    # Public downloads: the figures and milestone count, and the date of the progress text.
    lines += [t for t in (task.get("target_text"), task.get("milestones_summary")) if t]
    if task["progress"]:
        lines += [task["progress_heading"]] if task.get("progress_heading") else []
        lines.append(task["progress"])
    return "\n".join(lines)


def milestone_line(milestone: dict) -> str:
    state = milestone.get("state_text")
    return f"{milestone['text']}（{state}）" if state else milestone["text"]


def milestones_text(task: dict) -> str:
    lines = []
    for milestone in task["milestones"]:
        if milestone.get("quarters"):
            continue
        due = datetime.date.fromisoformat(milestone["due"])
        lines.append(f"{due.month}月{due.day}日前：{milestone_line(milestone)}")
    return "\n".join(lines)


def quarter_cells(task: dict) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Texts by quarter role and the (first, last) quarter ranges to merge across."""
    texts: dict[str, str] = {}
    spans = []
    for milestone in task["milestones"]:
        if not milestone.get("quarters"):
            continue
        first, last = milestone["quarters"]
        role = f"q{first}"
        if role in texts:  # two targets in one quarter: keep both, one per line
            texts[role] += "\n" + milestone_line(milestone)
            continue
        texts[role] = milestone_line(milestone)
        if last > first:
            spans.append((first, last))
    return texts, spans


def sub_item_groups(tasks: list[dict]) -> list[list[dict]]:
    """Consecutive tasks grouped by item number when they are sub-items 1, 2, … that the
    reader can number from a merged 序号 cell (each later content opens with "（k）")."""
    groups: list[list[dict]] = []
    for task in tasks:
        match = SUB_NUMBER_RE.match(task["number"])
        previous = groups[-1] if groups else None
        if (
            match
            and previous
            and SUB_NUMBER_RE.match(previous[-1]["number"])
            and SUB_NUMBER_RE.match(previous[-1]["number"]).group(1) == match.group(1)
            and previous[-1]["category"] == task["category"]
        ):
            previous.append(task)
        else:
            groups.append([task])
    return groups


def mergeable(group: list[dict]) -> bool:
    if len(group) < 2:
        return False
    for k, task in enumerate(group, start=1):
        if SUB_NUMBER_RE.match(task["number"]).group(2) != str(k):
            return False
        if k > 1:
            sub = SUB_ITEM_RE.match(task["content"])
            if not sub or int(sub.group(1)) != k or task["title"] != group[0]["title"]:
                return False
    return True


REPORT_SENTENCES = {
    ("monthly", "period_end"): "各牵头单位于每月底前将工作任务落实情况报送督查室",
    ("monthly", "next_period_start"): "各牵头单位于每月1日前将上月工作任务落实情况报送督查室",
    ("quarterly", "period_end"): "各牵头单位于每季度末前将工作任务落实情况报送督查室",
    ("quarterly", "next_period_start"): (
        "各牵头单位于每季度的首月1日前以表格形式将上季度完成情况报送督查室"
    ),
}


def preamble_text(data: dict, kind: str) -> str:
    """The reporting rule as the source notices write it ("各牵头单位于每季度的首月1日前…
    报送督查室", "（首次报送时间为3月31日）"), read back by `layout.reporting_rule`.

    Empty when the program keeps what the reader assumes of a table alone: monthly (quarterly
    for a table of quarter targets), due by the period's end, no first date.
    """
    cadence, rule, first = data["cadence"], data["report_due_rule"], data["first_report_due"]
    assumed = "quarterly" if kind == "quarterly" else "monthly"
    if (cadence, rule, first) == (assumed, "period_end", None):
        return ""
    sentence = REPORT_SENTENCES.get((cadence, rule), REPORT_SENTENCES[("monthly", "period_end")])
    if first:
        day = datetime.date.fromisoformat(first)
        year = f"{day.year}年" if day.year != data["year"] else ""
        sentence += f"（首次报送时间为{year}{day.month}月{day.day}日）"
    return sentence + "。"


def build_grid(data: dict, summary: bool | None = None) -> Grid:
    kind, roles, labels = choose_roles(data, summary)
    grid = Grid(title=program_title(data, summary), roles=roles, header=[labels[r] for r in roles])
    grid.preamble = preamble_text(data, kind)
    categories = {c["number"]: c for c in data["categories"]}
    quarterly = kind == "quarterly"
    always_lead = kind == "list"  # the lists the city publishes always note the lead unit
    runs: list[list[dict]] = []
    for task in data["tasks"]:
        if runs and runs[-1][-1]["category"] == task["category"]:
            runs[-1].append(task)
        else:
            runs.append([task])
    for run in runs:
        category = categories[run[0]["category"]]
        if quarterly:
            grid.add_heading(category_label(category, quarterly))
        first_row = None
        for group in sub_item_groups(run):
            merged = mergeable(group)
            title_star = merged and bool(group[0]["title"]) and all(t["city_level"] for t in group)
            group_first = None
            for task in group:
                star_on_title = (
                    bool(task["title"]) and task["city_level"] and (title_star or not merged)
                )
                star_on_content = task["city_level"] and not star_on_title and not title_star
                number = task["number"]
                if merged:
                    number = SUB_NUMBER_RE.match(number).group(1)
                else:
                    number = number.replace("(", "（").replace(")", "）")
                values = {
                    "category": category_label(category, quarterly),
                    "number": number,
                    "title": ("★" if star_on_title or title_star else "") + (task["title"] or ""),
                    "content": content_text(task, star_on_content, always_lead),
                    "leaders": "\n".join(task["leaders"]),
                    "units": "\n".join(u["name"] for u in task["units"]),
                    "persons": "\n".join(u["person"] for u in task["units"]),
                    "deadline": deadline_text(task["deadline"]),
                    "milestones": milestones_text(task),
                    "progress": progress_text(task),
                }
                for extra in task.get("extra", []):
                    if extra["label"] == MARKER_LABEL and not merged:
                        values["number"] += extra["text"]  # "9*"
                    elif extra["label"] == DEADLINE_LABEL:
                        values["deadline"] = extra["text"]  # as the source wrote it
                    else:
                        values[f"extra:{extra['label']}"] = extra["text"]
                quarters, spans = quarter_cells(task)
                values.update(quarters)
                row = grid.add_row(values)
                if quarterly:
                    for first, last in spans:
                        column = roles.index(f"q{first}")
                        for offset in range(1, last - first + 1):
                            grid.rows[row - 1][column + offset] = None
                        grid.merges.append((row, column, row, column + last - first))
                first_row = first_row or row
                group_first = group_first or row
            if merged:
                grid.merge_down("number", group_first, len(grid.rows))
                if "title" in roles:
                    grid.merge_down("title", group_first, len(grid.rows))
        if "category" in roles:
            grid.merge_down("category", first_row, len(grid.rows))
    # Categories without items keep a heading row of their own.
    used = {t["category"] for t in data["tasks"]}
    for category in data["categories"]:
        if category["number"] not in used:
            grid.add_heading(category_label(category, True))
    grid.notes = list(data.get("notes", []))
    # A legend of ★ of the file's own wording stands for ours.
    if any(t["city_level"] for t in data["tasks"]) and not any("★" in n for n in grid.notes):
        grid.note = NOTE_STAR
    if "public" in data:  # the public download says what it holds and counts honestly
        public = data["public"]
        note = "；".join(t for t in (public["label"], public["counts"], public["completion"]) if t)
        grid.note = "\n".join(t for t in (grid.note, note + "。", public["basis"]) if t)
    return grid


# -- .docx -----------------------------------------------------------------------------------
BODY_FONT = ("宋体", "仿宋_GB2312")
TITLE_FONT = ("黑体", "方正小标宋简体")


def _font(run, fonts: tuple[str, str], size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = fonts[0]
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts[1])


def export_docx(program, summary: bool | None = None, data: dict | None = None) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    grid = build_grid(data or program_to_dict(program), summary)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT[0]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT[1])

    title = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _font(title.add_run(grid.title), TITLE_FONT, 18, bold=True)
    if grid.preamble:
        _font(document.add_paragraph().add_run(grid.preamble), BODY_FONT, 10.5)

    table_rows = grid.table()
    table = document.add_table(rows=len(table_rows), cols=len(grid.roles))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(grid.widths)
    widths = [int(usable * w / total) for w in grid.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)

    for first_row, first_col, last_row, last_col in grid.merges:
        table.cell(first_row, first_col).merge(table.cell(last_row, last_col))
    for index, values in enumerate(table_rows):
        row = table.rows[index]
        cells = row.cells
        for column, text in enumerate(values):
            if text is None:
                continue
            cell = cells[column]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            lines = text.split("\n") if text else [""]
            paragraph = cell.paragraphs[0]
            for number, line in enumerate(lines):
                if number:
                    paragraph = cell.add_paragraph()
                role = grid.roles[column]
                centered = index == 0 or (role in CENTERED_ROLES and index not in grid.heading_rows)
                if centered:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if line:
                    bold = index == 0 or index in grid.heading_rows
                    _font(paragraph.add_run(line), BODY_FONT, 10.5, bold=bold)
    for note in grid.below:
        _font(document.add_paragraph().add_run(note), BODY_FONT, 10.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- .xlsx -----------------------------------------------------------------------------------
def _row_height(values: list[str | None], widths: list[int]) -> float:
    lines = 1
    for text, width in zip(values, widths, strict=True):
        if not text:
            continue
        count = sum(max(1, -(-len(line) * 2 // max(width - 1, 1))) for line in text.split("\n"))
        lines = max(lines, count)
    return min(409, 15 * lines + 4)


def export_xlsx(program, summary: bool | None = None, data: dict | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    grid = build_grid(data or program_to_dict(program), summary)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "民生实事"[:31]
    columns = len(grid.roles)
    # Width in characters: a CJK character is about two.
    widths = [w * 2 + 2 for w in grid.widths]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    sheet.cell(row=1, column=1, value=grid.title)
    sheet.cell(row=1, column=1).font = Font(name="黑体", size=16, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if columns > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.row_dimensions[1].height = 32
    top = 2  # the sheet row of the table's header
    if grid.preamble:
        sheet.cell(row=2, column=1, value=grid.preamble).font = Font(name="宋体", size=10.5)
        if columns > 1:
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
        top = 3

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name="宋体", size=10.5)
    bold = Font(name="宋体", size=10.5, bold=True)
    table_rows = grid.table()
    for index, values in enumerate(table_rows):
        excel_row = index + top
        for column, text in enumerate(values, start=1):
            cell = sheet.cell(row=excel_row, column=column)
            if text:
                cell.value = text
            cell.border = border
            heading = index == 0 or index in grid.heading_rows
            cell.font = bold if heading else body
            horizontal = (
                "center"
                if index == 0 or (grid.roles[column - 1] in CENTERED_ROLES and not heading)
                else "left"
            )
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if index in grid.heading_rows:
            sheet.row_dimensions[excel_row].height = 20
        else:
            sheet.row_dimensions[excel_row].height = _row_height(values, widths)
    for first_row, first_col, last_row, last_col in grid.merges:
        sheet.merge_cells(
            start_row=first_row + top,
            start_column=first_col + 1,
            end_row=last_row + top,
            end_column=last_col + 1,
        )
    below = len(table_rows) + top + 1  # a blank row under the table
    for offset, note in enumerate(grid.below):
        sheet.cell(row=below + offset, column=1, value=note).font = body

    sheet.freeze_panes = f"A{top + 1}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    keep_text(workbook)  # a content beginning with "=" stays text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS = {"docx": export_docx, "xlsx": export_xlsx}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def render(program, fmt: str, table: str | None = None, data: dict | None = None) -> bytes:
    """`program` as a file: "json" (interchange), or "docx"/"xlsx" in the official layout,
    as its plan (`table="plan"`), its completion summary ("summary") or as its data suggests.
    `data` replaces the interchange dict (the portal's, with milestone states and dates)."""
    program.tasks.refresh_stale()  # the tables carry each item's status
    if fmt == "json":
        return dumps(data or program_to_dict(program)).encode("utf-8")
    summary = {"plan": False, "summary": True}.get(table or "")
    return FORMATS[fmt](program, summary, data)
