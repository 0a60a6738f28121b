"""The dashboard's lists as an Excel workbook, one sheet a list."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from minsheng.lib.spreadsheet import keep_text

TITLE = Font(name="方正小标宋简体", size=16, bold=True)
HEADER = Font(name="黑体", bold=True)
BODY = Font(name="宋体")
# Title, as-of date and filters above the header row.
PREAMBLE = 3
HEADER_ROW = PREAMBLE + 1


def local(moment):
    """A stored (UTC) moment as the office's wall-clock time (settings.TIME_ZONE), naive for
    Excel: an action at 06:02 on 30 Nov in 开平 reads 06:02, not 29 Nov 22:02."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _sheet(workbook, title, header, rows, widths, preamble=("", "", "")):
    sheet = workbook.create_sheet(title)
    heading, as_of, filters = preamble
    sheet.append([f"{heading} · {title}" if heading else title])
    sheet["A1"].font = TITLE
    sheet.append([as_of])
    sheet.append([filters])
    sheet.append(header)
    for cell in sheet[HEADER_ROW]:
        cell.font = HEADER
    for row in rows:
        sheet.append(row)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row:
            cell.font = BODY
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _task(task) -> str:
    return f"{task.program.jurisdiction.name}{task.program.year}年 第{task.number}项 {task.title or task.content}"


def dashboard_xlsx(board, jurisdiction, filters: str = "") -> bytes:
    """The lists, one sheet each, under a title, the as-of date and the filters applied."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    today = board.today
    now = timezone.localtime()
    preamble = (
        f"{jurisdiction.name if jurisdiction else ''}民生实事督查清单",
        f"截至{today.year}年{today.month}月{today.day}日（导出于 {now:%Y-%m-%d %H:%M}）",
        f"筛选条件：{filters or '无'}",
    )

    def add(*args):  # every sheet carries the preamble
        _sheet(workbook, *args, preamble=preamble)

    milestone_header = ["项目", "节点", "截止日期", "原定日期", "牵头单位", "责任人", "分管领导", "逾期天数"]
    widths = [50, 40, 12, 12, 20, 10, 10, 10]

    def milestone_rows(listing):
        return [
            [
                _task(m.task), m.text, m.due, m.original_due, m.lead_unit_name, m.lead_person,
                m.leader_name, max((today - m.due).days, 0),
            ]
            for m in listing.ordered  # every row, not the page on screen
        ]

    add("逾期节点", milestone_header, milestone_rows(board.overdue), widths)
    add(f"{board.window}天内到期", milestone_header, milestone_rows(board.due_soon), widths)
    add(
        "未按期报送",
        ["项目", "应报送日期", "牵头单位", "责任人", "分管领导", "逾期天数"],
        [
            [_task(t), t.next_report_due, t.lead_unit_name, t.lead_person, t.leader_name,
             (today - t.next_report_due).days]
            for t in board.missing_reports.ordered
        ],
        [50, 12, 20, 10, 10, 10],
    )
    report_header = ["项目", "报送期", "牵头单位", "责任人", "分管领导", "时间", "审核意见"]
    add(
        "已退回待重报", report_header,
        [[_task(r.task), r.period_label, r.lead_unit_name, r.lead_person, r.leader_name,
          local(r.reviewed_at), r.review_comment]
         for r in board.returned.ordered],
        [50, 12, 20, 10, 10, 18, 40],
    )
    add(
        "待审核", report_header,
        [[_task(r.task), r.period_label, r.lead_unit_name, r.lead_person, r.leader_name,
          local(r.submitted_at), ""]
         for r in board.awaiting_review.ordered],
        [50, 12, 20, 10, 10, 18, 10],
    )
    person_header = ["名称", "项目数", "红灯", "逾期节点", "未报送", "平均逾期天数"]
    for title, rows in (("按单位", board.units), ("按分管领导", board.leaders)):
        add(
            title, person_header,
            [[r.name, r.tasks, r.red, r.overdue, r.missing, r.average_days_late] for r in rows],
            [24, 8, 8, 10, 8, 12],
        )
    rollup = getattr(board, "rollup", None)
    if rollup is not None:
        add(
            "各地汇总",
            ["行政区", "项目数", "红灯", "黄灯", "绿灯", "逾期节点", "未报送", "平均逾期天数"],
            [[f"{r.jurisdiction}{'（本级）' if r.own else ''}", r.items, r.red, r.yellow,
              r.green, r.overdue, r.missing, r.average_days_late]
             for r in [*rollup.rows, rollup.total]],
            [20, 8, 8, 8, 8, 10, 8, 12],
        )
        workbook["各地汇总"].cell(row=len(rollup.rows) + HEADER_ROW + 1, column=1, value="合计")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
            for cell in row:
                if hasattr(cell.value, "hour"):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif hasattr(cell.value, "year"):
                    cell.number_format = "yyyy-mm-dd"
    keep_text(workbook)  # a review comment beginning with "=" stays text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
