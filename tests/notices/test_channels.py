"""The channels against local servers: a real SMTP round trip, and Tencent Cloud SMS's documented API."""

from email.header import decode_header, make_header

import pytest

from notices.channels import Message, ResultUnknown, SendFailed, email_send
from notices.tencent_sms import tencent_send

from .conftest import free_port
from .servers import SECRET_ID, SECRET_KEY, FakeTencentSms, tc3_signature


def test_email_goes_through_a_real_smtp_round_trip(smtp_server):
    email_send(Message("email", "handler@example.org", "t", "新申请 ABCD", "请处理。\n", []))
    [received] = smtp_server.messages
    assert received["To"] == "handler@example.org"
    assert received["From"] == "noreply@wanli.example"
    assert str(make_header(decode_header(received["Subject"]))) == "新申请 ABCD"
    assert "请处理。" in received.get_payload(decode=True).decode()


def test_unreachable_smtp_server_is_a_failure_to_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(SendFailed):
        email_send(Message("email", "handler@example.org", "t", "s", "b", []))


SMS = Message("sms", "13800001234", "casework.request_accepted", "", "text", ["ABCD-EFGH-JKLM"])


def test_tencent_request_follows_the_documented_api_and_signature(tencent):
    with FakeTencentSms() as server:
        tencent(server)
        assert tencent_send(SMS) == "2028:test-serial"
    [request] = server.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-tc-action"] == "SendSms"
    assert headers["x-tc-version"] == "2021-01-11"
    assert headers["x-tc-region"] == "ap-guangzhou"
    assert request["json"] == {
        "SmsSdkAppId": "1400000001",
        "SignName": "万里社区",
        "TemplateId": "2000001",
        "TemplateParamSet": ["ABCD-EFGH-JKLM"],
        "PhoneNumberSet": ["+8613800001234"],
    }
    timestamp = int(headers["x-tc-timestamp"])
    algorithm, _, fields = headers["authorization"].partition(" ")
    parts = dict(part.strip().split("=", 1) for part in fields.split(","))
    assert algorithm == "TC3-HMAC-SHA256"
    assert parts["SignedHeaders"] == "content-type;host"
    assert parts["Credential"].startswith(f"{SECRET_ID}/") and parts["Credential"].endswith("/sms/tc3_request")
    expected = tc3_signature(
        secret_key=SECRET_KEY,
        method="POST",
        host=headers["host"],
        content_type=headers["content-type"],
        body=request["body"],
        timestamp=timestamp,
    )
    assert parts["Signature"] == expected


def test_tencent_refusal_is_a_failure_to_retry(tencent):
    with FakeTencentSms(answer_code="LimitExceeded.PhoneNumberDailyLimit") as server:
        tencent(server)
        with pytest.raises(SendFailed, match="PhoneNumberDailyLimit"):
            tencent_send(SMS)


def test_tencent_timeout_after_the_request_is_an_unknown_result(tencent, settings):
    with FakeTencentSms(delay=4) as server:
        tencent(server)
        with pytest.raises(ResultUnknown):
            tencent_send(SMS)


def test_tencent_unreachable_is_a_failure_to_retry(tencent, settings):
    class Nowhere:
        endpoint = f"127.0.0.1:{free_port()}"

    tencent(Nowhere)
    with pytest.raises(SendFailed):
        tencent_send(SMS)


def test_template_without_tencent_id_is_a_failure(tencent):
    with FakeTencentSms() as server:
        tencent(server)
        with pytest.raises(SendFailed, match="no Tencent template"):
            tencent_send(Message("sms", "13800001234", "casework.other", "", "", []))
