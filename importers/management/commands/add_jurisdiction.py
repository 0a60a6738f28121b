from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects import divisions
from projects.models import Jurisdiction


class Command(BaseCommand):
    help = (
        "登记一个行政区，之后即可导入它的文件。县级及以上行政区按代码或名称从全国行政区划表"
        "（projects/data/divisions.csv）查找，缺少的上级一并登记，例如：add_jurisdiction 440104、"
        "add_jurisdiction 广州市越秀区。镇、街道（9 位代码）写上名称并用 --parent 指定上级，例如："
        "add_jurisdiction 440783100 三埠街道 --parent 440783"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "query",
            help="行政区划代码或名称：县级及以上 6 位，例如 440104 或 越秀区；镇、街道 9 位，例如 440783101",
        )
        parser.add_argument(
            "name", nargs="?", default="", help="名称（镇、街道及表中没有的代码必填）"
        )
        parser.add_argument("--parent", help="上级行政区的代码（须已登记）")
        parser.add_argument("--other-names", default="", help="文件中的其他写法，用顿号分隔")

    def handle(self, *args, **options):
        query, name = options["query"].strip(), options["name"].strip()
        parent, other_names = options["parent"], options["other_names"]
        if parent or (query.isdigit() and len(query) != 6):
            # A town or street, or a code placed by hand: not looked up in the list.
            if not name:
                raise CommandError(
                    f"“{query}”不在全国行政区划表中（表中只有县级及以上）：请写上名称，"
                    "镇、街道并用 --parent 指定上级县区。"
                )
            jurisdiction = self.add(query, name, parent, other_names)
            self.stdout.write(f"已登记行政区：{jurisdiction.code} {jurisdiction.name}")
            return
        matches = divisions.find(query)
        if not matches:
            if name and query.isdigit():
                jurisdiction = self.add(query, name, None, other_names)
                self.stdout.write(f"已登记行政区：{jurisdiction.code} {jurisdiction.name}")
                return
            raise CommandError(
                f"全国行政区划表中没有“{query}”。请检查代码或名称；镇、街道请用 --parent 指定上级。"
            )
        if len(matches) > 1:
            listed = "、".join(f"{d.code} {d.full_name}" for d in matches[:20])
            raise CommandError(f"“{query}”有{len(matches)}处，请改用代码：{listed}")
        division = matches[0]
        existing = Jurisdiction.objects.filter(code=division.code).first()
        if existing is not None:
            raise CommandError(f"行政区划代码 {division.code} 已登记为“{existing.name}”。")
        if name and name != division.name:
            division = divisions.Division(division.code, name, division.parent)
        try:
            jurisdiction, created = divisions.register(division)
        except ValidationError as exc:
            raise CommandError(f"无法登记：{'；'.join(exc.messages)}") from exc
        if other_names:
            jurisdiction.other_names = other_names
            jurisdiction.save(update_fields=["other_names"])
        self.stdout.write(
            f"已登记行政区：{jurisdiction.code} {jurisdiction.name}（{division.full_name}）"
        )
        if len(created) > 1:
            self.stdout.write(
                "同时登记了上级："
                + "、".join(f"{j.code} {j.name}" for j in created[:-1])
            )

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
