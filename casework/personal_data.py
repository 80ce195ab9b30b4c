"""Who may see residents' personal data in casework (the guard itself is intake.personal_data)."""

from intake.personal_data import PersonalDataAdminMixin

PERSONAL_PERMISSION = "casework.view_personal_data"
# A correction's contact has a permission of its own (the handlers who call residents back).
CONTACT_PERMISSION = "casework.view_correction_contact"


def may_see_personal_data(request) -> bool:
    return request is not None and request.user.has_perm(PERSONAL_PERMISSION)


class CaseworkPersonalDataMixin(PersonalDataAdminMixin):
    """The guard with casework's permission (the 工单处理 role and superusers)."""

    personal_permission = PERSONAL_PERMISSION
