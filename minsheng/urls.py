from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from portal.sitemaps import SITEMAPS
from portal.views import robots_txt, set_language
from supervision.urls import public_urlpatterns as public_bulletins

from .health import healthz

urlpatterns = [
    # The language switcher needs no CSRF token, so public pages hold none and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Logins, the workbench, the office, the admin and the API keep one URL each: they are
    # not shared as links to read, and their language stays the switcher's cookie.
    path("admin/", admin.site.urls),
    path("imports/", include("importers.urls")),
    path("accounts/", include("accounts.urls")),
    path("work/", include("progress.urls")),
    path("office/", include("supervision.urls")),
    path("bulletins/", include(public_bulletins)),
    path("api/v1/", include("api.urls")),
    path("cycle/", include("cycle.urls")),
]
# The public report is shared as links: English pages live under /en/, Chinese ones keep
# their URLs without a prefix.
urlpatterns += i18n_patterns(
    path("", include("projects.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)
