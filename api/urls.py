from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("", views.root, name="root"),
    path("programs/", views.ProgramList.as_view(), name="programs"),
    path("programs/<str:code>/<int:year>/", views.ProgramDetail.as_view(), name="program"),
    path("tasks/", views.TaskList.as_view(), name="tasks"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.Docs.as_view(url_name="api:schema"), name="docs"),
]
