from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("imports/", include("importers.urls")),
    path("accounts/", include("accounts.urls")),
    path("work/", include("progress.urls")),
    path("office/", include("supervision.urls")),
    path("", include("projects.urls")),
]
