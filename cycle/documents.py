"""The cycle's files: the proposals as an Excel sheet, the candidate list as a Word document."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _text_cell(sheet, row: int, column: int, value) -> None:
    """Write `value`; text is always stored as text, so "=HYPERLINK(…)" or "+86…" typed by
    the public can never become a formula in the office's spreadsheet."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def proposals_xlsx(call, proposals, with_contacts: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("群众建议")
    headers = [
        _("编号"), _("回执号"), _("领域"), _("建议标题"), _("建议做什么、在哪里"), _("哪些人受益"),
        _("办理状态"), _("答复"), _("合并到"), _("征求意见单位"), _("单位意见"), _("提交时间"),
    ]
    if with_contacts:
        headers += [_("姓名"), _("联系电话")]
    for column, header in enumerate(headers, start=1):
        _text_cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row, p in enumerate(proposals, start=2):
        values = [
            p.number, p.receipt, p.get_field_display(), p.title, p.content, p.beneficiaries,
            p.get_state_display(), p.public_reason,
            p.merged_into.receipt if p.merged_into_id else "",
            p.forwarded_to.name if p.forwarded_to_id else "", p.unit_opinion,
            p.created.astimezone().strftime("%Y-%m-%d %H:%M"),
        ]
        if with_contacts:
            values += [p.name, p.phone]
        for column, value in enumerate(values, start=1):
            _text_cell(sheet, row, column, value)
    widths = (6, 22, 12, 24, 40, 20, 12, 30, 22, 16, 30, 16, 10, 14)
    for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def candidates_docx(jurisdiction, year, candidates) -> bytes:
    """The candidate list handed to the deputies at the session."""
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(
        _("%(year)s年%(name)s民生实事候选项目") % {"year": year, "name": jurisdiction.name}
    )
    run.bold = True
    headers = [_("序号"), _("项目名称"), _("建设内容"), _("牵头单位"), _("配合单位"),
               _("估算资金（万元）"), _("完成时限"), _("节点目标")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for c in candidates:
        cells = table.add_row().cells
        values = [
            str(c.number), c.title, c.content, c.lead_unit.name,
            "、".join(u.name for u in c.co_units.all()),
            f"{c.funding:g}" if c.funding is not None else "",
            c.deadline.strftime("%Y-%m-%d") if c.deadline else "",
            "\n".join(f"{m.due:%m-%d} {m.text}" for m in c.milestones.all()),
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
