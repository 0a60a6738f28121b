"""One entry point for every import: file bytes in, an ImportReport out.

parse (per format) → read (one reader) → save (one transaction). The management command,
the web upload and the tests all come through here.
"""

import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError, transaction

from projects.models import Jurisdiction

from .document import ImportFailed, RawDocument
from .interchange import interchange_jurisdiction, looks_like_interchange, parse_interchange
from .layout import ParsedProgram, read_program
from .models import ImportRecord
from .save import ImportReport, save_program

logger = logging.getLogger(__name__)


def find_jurisdiction(code: str | None) -> Jurisdiction:
    known = list(Jurisdiction.objects.order_by("code"))
    for jurisdiction in known:
        if jurisdiction.code == (code or "").strip():
            return jurisdiction
    listing = "、".join(f"{j.code} {j.name}" for j in known)
    if not code:
        raise ImportFailed(f"请指定行政区划代码。已知的行政区：{listing}")
    from projects import divisions

    code = code.strip()
    found = divisions.by_code().get(code)
    if found is not None:
        # In the national list: one command registers it with its missing ancestors.
        how = f"它是全国行政区划表中的“{found.full_name}”，先登记：manage.py add_jurisdiction {code}"
    else:
        how = f"江门市以外的行政区需要先登记：manage.py add_jurisdiction {code} 名称"
    raise ImportFailed(
        f"未知的行政区划代码“{code}”。已知的行政区：{listing}。{how}"
        "（或在管理后台“行政区”中添加），再导入。"
    )


def file_jurisdiction(data: bytes, name: str) -> str | None:
    """The jurisdiction code the file itself names (interchange JSON), else None."""
    return interchange_jurisdiction(data, name) if looks_like_interchange(data) else None


def parse_raw(data: bytes, name: str) -> RawDocument:
    """The file's paragraphs and table cells, before any reading (the preview's row list)."""
    from .parsers import parse_file

    return parse_file(data, name, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)


def parse_document(
    data: bytes,
    name: str,
    year: int | None = None,
    columns: list[str | None] | None = None,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
) -> tuple[str | None, ParsedProgram]:
    """Parse any supported file; returns the jurisdiction code it names (JSON only) and
    the program read from it. `columns`, `header_row` and `mapping`: see read_program."""
    if looks_like_interchange(data):
        return parse_interchange(data, name)
    document = parse_raw(data, name)
    return None, read_program(
        document, year=year, columns=columns, header_row=header_row, mapping=mapping
    )


def import_document(
    data: bytes,
    name: str,
    jurisdiction_code: str | None,
    year: int | None = None,
    dry_run: bool = False,
    user=None,
    columns: list[str | None] | None = None,
    header_row: int | None = None,
    mapping: dict[str, str | None] | None = None,
    unit_merges: dict[str, int] | None = None,
) -> ImportReport:
    """Parse, validate and save `data` in one transaction (rolled back for a dry run).
    `unit_merges`: names the file writes → existing units they mean (see save_program)."""
    # The jurisdiction, given or named by the file, is checked before the rest is parsed.
    file_code = file_jurisdiction(data, name)
    if file_code and jurisdiction_code and file_code != jurisdiction_code:
        raise ImportFailed(f"文件属于行政区 {file_code}，与指定的 {jurisdiction_code} 不一致。")
    jurisdiction = (
        find_jurisdiction(jurisdiction_code or file_code)
        if jurisdiction_code or file_code
        else None
    )
    file_code, parsed = parse_document(
        data, name, year=year, columns=columns, header_row=header_row, mapping=mapping
    )
    if jurisdiction is None:
        jurisdiction = find_jurisdiction(file_code)
    try:
        with transaction.atomic():
            report = save_program(
                parsed, jurisdiction, dry_run=dry_run, unit_merges=unit_merges
            )
            if not dry_run:
                ImportRecord.objects.create(
                    file_name=name[:255],
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    program=report.program,
                    imported_by=user if user is not None and user.is_authenticated else None,
                    summary=report.text(),
                )
    except (DatabaseError, ValueError, TypeError, OverflowError) as exc:
        # The reader validates what it knows; anything the database still refuses is
        # rolled back whole and reported, never half-saved.
        logger.exception("import of %s refused by the database", name)
        raise ImportFailed(
            f"{name}：文件中有数据库无法保存的内容（{exc.__class__.__name__}），未导入任何数据。"
        ) from exc
    return report
