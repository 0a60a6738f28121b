from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("单位填报员")
    SUPERVISOR = "supervisor", _("督查室")


# The Django groups that carry each role's permissions (created by a data migration).
GROUP_FOR_ROLE = {Role.REPORTER: "单位填报员", Role.SUPERVISOR: "督查室"}
