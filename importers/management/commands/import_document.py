from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.document import ImportFailed
from importers.mapping import parse_columns
from importers.models import ColumnProfile
from importers.pipeline import import_document


class Command(BaseCommand):
    help = (
        "导入民生实事计划表或完成情况汇总表（文本、.docx、.xlsx、.xls、.csv、.doc、网页或交换格式 JSON），"
        "在一个事务中校验并保存，然后打印导入报告。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="要导入的文件")
        parser.add_argument(
            "--jurisdiction", help="行政区划代码，例如 440700（江门市）、440783（开平市）"
        )
        parser.add_argument("--year", type=int, help="年度；文件没有标题行时必须指定")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不保存")
        parser.add_argument(
            "--columns",
            help="列的对应关系，例如“序号=number,工作任务=content,牵头单位=units,备注=-”"
            "（字段也可写中文名，如“具体内容”；- 表示不导入）；表头是含有这些列名的第一行",
        )
        parser.add_argument("--profile", help="使用已保存的列对应方案（名称）")
        parser.add_argument("--save-profile", help="导入成功后把 --columns 保存为这个名称的方案")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            mapping = self.mapping(options)
            report = import_document(
                path.read_bytes(),
                path.name,
                options["jurisdiction"],
                year=options["year"],
                dry_run=options["dry_run"],
                mapping=mapping,
            )
        except ImportFailed as exc:
            raise CommandError("导入失败，未保存任何数据：\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(report.text())
        if options["save_profile"] and mapping and not options["dry_run"]:
            ColumnProfile.objects.update_or_create(
                name=options["save_profile"],
                defaults={"jurisdiction": report.program.jurisdiction, "mapping": mapping},
            )
            self.stdout.write(f"已保存列对应方案“{options['save_profile']}”。")

    def mapping(self, options) -> dict | None:
        if options["columns"] and options["profile"]:
            raise CommandError("--columns 和 --profile 只能用一个。")
        if options["save_profile"] and not options["columns"]:
            raise CommandError("--save-profile 需要同时给出 --columns。")
        if options["columns"]:
            return parse_columns(options["columns"])
        if options["profile"]:
            profile = ColumnProfile.objects.filter(name=options["profile"]).first()
            if profile is None:
                names = "、".join(ColumnProfile.objects.values_list("name", flat=True)) or "（无）"
                raise CommandError(f"没有名为“{options['profile']}”的列对应方案。已有：{names}")
            return profile.mapping
        return None
