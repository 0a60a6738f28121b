from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.document import ImportFailed
from importers.pipeline import import_document


class Command(BaseCommand):
    help = (
        "导入民生实事计划表或完成情况汇总表（文本、.docx、.xlsx、.csv、.doc 或交换格式 JSON），"
        "在一个事务中校验并保存，然后打印导入报告。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="要导入的文件")
        parser.add_argument(
            "--jurisdiction", help="行政区划代码，例如 440700（江门市）、440783（开平市）"
        )
        parser.add_argument("--year", type=int, help="年度；文件没有标题行时必须指定")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不保存")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            report = import_document(
                path.read_bytes(),
                path.name,
                options["jurisdiction"],
                year=options["year"],
                dry_run=options["dry_run"],
            )
        except ImportFailed as exc:
            raise CommandError("导入失败，未保存任何数据：\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(report.text())
