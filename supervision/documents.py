"""The office's Word documents in the red-header layout (红头文件): a supervision notice and
the monthly 通报, ready to print and stamp."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from importers.exporters import BODY_FONT, TITLE_FONT, _font
from projects.models import Milestone

RED = RGBColor(0xC0, 0x00, 0x00)


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Official:
    """An A4 document with the red title line, the document number and the red rule."""

    def __init__(self, issuer: str, number: str):
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin = section.bottom_margin = Cm(3.7)
        section.left_margin = section.right_margin = Cm(2.8)
        title = self.paragraph(issuer, TITLE_FONT, 26, bold=True, centre=True)
        for run in title.runs:
            run.font.color.rgb = RED
        rule = self.paragraph(number, BODY_FONT, 16, centre=True)
        self._red_rule(rule)

    def paragraph(self, text, fonts=BODY_FONT, size=16, bold=False, centre=False, right=False,
                  indent=False):
        p = self.document.add_paragraph()
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.1)
        p.paragraph_format.line_spacing = 1.5
        _font(p.add_run(text), fonts, size, bold)
        return p

    def body(self, text: str) -> None:
        for line in text.splitlines():
            if line.strip():
                self.paragraph(line.strip(), indent=True)

    def heading(self, text: str) -> None:
        self.paragraph(text, ("SimHei", "黑体"), 16)

    @staticmethod
    def _red_rule(paragraph) -> None:
        """A red line under the document number, as the paragraph's bottom border."""
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"),
                           ("w:color", "C00000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def notice_docx(notice) -> bytes:
    task = notice.task
    jurisdiction = notice.jurisdiction
    doc = Official(f"{jurisdiction.name}人民政府办公室{notice.get_kind_display()}", notice.number)
    doc.paragraph(f"{notice.unit.name}：")
    doc.paragraph(
        f"{task.program.year}年{jurisdiction.name}十件民生实事第{task.number}项"
        f"“{task.title or task.content}”", indent=True,
    )
    doc.body(notice.content)
    overdue = [
        m for m in Milestone.objects.filter(task=task).order_by("due", "position")
        if m.due and m.done_on is None and m.due < notice.issued_on
    ]
    if overdue:
        doc.heading("逾期未完成的节点：")
        for n, milestone in enumerate(overdue, start=1):
            days = (notice.issued_on - milestone.due).days
            doc.paragraph(
                f"{n}. {milestone.text}（应于{_date(milestone.due)}完成，已逾期{days}天）",
                indent=True,
            )
    doc.paragraph(f"请于{_date(notice.reply_due)}前将落实情况书面报送本级督查室。", indent=True)
    if notice.contact:
        doc.paragraph(f"联系人：{notice.contact}", indent=True)
    doc.paragraph("")
    doc.paragraph(f"{jurisdiction.name}人民政府办公室", right=True)
    doc.paragraph(_date(notice.issued_on), right=True)
    return doc.bytes()


def bulletin_docx(bulletin) -> bytes:
    jurisdiction = bulletin.jurisdiction
    doc = Official(f"{jurisdiction.name}民生实事督查通报", bulletin.number_label)
    doc.paragraph(bulletin.title, TITLE_FONT, 22, centre=True)
    sections = [
        ("一、总体情况", bulletin.headline),
        ("二、本月完成事项", bulletin.completed),
        ("三、进度滞后事项", bulletin.behind),
        ("四、未报送或迟报单位", bulletin.units),
        ("五、工作要求", bulletin.closing),
    ]
    for heading, text in sections:
        if text.strip():
            doc.heading(heading)
            doc.body(text)
    doc.paragraph("")
    doc.paragraph(f"{jurisdiction.name}人民政府办公室督查室", right=True)
    if bulletin.issued_on:
        doc.paragraph(_date(bulletin.issued_on), right=True)
    return doc.bytes()
