from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What every publishable kind of content shares (the lowest content layer: imports no other app).

    The app was called `workflow` until issue 14; migration 0001 replaces `workflow.0001_pending_revision`, so a
    database migrated under the old name moves forward without losing a pending revision.
    """

    name = "publishing"
    verbose_name = _("内容发布")
