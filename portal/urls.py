from django.urls import path, re_path

from . import views
from .feeds import RecentFeed

app_name = "portal"

NUMBER = r"(?P<number>[0-9]+(?:\([0-9]+\))?)"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("updates/", views.updates, name="updates"),
    path("updates/feed/", RecentFeed(), name="updates_feed"),
    path("evidence/<int:pk>/", views.evidence_photo, name="photo"),
    path("<str:code>/<int:year>/", views.program_detail, name="program"),
    path("<str:code>/<int:year>/download.<str:fmt>", views.download, name="download"),
    re_path(r"^(?P<code>[0-9]{6}(?:[0-9]{3})?)/(?P<year>[0-9]{4})/" + NUMBER + "/$", views.task_detail, name="task"),
    re_path(
        r"^(?P<code>[0-9]{6}(?:[0-9]{3})?)/(?P<year>[0-9]{4})/" + NUMBER + "/qr.svg$",
        views.task_qr,
        name="task_qr",
    ),
]
