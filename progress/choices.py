from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressSource(models.TextChoices):
    IMPORT = "import", _("导入的完成情况汇总表")
    REPORT = "report", _("单位报送")
