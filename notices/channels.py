"""The ways a notice leaves the portal. Each `send` returns the provider's reference, raises `SendFailed` when
the message certainly did not go (retried later), or `ResultUnknown` when it may have gone (never repeated by
itself: a resident must not get the same SMS twice)."""

import logging
import smtplib
import socket
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .masking import mask_recipient

logger = logging.getLogger(__name__)


class SendFailed(Exception):
    """The provider was not reached or refused the message: nothing was sent."""


class ResultUnknown(Exception):
    """The request reached the provider but no answer came back: the message may have been sent."""


@dataclass(frozen=True)
class Message:
    channel: str
    recipient: str
    template: str
    subject: str
    body: str
    params: list[str]


def console_send(message: Message) -> str:
    """Development: the message is printed in the worker's console (the recipient masked, as in every log)."""
    logger.warning(
        "[%s to %s] %s\n%s",
        message.channel,
        mask_recipient(message.channel, message.recipient),
        message.subject,
        message.body,
    )
    return "console"


def email_send(message: Message) -> str:
    """Staff e-mail through Django's e-mail backend (SMTP in production, EMAIL_URL)."""
    email = EmailMessage(
        message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient], connection=get_connection()
    )
    try:
        email.send()
    except (
        ConnectionRefusedError,
        socket.gaierror,
        smtplib.SMTPConnectError,
        smtplib.SMTPHeloError,
        smtplib.SMTPAuthenticationError,
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPSenderRefused,
        smtplib.SMTPNotSupportedError,
    ) as error:
        raise SendFailed(f"{type(error).__name__}: {error}") from error
    except (TimeoutError, smtplib.SMTPServerDisconnected, smtplib.SMTPDataError) as error:
        # The server may have taken the mail before the line went quiet.
        raise ResultUnknown(f"{type(error).__name__}: {error}") from error
    except OSError as error:
        raise SendFailed(f"{type(error).__name__}: {error}") from error
    return email.extra_headers.get("Message-ID", "smtp")


def sms_send(message: Message) -> str:
    backend = settings.SMS_BACKEND
    if backend == "console":
        return console_send(message)
    if backend == "tencent":
        from .tencent_sms import tencent_send

        return tencent_send(message)
    raise SendFailed(f"unknown SMS_BACKEND {backend!r}")


def channel_send(message: Message) -> str:
    if message.channel == "sms":
        return sms_send(message)
    return email_send(message)
