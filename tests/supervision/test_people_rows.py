"""The per-unit and per-leader tables' rows, built by the `person_rows` tag, read exactly as
the template loop that rendered each cell did (they are an administrator's ~2,000 rows)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from supervision.dashboard import PersonRow

LOOP = Template(
    '{% for row in rows %}<tr><th scope="row">{{ row.name }}</th><td>{{ row.tasks }}</td>'
    "<td>{{ row.red }}</td><td>{{ row.overdue }}</td><td>{{ row.missing }}</td>"
    '<td>{{ row.average_days_late|default_if_none:"—" }}</td></tr>\n  {% endfor %}'
)
TAG = Template("{% load office %}{% person_rows rows %}\n  ")

ROWS = [
    PersonRow(name="市民政局", tasks=3, red=1, overdue=2, missing=1, days_late=[10, 5], pk=1),
    PersonRow(name="<b>局&所</b>", tasks=12345, red=0, overdue=0, missing=0, pk=2),
    PersonRow(name="王副市长、李副市长", tasks=7, red=7, overdue=3, missing=2,
              days_late=[1, 2, 2], pk=3),
    PersonRow(name="第1局", tasks=1, red=0, overdue=1, missing=0, days_late=[400], pk=4),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tag_renders_the_rows_byte_for_byte_as_the_loop(language):
    with translation.override(language):
        assert TAG.render(Context({"rows": ROWS})) == LOOP.render(Context({"rows": ROWS}))
