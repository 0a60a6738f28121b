from django.urls import path, re_path

from . import views

app_name = "portal"

NUMBER = r"(?P<number>[0-9]+(?:\([0-9]+\))?)"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("evidence/<int:pk>/", views.evidence_photo, name="photo"),
    path("<str:code>/<int:year>/", views.program_detail, name="program"),
    path("<str:code>/<int:year>/download.<str:fmt>", views.download, name="download"),
    re_path(r"^(?P<code>[0-9]{6}(?:[0-9]{3})?)/(?P<year>[0-9]{4})/" + NUMBER + "/$", views.task_detail, name="task"),
]
