"""A supervision notice as a Word document, ready to print and stamp."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from importers.exporters import BODY_FONT, TITLE_FONT, _font


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_docx(notice) -> bytes:
    task = notice.task
    jurisdiction = notice.jurisdiction
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(3.7)
    section.left_margin = section.right_margin = Cm(2.8)

    def paragraph(text, fonts=BODY_FONT, size=16, bold=False, align=None, indent=True):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.1)
        p.paragraph_format.line_spacing = 1.5
        _font(p.add_run(text), fonts, size, bold)
        return p

    paragraph(
        f"{jurisdiction.name}人民政府办公室", TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    paragraph(
        notice.get_kind_display(), TITLE_FONT, 26, bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
    )
    paragraph(notice.number, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(f"{notice.unit.name}：", indent=False)
    paragraph(
        f"{task.program.year}年{jurisdiction.name}十件民生实事第{task.number}项"
        f"“{task.title or task.content}”"
    )
    for line in notice.content.splitlines():
        if line.strip():
            paragraph(line.strip())
    paragraph(f"请于{_date(notice.reply_due)}前将落实情况书面报送本级督查室。")
    paragraph("")
    paragraph(
        f"{jurisdiction.name}人民政府办公室", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    )
    paragraph(_date(notice.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
