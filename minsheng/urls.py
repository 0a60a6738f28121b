from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from supervision.urls import public_urlpatterns as public_bulletins

from .health import healthz

urlpatterns = [
    # The language switcher needs no CSRF token, so public pages hold none and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("imports/", include("importers.urls")),
    path("accounts/", include("accounts.urls")),
    path("work/", include("progress.urls")),
    path("office/", include("supervision.urls")),
    path("bulletins/", include(public_bulletins)),
    path("api/v1/", include("api.urls")),
    path("cycle/", include("cycle.urls")),
    path("", include("projects.urls")),
    path("", include("portal.urls")),
]
