"""The public request pages: the apply button, the form, the confirmation."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Correction, RequestKind, RequestStatus, ServiceRequest
from intake.codes import display_code
from publishing.publishable import PublicationStatus
from tests.facilities.factories import FacilityFactory
from tests.services.factories import ServiceFactory

from .factories import PlacePoolFactory, RequestSettingsFactory, bed_service, repair_service, submit
from .view_helpers import apply_url, form_data, track

pytestmark = pytest.mark.django_db


# --- the button -----------------------------------------------------------------------------------------------


def test_service_page_shows_apply_online_only_when_accepting(client):
    accepting = repair_service()
    response = client.get(accepting.get_absolute_url())
    assert apply_url(accepting) in response.content.decode()
    closed = RequestSettingsFactory(accepts_requests=False).service
    assert "/requests/new/" not in client.get(closed.get_absolute_url()).content.decode()
    plain = ServiceFactory()
    assert "/requests/new/" not in client.get(plain.get_absolute_url()).content.decode()


def test_service_and_facility_pages_offer_report_wrong_information(client):
    service = ServiceFactory()
    facility = FacilityFactory()
    assert (
        reverse("casework:correction_new", args=["service", service.pk])
        in client.get(service.get_absolute_url()).content.decode()
    )
    assert (
        reverse("casework:correction_new", args=["facility", facility.pk])
        in client.get(facility.get_absolute_url()).content.decode()
    )


# --- applying -------------------------------------------------------------------------------------------------


def test_apply_form_asks_for_address_only_for_home_visits(client):
    repair = repair_service()
    assert 'name="address"' in client.get(apply_url(repair)).content.decode()
    enquiry = RequestSettingsFactory(kind=RequestKind.GENERAL_ENQUIRY).service
    page = client.get(apply_url(enquiry)).content.decode()
    assert 'name="address"' not in page
    assert "个人信息说明" in page and "180" in page  # privacy notice with the retention period


def test_apply_then_confirmation_shows_an_unguessable_code(client):
    service = repair_service()
    response = client.post(apply_url(service), form_data())
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.phone == "13812345678"
    assert request.preferred_time == "weekday_morning"
    assert request.tracking_code not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert request.display_code in page


def test_confirmation_without_a_submission_goes_to_tracking(client):
    response = client.get(reverse("casework:request_sent"))
    assert response.status_code == 302 and response["Location"].endswith(reverse("casework:track"))


def test_bed_application_waitlisted_shows_its_position(client, django_user_model):
    service, pool = bed_service(capacity=1)
    submit(service, pool=pool)
    submit(service, pool=pool, phone="13900000001")
    response = client.post(
        apply_url(service), form_data(pool=str(pool.pk), address=None, phone="13900000002"), follow=True
    )
    latest = ServiceRequest.objects.order_by("-pk").first()
    assert latest.status == RequestStatus.WAITLISTED
    assert "第 2 位" in response.content.decode()


def test_unknown_or_foreign_pool_is_a_form_error(client):
    service, _pool = bed_service()
    _other, other_pool = bed_service()
    response = client.post(apply_url(service), form_data(pool=str(other_pool.pk)))
    assert response.status_code == 200 and "请从列表中选择地点" in response.content.decode()
    response = client.post(apply_url(service), form_data(pool="abc"))
    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()


def test_unpublished_closed_or_unknown_services_are_404(client):
    hidden = RequestSettingsFactory(service=ServiceFactory(publication_status=PublicationStatus.DRAFT)).service
    paused = RequestSettingsFactory(
        service=ServiceFactory(operation_status="temporarily_closed", closure_reason="装修")
    ).service
    for url in (apply_url(hidden), apply_url(paused), "/requests/new/no-such-service/"):
        assert client.get(url).status_code == 404
        assert client.post(url, form_data()).status_code == 404
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "12345"}, "11 位"),
        ({"phone": "021-12345678"}, None),  # landline accepted for repair visits
        ({"consent": None}, "同意"),
        ({"name": ""}, None),
        ({"description": "x" * 10_000}, "2000"),
        ({"name": "王" * 500}, "40"),
        ({"description": "abc\u202etxt.exe"}, "显示方向"),
        ({"description": "null\x00byte"}, None),
        ({"description": "   \u200b  "}, "需要什么帮助"),
        ({"name": "<script>alert(1)</script>"}, "尖括号"),
        ({"address": ""}, "小区与门牌"),
        ({"preferred_time": "midnight"}, None),
    ],
)
def test_bad_input_gets_a_clear_form_error_never_a_500(client, overrides, message):
    service = repair_service()
    response = client.post(apply_url(service), form_data(**overrides))
    if overrides == {"phone": "021-12345678"}:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page
    if message:
        assert message in page
    assert not ServiceRequest.objects.exists()


def test_mobile_only_for_bed_applications(client):
    service, pool = bed_service()
    response = client.post(apply_url(service), form_data(pool=str(pool.pk), phone="021-12345678"))
    assert response.status_code == 200 and not ServiceRequest.objects.exists()


def test_odd_but_harmless_text_is_stored_as_typed_and_shown_escaped(client, admin_client):
    service = repair_service()
    odd = "<img src=x onerror=alert(1)> 😀👨\u200d👩\u200d👧 '; DROP TABLE casework_servicerequest; -- مرحبا"
    response = client.post(apply_url(service), form_data(description=odd, name="Émile 😀"))
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.description == odd
    page = admin_client.get(reverse("admin:casework_servicerequest_change", args=[request.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x onerror" not in page


def test_csrf_is_enforced():
    csrf_client = Client(enforce_csrf_checks=True)
    service = repair_service()
    assert csrf_client.post(apply_url(service), form_data()).status_code == 403
    assert csrf_client.post(reverse("casework:track"), {"code": "x", "last4": "1234"}).status_code == 403
    assert not ServiceRequest.objects.exists()


def test_honeypot_rejects_without_storing(client):
    service = repair_service()
    response = client.post(apply_url(service), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()


def test_rate_limit_per_client_address(client, settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (2, 3600), "request_phone": (100, 3600)}
    service = repair_service()
    for n in range(2):
        assert client.post(apply_url(service), form_data(phone=f"1390000000{n}")).status_code == 302
    response = client.post(apply_url(service), form_data(phone="13900000009"))
    assert response.status_code == 429
    assert "提交太频繁" in response.content.decode()
    assert ServiceRequest.objects.count() == 2
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(apply_url(service), form_data(phone="13900000009")).status_code == 302


def test_rate_limit_per_phone_number_across_addresses(settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (100, 3600), "request_phone": (1, 86400)}
    service = repair_service()
    assert Client(REMOTE_ADDR="10.0.0.1").post(apply_url(service), form_data()).status_code == 302
    response = Client(REMOTE_ADDR="10.0.0.2").post(apply_url(service), form_data(phone="+86 13812345678"))
    assert response.status_code == 429
    assert ServiceRequest.objects.count() == 1


def test_429_page_is_translated(settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (0, 3600)}
    service = repair_service()
    response = Client().post("/en" + apply_url(service), form_data())
    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()


def test_english_apply_form_and_catalogue_complete(client):
    import polib
    from django.conf import settings

    service = repair_service()
    page = client.get("/en" + apply_url(service)).content.decode()
    assert "Apply online" in page and "Personal information" in page and "Send request" in page
    catalogue = polib.pofile(str(settings.BASE_DIR / "casework/locale/en/LC_MESSAGES/django.po"))
    assert catalogue.percent_translated() == 100
    assert not [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]


def test_double_submit_stores_one_request(client):
    service = repair_service()
    first = client.post(apply_url(service), form_data())
    second = client.post(apply_url(service), form_data())
    assert first.status_code == second.status_code == 302
    assert ServiceRequest.objects.count() == 1
    code = ServiceRequest.objects.get().display_code
    assert code in client.get(second["Location"]).content.decode()
    client.post(apply_url(service), form_data(description="另一件事：冰箱不制冷"))
    assert ServiceRequest.objects.count() == 2


def test_someone_else_retyping_phone_and_words_does_not_get_the_code(client):
    service = repair_service()
    client.post(apply_url(service), form_data())
    stranger = Client(REMOTE_ADDR="10.1.1.1")
    response = stranger.post(apply_url(service), form_data())
    assert ServiceRequest.objects.count() == 2
    codes = set(ServiceRequest.objects.values_list("tracking_code", flat=True))
    shown = stranger.get(response["Location"]).content.decode()
    first = ServiceRequest.objects.order_by("pk").first()
    assert first.display_code not in shown and len(codes) == 2


def test_a_form_sent_back_lists_what_to_correct_and_puts_the_cursor_on_the_first(client):
    service = repair_service()
    page = client.post(apply_url(service), form_data(name="", phone="123")).content.decode()
    summary = page.split('class="form-errors error-summary"', 1)[1].split("</div>", 1)[0]
    assert "请修改以下内容后再提交" in summary
    assert summary.index('href="#id_name"') < summary.index('href="#id_phone"')  # in form order
    assert re.search(r'<input[^>]*name="name"[^>]*autofocus', page)
    assert not re.search(r'<input[^>]*name="phone"[^>]*autofocus', page)  # only the first field


def test_the_confirmation_quotes_no_quotes(client):
    service = RequestSettingsFactory(kind=RequestKind.REPAIR_VISIT, service__name="“小修小补”义务维修").service
    response = client.post(apply_url(service), form_data(), follow=True)
    assert "已收到您的申请：“小修小补”义务维修。" in response.content.decode()


def test_a_missing_place_choice_links_to_its_first_option_and_focuses_nothing_twice(client):
    service, pool = bed_service()
    PlacePoolFactory(location__service=service, capacity=3)  # two places to choose from: a radio group
    page = client.post(apply_url(service), form_data(pool="")).content.decode()
    summary = page.split('class="form-errors error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_pool_0"' in summary and 'id="id_pool_0"' in page
    assert page.count("autofocus") <= 1


def test_the_place_unit_is_given_in_english_on_english_pages(client):
    service, pool = bed_service()
    facility = pool.location.facility
    facility.capacity_unit, facility.capacity_unit_en = "张床位", "beds"
    facility.save()
    pool.unit = "张床位"
    pool.save()
    url = apply_url(service)  # before any English request activates English for reverse()
    assert "张床位" in client.get(url).content.decode()
    english = client.get("/en" + url).content.decode()
    assert "beds" in english and "张床位" not in english


# --- digits as typed with a Chinese input method, or in another script ------------------------------------


@pytest.mark.parametrize("last4", ["２２２２", "²²²²"])
def test_tracking_takes_full_width_and_superscript_digits(client, last4):
    request = submit(repair_service(), phone="13811112222")
    response = track(client, request.display_code, last4)
    assert response.status_code == 200
    assert "没有找到对应的申请" not in response.content.decode() and request.display_code in response.content.decode()


@pytest.mark.parametrize("last4", ["١٢٣٤", "٢٢٢٢", "२२२२"])
def test_tracking_with_digits_of_another_script_is_a_form_error_not_a_500(client, last4):
    request = submit(repair_service(), phone="13811112222")
    response = track(client, request.tracking_code, last4)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_last4_error"' in page and "数字请用 0–9 填写" in page
    assert request.display_code not in page


def test_tracking_with_a_full_width_code(client):
    request = submit(repair_service(), phone="13811112222")
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in request.display_code)
    assert request.display_code in track(client, full_width, "２２２２").content.decode()


def test_tracking_digit_error_in_english(client):
    submit(repair_service(), phone="13811112222")
    page = client.post("/en/requests/track/", {"code": "ABCDEFGHJKMN", "last4": "١٢٣٤"}).content.decode()
    assert "Please type digits as 0–9" in page


@pytest.mark.parametrize("phone", ["١٣٨١٢٣٤٥٦٧٨", "13٨12345678"])
def test_request_form_refuses_phones_in_another_script(client, phone):
    service = repair_service()
    response = client.post(apply_url(service), form_data(phone=phone))
    assert response.status_code == 200
    assert "数字请用 0–9 填写" in response.content.decode()
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("phone", ["１３８１２３４５６７８", "¹³⁸¹²³⁴⁵⁶⁷⁸"])
def test_request_form_stores_full_width_phones_as_ascii(client, phone):
    service = repair_service()
    assert client.post(apply_url(service), form_data(phone=phone)).status_code == 302
    assert ServiceRequest.objects.get().phone == "13812345678"


def test_correction_contact_full_width_is_stored_as_ascii_and_other_scripts_refused(client):
    service = ServiceFactory()
    url = reverse("casework:correction_new", args=["service", service.pk])
    response = client.post(url, {"what_is_wrong": "电话打不通", "contact": "١٣٨١٢٣٤٥٦٧٨"})
    assert response.status_code == 200 and "数字请用 0–9 填写" in response.content.decode()
    assert not Correction.objects.exists()
    assert (
        client.post(url, {"what_is_wrong": "电话打不通", "contact": "王先生 １３８１２３４５６７８"}).status_code == 302
    )
    assert Correction.objects.get().contact == "王先生 13812345678"


# --- one rule for the button and the form (issue 16: no dead ends) -------------------------------------------


def test_a_place_service_without_places_shows_no_button_but_says_why_and_whom_to_ask(client):
    service = RequestSettingsFactory(kind=RequestKind.CHILDCARE_SIGNUP).service
    page = client.get(service.get_absolute_url()).content.decode()
    assert apply_url(service) not in page
    assert "网上申请暂未开放" in page
    assert 'href="tel:12345"' in page and reverse("contact") in page
    assert client.get(apply_url(service)).status_code == 404


def test_every_apply_button_on_the_real_seed_leads_to_a_form(client):
    """With online applications switched on for every seeded service that has request settings (the office
    decides that in admin), each button shown opens the form; the baby-house sign-up, which has no place
    pool, shows no button."""
    from django.core.management import call_command

    from casework.models import RequestSettings

    call_command("seed_wanli", verbosity=0)
    RequestSettings.objects.update(accepts_requests=True)
    buttons = 0
    for request_settings in RequestSettings.objects.select_related("service"):
        service = request_settings.service
        page = client.get(service.get_absolute_url()).content.decode()
        links = re.findall(r'href="(/requests/new/[^"]+)"', page)
        for link in links:
            assert client.get(link).status_code == 200, link
        buttons += len(links)
        if service.slug == "baobaowu-tuoyu":
            assert not links and "网上申请暂未开放" in page
    assert buttons == RequestSettings.objects.count() - 1


def test_the_confirmation_hands_the_code_to_my_requests_and_the_tracking_page_lists_them(client):
    service = repair_service()
    client.post(apply_url(service), form_data())
    created = ServiceRequest.objects.get()
    sent = client.get(reverse("casework:request_sent")).content.decode()
    # The script stores it in the browser (localStorage); the page only carries it for that script.
    assert f'id="sent-code" data-code="{display_code(created.tracking_code)}"' in sent
    assert "casework/js/my-requests" in sent
    tracking = client.get(reverse("casework:track")).content.decode()
    assert 'id="my-requests"' in tracking and "casework/js/my-requests" in tracking


def test_the_request_form_says_whom_to_ask_instead_of_filling_it_in(client):
    service = repair_service()
    page = client.get(apply_url(service)).content.decode()
    assert "也可以打电话或到服务窗口" not in page
    assert 'href="tel:12345"' in page and reverse("contact") in page
    service.phone = "021-52820000"
    service.save()
    assert 'href="tel:021-52820000"' in client.get(apply_url(service)).content.decode()


def test_residents_opt_in_to_sms_on_the_request_form(client):
    service = repair_service()
    page = client.get(apply_url(service)).content.decode()
    assert 'name="sms_updates"' in page and "通过短信告诉我进展" in page
    assert client.post(apply_url(service), form_data(sms_updates="on")).status_code == 302
    assert ServiceRequest.objects.get().sms_updates is True


def test_sms_updates_need_a_mobile_number(client):
    service = repair_service()
    response = client.post(apply_url(service), form_data(phone="021-62345678", sms_updates="on"))
    assert response.status_code == 200
    assert "短信只能发到手机号" in response.content.decode()
    assert not ServiceRequest.objects.exists()
