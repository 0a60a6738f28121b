from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("公众门户")

    def ready(self):
        from . import cache, checks  # noqa: F401 - the invalidation signals, the checks
