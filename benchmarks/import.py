#!/usr/bin/env python3
"""Import time against the libraries' own reading: the five seeds and a 1,000-row table.

From a fresh clone (python3 3.11+; the first command creates .venv and installs the
dependencies, which takes a few minutes, then only lists the tests):

    git clone <repository> minsheng && cd minsheng
    python3 dev.py test --co -q
    .venv/bin/python benchmarks/import.py [--repeat 3] [--rows 1000] [--database-url URL]

Without --database-url it migrates a fresh SQLite file in a temporary directory (removed at
the end). With a PostgreSQL URL it uses that database (created when missing) and empties
its programs, units, leaders, import records and audit trail before every import: give it
a database of its own, e.g. postgres://postgres@127.0.0.1:5432/minsheng_bench_import.

The files:

- each seed of fixtures/seeds, imported from its text and written back as .docx by the
  official exporter (the way the round-trip tests build them);
- a generated plan table of --rows rows the way other offices write theirs (序号, 事项名称,
  工作任务, 责任单位, 分管领导, 完成时限, 备注; items 1(1) … 100(10), thirty units, "5月底"
  deadlines), as .docx and .xlsx built with python-docx / openpyxl, and as pipe text.

For each file, the median of --repeat runs:

- floor: the library opening the file and reading every cell's text, no more
  (python-docx, openpyxl in the parser's mode; for text, decoding and splitting the cells);
- read: importers' parse_file + layout.read_program (no database);
- import: pipeline.import_document into an empty database, with its query count;
- again: the same file imported a second time (nothing changes), with its query count and
  the rows it wrote (INSERT/UPDATE/DELETE; only the import record is expected).

Each time is followed by its ratio to the floor. The last line sums it up; worst_ratio is
the worst import/floor over the .docx and .xlsx files (the text floor is a str.split, not a
library, so its ratio is printed but left out):

    import worst_ratio=… rows1000_ms=… 003_queries=… again_writes=…

Figures (2 cores shared with other engineers' test runs: a single figure can vary up to
2x between runs; see README "Import speed"):

    database: sqlite, repeat=3
    000.docx       floor_ms=11.1 read_ms=29 (x2.59) import_ms=79 (x7.10, 25 queries) again_ms=52 (x4.72, 18 queries, 1 writes)
    001.docx       floor_ms=6.7 read_ms=20 (x3.02) import_ms=150 (x22.31, 25 queries) again_ms=67 (x9.89, 18 queries, 1 writes)
    002.docx       floor_ms=6.7 read_ms=29 (x4.28) import_ms=56 (x8.40, 24 queries) again_ms=40 (x5.99, 18 queries, 1 writes)
    003.docx       floor_ms=11.5 read_ms=29 (x2.53) import_ms=96 (x8.32, 27 queries) again_ms=55 (x4.81, 18 queries, 1 writes)
    004.docx       floor_ms=10.3 read_ms=16 (x1.56) import_ms=84 (x8.19, 24 queries) again_ms=67 (x6.52, 18 queries, 1 writes)
    rows1000.docx  floor_ms=43.7 read_ms=415 (x9.50) import_ms=1570 (x35.90, 92 queries) again_ms=912 (x20.85, 18 queries, 1 writes)
    rows1000.xlsx  floor_ms=228.2 read_ms=636 (x2.79) import_ms=1910 (x8.37, 92 queries) again_ms=1085 (x4.75, 18 queries, 1 writes)
    rows1000.txt   floor_ms=0.6 read_ms=227 (x407.34) import_ms=1525 (x2738.35, 92 queries) again_ms=698 (x1253.58, 18 queries, 1 writes)
    import worst_ratio=35.90 rows1000_ms=1910 003_queries=27 again_writes=1

    database: postgresql, repeat=3
    000.docx       floor_ms=31.5 read_ms=112 (x3.55) import_ms=244 (x7.74, 23 queries) again_ms=188 (x5.96, 18 queries, 1 writes)
    001.docx       floor_ms=22.9 read_ms=71 (x3.08) import_ms=196 (x8.56, 23 queries) again_ms=148 (x6.46, 18 queries, 1 writes)
    002.docx       floor_ms=18.8 read_ms=60 (x3.20) import_ms=196 (x10.45, 22 queries) again_ms=144 (x7.67, 18 queries, 1 writes)
    003.docx       floor_ms=24.0 read_ms=96 (x4.01) import_ms=300 (x12.51, 21 queries) again_ms=188 (x7.83, 18 queries, 1 writes)
    004.docx       floor_ms=14.8 read_ms=62 (x4.15) import_ms=209 (x14.07, 21 queries) again_ms=128 (x8.64, 18 queries, 1 writes)
    rows1000.docx  floor_ms=57.8 read_ms=587 (x10.17) import_ms=1838 (x31.82, 22 queries) again_ms=1207 (x20.90, 18 queries, 1 writes)
    rows1000.xlsx  floor_ms=135.0 read_ms=410 (x3.04) import_ms=1753 (x12.99, 22 queries) again_ms=877 (x6.50, 18 queries, 1 writes)
    rows1000.txt   floor_ms=0.6 read_ms=253 (x430.65) import_ms=1537 (x2620.31, 22 queries) again_ms=616 (x1050.57, 18 queries, 1 writes)
    import worst_ratio=31.82 rows1000_ms=1838 003_queries=21 again_writes=1
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {
    # key: (file in fixtures/seeds, jurisdiction, year the text needs)
    "000": ("000_7d49185a5d9a7fea.txt", "440700", None),
    "001": ("001_0e8c90d233eb1902.txt", "440700", 2018),
    "002": ("002_13dfbe7e125a9b63.txt", "440700", None),
    "003": ("003_8dfcead284150074.txt", "440704", None),
    "004": ("004_95eb129105a33a8e.txt", "440783", None),
}
GENERATED = "440700"  # the jurisdiction the generated table is imported into
HEADER = ["序号", "事项名称", "工作任务", "责任单位", "分管领导", "完成时限", "备注"]
WRITES = ("INSERT", "UPDATE", "DELETE")


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "minsheng.settings"
    os.environ["DEBUG"] = "false"
    os.environ["PRODUCTION"] = "false"  # no HTTPS redirect, no collected static files needed
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # the importer logs every refused file
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def empty() -> None:
    """Remove what imports create; jurisdictions and accounts stay."""
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry

    from importers.models import ImportRecord
    from projects.models import Leader, Program, Unit, UnitAlias

    with disable_auditlog():
        ImportRecord.objects.all().delete()
        Program.objects.all().delete()
        UnitAlias.objects.all().delete()
        Unit.objects.all().delete()
        Leader.objects.all().delete()
        LogEntry.objects.all().delete()


def generated_rows(count: int) -> list[list[str]]:
    units = [f"市第{n}局" for n in range(1, 31)]
    leaders = ["张明", "李华", "王芳", "陈刚", "刘洋", "黄丽", "周强", "吴静"]
    return [
        [
            # 100 items of 10 sub-items: item numbers stop at 999.
            f"{(n - 1) // 10 + 1}({(n - 1) % 10 + 1})",
            f"项目{(n - 1) // 10 + 1}",
            f"新建社区服务中心{n}个，新增学位{n * 10}个，改造道路{n}公里。",
            f"{units[n % 30]}\n{units[(n * 7 + 3) % 30]}" if n % 3 else units[n % 30],
            leaders[n % len(leaders)],
            f"{n % 12 + 1}月底",
            "列入省重点" if n % 5 == 0 else "",
        ]
        for n in range(1, count + 1)
    ]


def generated_files(count: int) -> dict[str, bytes]:
    """The generated table as .docx, .xlsx and pipe text, built with the libraries."""
    from docx import Document
    from openpyxl import Workbook

    body = generated_rows(count)
    title = "2025年江门市十件民生实事"
    document = Document()
    document.add_paragraph(title)
    table = document.add_table(rows=count + 1, cols=len(HEADER))
    for r, values in enumerate([HEADER, *body]):
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    files = {f"rows{count}.docx": buffer.getvalue()}

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    for values in [HEADER, *body]:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    files[f"rows{count}.xlsx"] = buffer.getvalue()

    lines = [title, " | ".join(HEADER), *(" | ".join(v).replace("\n", "、") for v in body)]
    files[f"rows{count}.txt"] = "\n".join(lines).encode()
    return files


def build_files(rows: int) -> list[tuple[str, bytes, str, int | None]]:
    """(name, bytes, jurisdiction, year) of every file measured."""
    from importers.exporters import export_docx
    from importers.pipeline import import_document

    files = []
    for key, (name, code, year) in SEEDS.items():
        empty()
        data = (ROOT / "fixtures" / "seeds" / name).read_bytes()
        program = import_document(data, name, code, year=year).program
        files.append((f"{key}.docx", export_docx(program), code, year))
    empty()
    for name, data in generated_files(rows).items():
        files.append((name, data, GENERATED, None))
    return files


def floor_read(name: str, data: bytes) -> None:
    """What the libraries take to open the file and give every cell's text."""
    if name.endswith(".docx"):
        import docx

        body = docx.Document(io.BytesIO(data)).element.body
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        for tc in body.iter(w + "tc"):
            "".join(t.text or "" for t in tc.iter(w + "t"))
    elif name.endswith(".xlsx"):
        from openpyxl import load_workbook

        # The parser's mode: not read-only, since merged ranges need the whole sheet.
        book = load_workbook(io.BytesIO(data), data_only=True)
        for sheet in book.worksheets:
            list(sheet.iter_rows(values_only=True))
    else:
        [line.split("|") for line in data.decode().splitlines()]


