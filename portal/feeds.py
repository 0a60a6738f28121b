"""The Atom feed of 近期更新: what facts.recent_updates() lists, dated by each statement."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import facts


class RecentFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("江门市民生实事 · 近期更新")

    def subtitle(self):
        return _("新批准的项目进展和已完成的项目")

    def link(self):
        return reverse("portal:updates")

    def items(self):
        return facts.recent_updates()

    def item_title(self, item):
        return f"{item.kind_label} · {item.title}"

    def item_description(self, item):
        return item.record.narrative or item.kind_label

    def item_link(self, item):
        return facts.item_path(item.task, item.task.program)

    def item_guid(self, item):
        return f"{self.item_link(item)}#record-{item.record.pk}"

    def item_pubdate(self, item):
        # The statement's own date (截至), at noon China time: the day never shifts in UTC.
        noon = datetime.datetime.combine(item.date, datetime.time(12))
        return timezone.make_aware(noon)

    def item_updateddate(self, item):
        return self.item_pubdate(item)
