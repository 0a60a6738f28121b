from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    name = "cycle"
    verbose_name = _("年度票决与测评")

    def ready(self):
        from . import signals  # noqa: F401
