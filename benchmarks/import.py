#!/usr/bin/env python3
"""Import time against the parse floor: the five seeds as .docx and a 1,000-row .xlsx.

From a fresh clone (python3 3.11+; the first command only creates .venv and installs the
dependencies, then lists the tests without running them):

    python3 dev.py test --co -q
    .venv/bin/python benchmarks/import.py [--repeat 3] [--rows 1000] [--database-url URL]

Without --database-url it migrates a fresh SQLite file in a temporary directory (removed at
the end). With a PostgreSQL URL it uses that database (created when missing) and empties
its programs, units, leaders, import records and audit trail: give it a database of its
own, e.g. postgres://postgres@127.0.0.1:5432/minsheng_import_bench.

The files are built the way the tests build them: each seed is imported from its text and
written back as .docx by the official exporter; the synthetic program (--rows rows: sub-items 1(1), 1(2), 2(1), …,
each with two units, a leader and three dated milestones) is written as .xlsx the same way.
For each file, in the same run and as the median of --repeat runs:

- floor: python-docx / openpyxl opening the file and reading every cell's text, no more;
- import: import_document() into an empty database (the program, units and leaders are
  deleted before each run), with its ratio to the floor and its query count;
- again: the same file imported a second time (nothing changes), with its ratio to the
  floor, its query count and the rows it wrote (only the import record is expected).

The last line sums it up:

    import worst_ratio=… worst_again_ratio=… rows1000_ms=… rows1000_ratio=… 003_queries=… again_writes=…
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
WRITES = ("INSERT", "UPDATE", "DELETE")


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "minsheng.settings"
    os.environ["DEBUG"] = "false"
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


def synthetic_program(rows: int) -> dict:
    """An interchange program of `rows` rows in ten categories: items 1, 2, … with two
    sub-items each (1(1), 1(2), …), since item numbers stop at 999."""
    units = [f"市第{n}局" for n in range(1, 31)]
    leaders = ["张明", "李华", "王芳", "陈刚", "刘洋", "黄丽", "周强", "吴静"]
    per_category = -(-rows // 10)
    tasks = []
    for n in range(1, rows + 1):
        tasks.append(
            {
                "number": f"{(n + 1) // 2}({2 - n % 2})",
                "category": (n - 1) // per_category + 1,
                "content": f"新建社区服务站{n}个，完成老旧小区改造{n * 3}户。",
                "leaders": [leaders[n % len(leaders)]],
                "units": [
                    {"name": units[n % 30], "person": f"负责人{n % 97}", "lead": True},
                    {"name": units[(n * 7 + 3) % 30], "person": "", "lead": False},
                ],
                "deadline": "2030-12-10",
                "status": "not_started",
                "milestones": [
                    {"due": "2030-03-31", "text": f"完成第{n}项选址和方案。"},
                    {"due": "2030-06-30", "text": f"第{n}项完成过半。"},
                    {"due": "2030-09-30", "text": f"第{n}项完工验收。"},
                ],
            }
        )
    return {
        "format": "minsheng-program",
        "version": 1,
        "jurisdiction": "440783",
        "year": 2030,
        "title": f"2030年开平市十件民生实事项目（共10件，{(rows + 1) // 2}项）",
        "declared_items": (rows + 1) // 2,
        "declared_matters": 10,
        "categories": [{"number": c, "name": f"第{c}类民生事项"} for c in range(1, 11)],
        "tasks": tasks,
    }


def build_files(rows: int) -> list[tuple[str, bytes, str, int | None]]:
    """(name, bytes, jurisdiction, year) of each file, written by the official exporters."""
    from importers.exporters import export_docx, export_xlsx
    from importers.interchange import dumps
    from importers.pipeline import import_document

    files = []
    for key, (name, code, year) in SEEDS.items():
        empty()
        data = (ROOT / "fixtures" / "seeds" / name).read_bytes()
        program = import_document(data, name, code, year=year).program
        files.append((f"{key}.docx", export_docx(program), code, year))
    empty()
    data = dumps(synthetic_program(rows)).encode()
    program = import_document(data, "synthetic.json", "440783").program
    files.append((f"rows{rows}.xlsx", export_xlsx(program), "440783", None))
    empty()
    return files


def parse_floor(name: str, data: bytes) -> None:
    """What the libraries take to open the file and give every cell's text."""
    if name.endswith(".docx"):
        import docx

        body = docx.Document(io.BytesIO(data)).element.body
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        for tc in body.iter(w + "tc"):
            "".join(t.text or "" for t in tc.iter(w + "t"))
    else:
        from openpyxl import load_workbook

        # The parser's mode: not read-only, since merged ranges need the whole sheet.
        book = load_workbook(io.BytesIO(data), data_only=True)
        for sheet in book.worksheets:
            list(sheet.iter_rows(values_only=True))


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

    floor = statistics.median(timed(parse_floor, name, data) for _ in range(repeat))
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
        "first": statistics.median(first),
        "again": statistics.median(again),
        "first_queries": len(first_queries),
        "again_queries": len(again_queries),
        "again_writes": len(writes),
    }


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
            result = measure(name, data, code, year, args.repeat)
            results.append(result)
            print(
                f"{name:12} floor_ms={result['floor']:.0f} "
                f"import_ms={result['first']:.0f} (x{result['first'] / result['floor']:.2f}, "
                f"{result['first_queries']} queries) "
                f"again_ms={result['again']:.0f} (x{result['again'] / result['floor']:.2f}, "
                f"{result['again_queries']} queries, {result['again_writes']} writes)",
                flush=True,
            )
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    big = results[-1]
    seed_003 = next(r for r in results if r["name"] == "003.docx")
    print(
        f"import worst_ratio={max(r['first'] / r['floor'] for r in results):.2f} "
        f"worst_again_ratio={max(r['again'] / r['floor'] for r in results):.2f} "
        f"rows{args.rows}_ms={big['first']:.0f} rows{args.rows}_ratio={big['first'] / big['floor']:.2f} "
        f"003_queries={seed_003['first_queries']} "
        f"again_writes={max(r['again_writes'] for r in results)}"
    )


if __name__ == "__main__":
    main()
