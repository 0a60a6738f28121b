from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """The escalation ladder of supervision documents, lowest first."""

    ASSIGNMENT = "assignment", _("交办单")
    URGING = "urging", _("催办单")
    SUPERVISION = "supervision", _("督办通知书")

    @property
    def level(self) -> int:
        return list(NoticeKind).index(self)

    def next(self) -> "NoticeKind":
        ladder = list(NoticeKind)
        return ladder[min(self.level + 1, len(ladder) - 1)]
