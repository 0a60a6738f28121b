from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.models import Jurisdiction


class Command(BaseCommand):
    help = (
        "登记一个行政区（江门市以外的县级及以上行政区，或县下的镇、街道），之后即可导入它的文件。"
        "例如：add_jurisdiction 440104 广州市越秀区 --parent 440100"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "code", help="行政区划代码：县级及以上 6 位，例如 440104；镇、街道 9 位，例如 440783101"
        )
        parser.add_argument("name", help="名称，例如 越秀区")
        parser.add_argument("--parent", help="上级行政区的代码（须已登记）")
        parser.add_argument("--other-names", default="", help="文件中的其他写法，用顿号分隔")

    def handle(self, *args, **options):
        jurisdiction = self.add(
            options["code"], options["name"], options["parent"], options["other_names"]
        )
        self.stdout.write(f"已登记行政区：{jurisdiction.code} {jurisdiction.name}")

    def add(self, code: str, name: str, parent_code: str | None, other_names: str = ""):
        code, name = code.strip(), name.strip()
        existing = Jurisdiction.objects.filter(code=code).first()
        if existing is not None:
            raise CommandError(f"行政区划代码 {code} 已登记为“{existing.name}”。")
        parent = None
        if parent_code:
            parent = Jurisdiction.objects.filter(code=parent_code.strip()).first()
            if parent is None:
                raise CommandError(f"上级行政区 {parent_code} 尚未登记，请先登记它。")
        jurisdiction = Jurisdiction(code=code, name=name, parent=parent, other_names=other_names)
        try:
            jurisdiction.full_clean()
        except ValidationError as exc:
            messages = [
                f"{field}：{'；'.join(errors)}" for field, errors in exc.message_dict.items()
            ]
            raise CommandError("无法登记：" + "\n".join(messages)) from exc
        jurisdiction.save()
        return jurisdiction
