import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from importers.document import ImportFailed
from importers.models import ImportRecord
from importers.pipeline import import_document

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"

# The five source documents: file, jurisdiction code, year (only where the title is lost).
DEMO_DOCUMENTS = [
    ("000_7d49185a5d9a7fea.txt", "440700", None),
    ("001_0e8c90d233eb1902.txt", "440700", 2018),
    ("002_13dfbe7e125a9b63.txt", "440700", None),
    ("003_8dfcead284150074.txt", "440704", None),
    ("004_95eb129105a33a8e.txt", "440783", None),
]
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "minsheng-admin"


class Command(BaseCommand):
    help = "载入演示数据：导入 fixtures/seeds 中的五份文件，并创建管理员账号。可重复运行。"

    def handle(self, *args, **options):
        for file_name, code, year in DEMO_DOCUMENTS:
            self.load_document(SEEDS / file_name, code, year)
        self.create_admin()
        from progress.demo import load_reporting_demo

        for line in load_reporting_demo():
            self.stdout.write(line)

    def load_document(self, path: Path, code: str, year: int | None) -> None:
        data = path.read_bytes()
        if ImportRecord.objects.filter(sha256=hashlib.sha256(data).hexdigest()).exists():
            self.stdout.write(f"{path.name}：已导入过，跳过。")
            return
        try:
            report = import_document(data, path.name, code, year=year)
        except ImportFailed as exc:
            raise CommandError(f"{path.name}：" + "\n".join(exc.messages)) from exc
        self.stdout.write(report.lines()[0])

    def create_admin(self) -> None:
        User = get_user_model()
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            return
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.invalid", ADMIN_PASSWORD)
        self.stdout.write(f"已创建管理员账号 {ADMIN_USERNAME} / {ADMIN_PASSWORD}")