def read_only(name: str, data: bytes, year: int | None) -> None:
    from importers.layout import read_program
    from importers.parsers import parse_file

    read_program(parse_file(data, name), year=year)


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def measure(name: str, data: bytes, code: str, year: int | None, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from importers.pipeline import import_document

    def run():
        report = import_document(data, name, code, year=year)
        assert report.tasks_created or report.tasks_unchanged, name

    floor = statistics.median(timed(floor_read, name, data) for _ in range(repeat))
    read = statistics.median(timed(read_only, name, data, year) for _ in range(repeat))
    first, again = [], []
    for _ in range(repeat):
        empty()
        first.append(timed(run))
        again.append(timed(run))
    empty()
    with CaptureQueriesContext(connection) as first_queries:
        run()
    with CaptureQueriesContext(connection) as again_queries:
        run()
    empty()
    writes = [q for q in again_queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    return {
        "name": name,
        "floor": floor,
        "read": read,
        "first": statistics.median(first),
        "again": statistics.median(again),
        "first_queries": len(first_queries),
        "again_queries": len(again_queries),
        "again_writes": len(writes),
    }


def line(r: dict) -> str:
    floor = r["floor"]
    return (
        f"{r['name']:14} floor_ms={floor:.1f} "
        f"read_ms={r['read']:.0f} (x{r['read'] / floor:.2f}) "
        f"import_ms={r['first']:.0f} (x{r['first'] / floor:.2f}, {r['first_queries']} queries) "
        f"again_ms={r['again']:.0f} (x{r['again'] / floor:.2f}, {r['again_queries']} queries, "
        f"{r['again_writes']} writes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_IMPORT_DATABASE_URL"))
    args = parser.parse_args()

    scratch = None
    url = args.database_url
    if not url:
        scratch = tempfile.mkdtemp(prefix="minsheng-import-bench-")
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
    else:
        from dashboard import ensure_postgres_database

        ensure_postgres_database(url)
    try:
        setup(url)
        from django.db import connection

        print(f"database: {connection.vendor}, repeat={args.repeat}", flush=True)
        results = []
        for name, data, code, year in build_files(args.rows):
            results.append(measure(name, data, code, year, args.repeat))
            print(line(results[-1]), flush=True)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    libraries = [r for r in results if not r["name"].endswith(".txt")]
    big = max(
        (r for r in results if r["name"].startswith(f"rows{args.rows}.")), key=lambda r: r["first"]
    )
    seed_003 = next(r for r in results if r["name"] == "003.docx")
    print(
        f"import worst_ratio={max(r['first'] / r['floor'] for r in libraries):.2f} "
        f"rows{args.rows}_ms={big['first']:.0f} "
        f"003_queries={seed_003['first_queries']} "
        f"again_writes={max(r['again_writes'] for r in results)}"
    )


if __name__ == "__main__":
    main()
