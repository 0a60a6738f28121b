"""The office's dashboard in Chromium: the vendored chart draws, offline, beside its table."""

import pytest

from tests.progress.conftest import PASSWORD, world  # noqa: F401 - the personas fixture


@pytest.mark.django_db(transaction=True)
def test_dashboard_draws_the_milestone_chart(page, live_server, world, screenshot):  # noqa: F811
    requests_outside = []
    page.on(
        "request",
        lambda r: requests_outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/office/%3Fyear%3D2024")
    page.fill("#id_username", "kp-office")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/office/?year=2024")
    chart = page.locator("#milestone-chart svg")
    chart.wait_for()
    assert "计划到期" in page.locator("#milestone-chart").inner_text()
    assert page.locator("table:below(#milestone-chart) tbody tr").count() >= 12
    screenshot("dashboard")
    assert requests_outside == []  # everything is served by the portal itself
