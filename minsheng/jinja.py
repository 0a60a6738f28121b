"""The Jinja2 environment of the public pages' loop-heavy fragments (the items of a program
page, an item's facts and timeline). The site's shell stays the Django templates; these
fragments are rendered here and inserted into them, because a Django template renders a
program's ~1,500 nodes several times slower than compiled Jinja2 code.

Words in the fragments come from Python (portal.facts) or as `{{ _("…") }}`, which
makemessages extracts from .html files like any Django template variable.
"""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import json_script
from jinja2 import Environment
from markupsafe import Markup

from minsheng.lib.i18n import date_format, gettext


def translate(message: str) -> Markup:
    """{% translate %} of a literal: the translation is trusted (it is ours), and the values
    put into it with % are escaped, as blocktranslate escapes its variables."""
    return Markup(gettext(message))


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(_=translate, url=reverse, date_format=date_format)
    # Django's own filters, which escape as the Django templates did.
    env.filters.update(linebreaksbr=linebreaksbr, json_script=json_script)
    return env
