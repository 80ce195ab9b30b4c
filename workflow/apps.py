from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """Staff-workflow building blocks shared by every content app (the lowest layer: imports no other app)."""

    name = "workflow"
    verbose_name = _("工作流程")
