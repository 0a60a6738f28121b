"""A citizen sends a proposal from a phone-sized screen and looks it up by its receipt."""

import pytest

from cycle.models import Proposal
from tests.browser.test_report_on_phone import PHONE, _artifact, fits_the_screen, phone  # noqa: F401
from tests.cycle.conftest import cycle_world  # noqa: F401 - the personas fixture


@pytest.mark.django_db(transaction=True)
def test_a_citizen_sends_a_proposal_on_a_phone(phone, live_server, cycle_world, settings):  # noqa: F811
    settings.PROPOSAL_MIN_FILL_SECONDS = 0  # the browser fills the form faster than a person
    page = phone
    page.goto(f"{live_server.url}/cycle/440783/2027/")
    assert "我要提建议" in page.locator("main").inner_text()
    assert fits_the_screen(page)
    page.select_option("#id_field", "elderly")
    page.fill("#id_title", "社区长者饭堂")
    page.fill("#id_content", "三埠街道长者多，建议在每个社区设长者饭堂，提供助餐送餐。")
    page.fill("#id_beneficiaries", "社区老年人")
    page.fill("#id_phone", "13912345678")
    assert not page.locator("#id_website").is_visible() or page.locator(
        "#id_website").bounding_box()["x"] < 0  # the honeypot is off screen
    assert fits_the_screen(page)
    page.screenshot(path=_artifact("proposal-form-phone"), full_page=True)
    page.get_by_role("button", name="提交建议").click()

    page.wait_for_selector(".cycle-receipt")
    proposal = Proposal.objects.get(title="社区长者饭堂")
    assert proposal.receipt in page.locator(".cycle-receipt").inner_text()
    assert proposal.phone == "13912345678" and proposal.field == "elderly"
    assert fits_the_screen(page)
    page.screenshot(path=_artifact("proposal-receipt-phone"), full_page=True)
    page.get_by_role("link", name="查询办理情况").click()
    page.wait_for_url("**/cycle/lookup/**")
    assert "已收到" in page.locator("main").inner_text()
    assert "13912345678" not in page.content()
