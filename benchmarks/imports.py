#!/usr/bin/env python3
"""Import speed against the libraries' own reading time, on a generated 1,000-row table.

    .venv/bin/python benchmarks/imports.py [--rows 1000] [--repeat 3] [--database-url URL]

Builds one plan table (序号, 事项名称, 工作任务, 责任单位, 完成时限, 备注) as .docx, .xlsx and a
pipe-separated text, then for each format measures, best of --repeat:

- library: python-docx / openpyxl opening the file and reading every cell's text (for
  text, splitting lines and cells);
- read: importers.parsers.parse_file + importers.layout.read_program (no database);
- import: importers.pipeline.import_document into a fresh database (default a SQLite file
  in a temporary folder, migrated first).

One line per format:  imports fmt=… rows=… library_ms=… read_ms=… import_ms=… ratio=…
where ratio is read_ms / library_ms (the target is under 2) and import_ms must stay
under 2000 for 1,000 rows.

Figures (2026-11-30, 2 shared cores under load from other test runs, SQLite, 1,000 rows):

    imports fmt=docx rows=1000 library_ms=2203 read_ms=2169 import_ms=69239 ratio=0.98
    imports fmt=xlsx rows=1000 library_ms=617 read_ms=1414 import_ms=69633 ratio=2.29
    imports fmt=txt rows=1000 library_ms=0 read_ms=586 import_ms=74674 ratio=(n/a)

Reading (parse + layout) is within about 2x of the libraries' own reading; saving is not:
about 70 ms a row, in importers/save.py (one query or more per task, unit and milestone),
which the bulk-save rewrite of save.py addresses.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["序号", "事项名称", "工作任务", "责任单位", "完成时限", "备注"]


def rows(count: int) -> list[list[str]]:
    return [
        [
            # 100 items of 10 sub-items: item numbers stop at 999.
            f"{(n - 1) // 10 + 1}({(n - 1) % 10 + 1})",
            f"项目{(n - 1) // 10 + 1}",
            f"新建社区服务中心{n}个，新增学位{n * 10}个，改造道路{n}公里。",
            "区教育局\n区财政局" if n % 3 else "区住建局",
            f"{n % 12 + 1}月底",
            "列入省重点" if n % 5 == 0 else "",
        ]
        for n in range(1, count + 1)
    ]


def build(count: int) -> dict[str, bytes]:
    from docx import Document
    from openpyxl import Workbook

    body = rows(count)
    title = "2025年某区十件民生实事"
    document = Document()
    document.add_paragraph(title)
    table = document.add_table(rows=count + 1, cols=len(HEADER))
    for r, values in enumerate([HEADER, *body]):
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    docx = buffer.getvalue()

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    for values in [HEADER, *body]:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)

    text = "\n".join(
        [title, " | ".join(HEADER), *(" | ".join(v).replace("\n", "、") for v in body)]
    )
    return {"docx": docx, "xlsx": buffer.getvalue(), "txt": text.encode()}


def library_read(fmt: str, data: bytes) -> int:
    cells = 0
    if fmt == "docx":
        from docx import Document

        for table in Document(io.BytesIO(data)).tables:
            for row in table.rows:
                cells += sum(1 for cell in row.cells if cell.text is not None)
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True):
            cells += len(row)
    else:
        cells = sum(len(line.split("|")) for line in data.decode().splitlines())
    return cells


def best(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="minsheng-import-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from importers.layout import read_program
    from importers.parsers import parse_file
    from importers.pipeline import import_document
    from projects.models import Program

    files = build(args.rows)
    for fmt, data in files.items():
        name = f"bench.{fmt}"
        library_ms = best(args.repeat, lambda f=fmt, d=data: library_read(f, d))
        read_ms = best(
            args.repeat, lambda d=data, n=name: read_program(parse_file(d, n), year=2025)
        )

        def full_import(d=data, n=name):
            Program.objects.all().delete()
            import_document(d, n, "440700", year=2025)

        import_ms = best(args.repeat, full_import)
        print(
            f"imports fmt={fmt} rows={args.rows} library_ms={library_ms:.0f} "
            f"read_ms={read_ms:.0f} import_ms={import_ms:.0f} ratio={read_ms / library_ms:.2f}"
        )


if __name__ == "__main__":
    main()
