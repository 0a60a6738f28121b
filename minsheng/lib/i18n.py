"""Translations and date formats looked up once per process and language.

Django's catalogs and formats do not change while a process runs (a settings change, which
only tests make, reloads them: these memos are emptied then too). A program page asks for
the same few dozen words and dates several hundred times; Django's gettext and date_format
cost several microseconds a call, a dictionary look-up a fraction of one.

Only for literal messages and module-level lazy labels (bounded sets); dates are kept up
to a bound.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.formats import date_format as django_date_format

_words: dict[tuple[str | None, str], str] = {}
_labels: dict[tuple[str | None, int], str] = {}
_dates: dict[tuple[str | None, object, str], str] = {}
MAX_DATES = 20_000


def gettext(message: str) -> str:
    """django.utils.translation.gettext of a literal, remembered per language."""
    key = (translation.get_language(), message)
    found = _words.get(key)
    if found is None:
        found = _words[key] = translation.gettext(message)
    return found


def label(lazy) -> str:
    """str() of a module-level gettext_lazy constant (a choice's label), remembered per
    language."""
    key = (translation.get_language(), id(lazy))
    found = _labels.get(key)
    if found is None:
        found = _labels[key] = str(lazy)
    return found


def date_format(value, format: str) -> str:
    """django.utils.formats.date_format, remembered per language, date and format."""
    key = (translation.get_language(), value, format)
    found = _dates.get(key)
    if found is None:
        if len(_dates) >= MAX_DATES:
            _dates.clear()
        found = _dates[key] = django_date_format(value, format)
    return found


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _words.clear()
    _labels.clear()
    _dates.clear()
