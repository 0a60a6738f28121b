import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers import exporters
from importers.document import ImportFailed
from importers.pipeline import find_jurisdiction
from projects.models import Program


class Command(BaseCommand):
    help = "导出一个年度的民生实事：交换格式 JSON（默认），或官方版式的 .docx / .xlsx。"

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", required=True, help="行政区划代码，例如 440700")
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument("--format", choices=self.formats(), default="json")
        parser.add_argument(
            "--table",
            choices=["plan", "summary"],
            help=".docx/.xlsx 的表格：plan 任务分解表，summary 完成情况汇总表；缺省按数据选择",
        )
        parser.add_argument("--output", help="输出文件；JSON 缺省时打印到标准输出")

    @staticmethod
    def formats():
        return ["json", *exporters.FORMATS]

    def handle(self, *args, **options):
        try:
            jurisdiction = find_jurisdiction(options["jurisdiction"])
        except ImportFailed as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        program = Program.objects.filter(jurisdiction=jurisdiction, year=options["year"]).first()
        if program is None:
            raise CommandError(f"{jurisdiction.name}没有{options['year']}年的民生实事。")
        data = exporters.render(program, options["format"], options["table"])
        output = options["output"]
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"已写入 {output}")
        elif options["format"] == "json":
            self.stdout.write(data.decode("utf-8"))
        else:
            if sys.stdout.isatty():
                raise CommandError("二进制格式请用 --output 指定输出文件。")
            sys.stdout.buffer.write(data)
