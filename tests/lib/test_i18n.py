"""Words and dates remembered per language say exactly what Django's own calls say."""

import datetime

from django.utils import translation
from django.utils.formats import date_format as django_date_format

from minsheng.lib import i18n
from portal import facts


def test_a_remembered_word_follows_the_active_language():
    with translation.override("zh-hans"):
        assert i18n.gettext("牵头单位：") == "牵头单位："
    with translation.override("en"):
        assert i18n.gettext("牵头单位：") == translation.gettext("牵头单位：")
        assert i18n.gettext("牵头单位：") != "牵头单位："
    with translation.override("zh-hans"):
        assert i18n.gettext("牵头单位：") == "牵头单位："


def test_a_remembered_label_and_date_are_djangos_in_each_language():
    day = datetime.date(2024, 3, 28)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for _ in range(2):  # the second time from memory
                assert i18n.label(facts.STATUS_LABELS[facts.NO_DATA]) == str(
                    facts.STATUS_LABELS[facts.NO_DATA]
                )
                assert i18n.date_format(day, "MONTH_DAY_FORMAT") == django_date_format(
                    day, "MONTH_DAY_FORMAT"
                )


def test_a_settings_change_forgets_what_was_remembered(settings):
    with translation.override("en"):
        i18n.date_format(datetime.date(2024, 3, 28), "DATE_FORMAT")
        assert i18n._dates
        settings.DATE_FORMAT = "Y-m-d"
        assert not i18n._dates
