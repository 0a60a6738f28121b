"""The Jinja2 environment of the public pages' loop-heavy fragments (the items of a program
page, an item's facts and timeline). The site's shell stays the Django templates; these
fragments are rendered here and inserted into them, because a Django template renders a
program's ~1,500 nodes several times slower than compiled Jinja2 code.

Words in the fragments come from Python (portal.facts) or as `{{ _("…") }}`, which
makemessages extracts from .html files like any Django template variable.
"""

from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext
from jinja2 import Environment


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals["_"] = gettext
    # Django's own filter: escapes, then <br> for line breaks, as the Django templates did.
    env.filters["linebreaksbr"] = linebreaksbr
    return env
