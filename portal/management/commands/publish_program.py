from django.core.management.base import BaseCommand, CommandError

from projects.models import Program


class Command(BaseCommand):
    help = "公开（或用 --unpublish 取消公开）一个年度计划：公开前，公众页面和开放数据接口都看不到它。"

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", required=True, help="6 位行政区划代码，例如 440783")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--unpublish", action="store_true", help="取消公开")

    def handle(self, *args, jurisdiction, year, unpublish=False, **options):
        program = Program.objects.filter(jurisdiction__code=jurisdiction, year=year).first()
        if program is None:
            raise CommandError(f"没有找到行政区 {jurisdiction} {year} 年的民生实事。")
        changed = program.unpublish() if unpublish else program.publish()
        state = "已取消公开" if unpublish else "已公开"
        self.stdout.write(f"{program}：{state}" + ("" if changed else "（原本如此，未改动）"))
