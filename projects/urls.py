from django.urls import path

from portal import views as portal_views

app_name = "projects"

urlpatterns = [
    path("", portal_views.home, name="home"),
]
