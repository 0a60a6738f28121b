"""A record of every document imported: what file, its checksum, who, and what changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Jurisdiction, Program


class ImportRecord(models.Model):
    created = models.DateTimeField(_("导入时间"), auto_now_add=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    program = models.ForeignKey(
        Program, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("导入报告"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")

    def __str__(self):
        return f"{self.file_name}（{self.created:%Y-%m-%d %H:%M}）"


class ColumnProfile(models.Model):
    """A column mapping an office gave once (header word → role), applied again to the next
    file of the jurisdiction with the same header, or named on the command line."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("行政区"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="column_profiles",
    )
    mapping = models.JSONField(
        _("列的对应关系"), help_text=_("表头文字 → 字段，例如 {\"序号\": \"number\"}")
    )
    last_updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("列对应方案")
        verbose_name_plural = _("列对应方案")

    def __str__(self):
        return self.name
