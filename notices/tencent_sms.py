"""Tencent Cloud SMS (短信 SendSms, API version 2021-01-11) through its official SDK.

Configured by environment variables (wanli/settings/base.py, .env.example): SecretId and SecretKey, the SMS
application's SdkAppId, the approved sign name, and one approved template id per portal template. The endpoint
can be overridden (the tests point it at a local HTTP server standing in for Tencent Cloud)."""

import requests
from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from .channels import Message, ResultUnknown, SendFailed


def _client() -> sms_client.SmsClient:
    config = settings.SMS_TENCENT
    http = HttpProfile(
        endpoint=config["ENDPOINT"], protocol=config["SCHEME"], reqTimeout=config["TIMEOUT"], reqMethod="POST"
    )
    profile = ClientProfile(signMethod="TC3-HMAC-SHA256", httpProfile=http)
    cred = credential.Credential(config["SECRET_ID"], config["SECRET_KEY"])
    return sms_client.SmsClient(cred, config["REGION"], profile)


def template_id(template: str) -> str:
    try:
        return settings.SMS_TENCENT["TEMPLATES"][template]
    except KeyError:
        raise SendFailed(f"no Tencent template id configured for {template} (SMS_TENCENT_TEMPLATES)") from None


def _never_reached(error: TencentCloudSDKException) -> bool:
    """The SDK wraps every network error in ClientNetworkError; only a failed connection proves nothing was sent
    (a read timeout or a dropped line after the request went out may hide a sent message)."""
    cause = error.__context__
    if isinstance(cause, requests.exceptions.ConnectTimeout):
        return True
    return isinstance(cause, requests.exceptions.ConnectionError) and "Failed to establish a new connection" in str(
        cause
    )


def tencent_send(message: Message) -> str:
    config = settings.SMS_TENCENT
    request = models.SendSmsRequest()
    request.SmsSdkAppId = config["SDK_APP_ID"]
    request.SignName = config["SIGN_NAME"]
    request.TemplateId = template_id(message.template)
    request.TemplateParamSet = message.params
    request.PhoneNumberSet = [f"+86{message.recipient}"]
    try:
        response = _client().SendSms(request)
    except TencentCloudSDKException as error:
        text = f"{error.get_code()}: {error.get_message()}"
        if error.get_code() == "ClientNetworkError":
            if not _never_reached(error):
                raise ResultUnknown(text) from error
        raise SendFailed(text) from error
    statuses = response.SendStatusSet or []
    if not statuses or statuses[0].Code != "Ok":
        detail = f"{statuses[0].Code}: {statuses[0].Message}" if statuses else "empty SendStatusSet"
        raise SendFailed(detail)
    return statuses[0].SerialNo or response.RequestId
