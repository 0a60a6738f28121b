"""sitemap.xml: the home page, each published program and each of its items, in Chinese and
English (the English pages live under /en/)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from projects.models import Program, Task


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return ["projects:home", "portal:updates"]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(PublicSitemap):
    def items(self):
        return Program.objects.published().select_related("jurisdiction").order_by("pk")

    def location(self, program):
        return reverse("portal:program", args=[program.jurisdiction.code, program.year])


class ItemSitemap(PublicSitemap):
    limit = 2000

    def items(self):
        return (
            Task.objects.filter(program__in=Program.objects.published())
            .select_related("program__jurisdiction")
            .order_by("pk")
        )

    def location(self, task):
        program = task.program
        return reverse("portal:task", args=[program.jurisdiction.code, program.year, task.number])


SITEMAPS = {"home": HomeSitemap, "programs": ProgramSitemap, "items": ItemSitemap}
