"""What every app's views share: a page of a list with its "no such page" notice, an invalid filter that lists
nothing, the staff preview of a draft (with the headers that keep it out of every shared cache), and pages
that need a permission.

It lives in the lowest layer, so that every app with views can import it; it knows no model, so a view
passes in its queries and permission names. Signing in and a single permission are Django's own
(`login_required`, `permission_required`, the mixins); `permission_page` is for the two things they lack:
"any one of these permissions" and a reason shown on the site's 403 page.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

T = TypeVar("T")


def paginate(request: HttpRequest, rows, *, per_page: int) -> dict:
    """The requested page of `rows` as the template's `includes/pagination.html` needs it: `page_obj`, a
    `notice` when the requested page did not exist (the nearest one is shown instead, never a 404), and
    `query_without_page` for the links to the other pages."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page", "1"))
    requested = request.GET.get("page", "1")
    notice = ""
    if requested not in ("", "1") and str(page.number) != requested:
        notice = _("没有这一页，已为您显示第 %(number)s 页。") % {"number": page.number}
    params = request.GET.copy()
    params.pop("page", None)
    return {"page_obj": page, "notice": notice, "query_without_page": params.urlencode()}


def filtered(filterset) -> QuerySet:
    """A django-filter FilterSet's rows; with an invalid value none at all (the form shows the error), so a
    bad parameter is a message on the page, never a 500 and never a silently unfiltered list."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def may_preview(user, permission: str) -> bool:
    """Staff who may edit a kind of content see its drafts with `?preview=1`."""
    return user.is_active and user.is_staff and user.has_perm(permission)


def public_or_preview(
    request: HttpRequest, *, public: Callable[[], T], preview: Callable[[], T], permission: str, missing: str
) -> tuple[T, bool]:
    """The published object (`public()`), or for staff with `permission` and `?preview=1` the draft
    (`preview()`); both raise DoesNotExist when there is none. Returns the object and whether it is a
    preview of something residents cannot see; anything else is a 404 with the message `missing`."""
    try:
        return public(), False
    except ObjectDoesNotExist:
        pass
    if request.GET.get("preview") == "1" and may_preview(request.user, permission):
        try:
            return preview(), True
        except ObjectDoesNotExist:
            pass
    raise Http404(missing)


def preview_headers(response: HttpResponse, *, is_preview: bool, public_max_age: int | None = None) -> HttpResponse:
    """A draft must never be stored by a shared cache or indexed; a public answer may say how long it keeps."""
    if is_preview:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    elif public_max_age:
        patch_cache_control(response, public=True, max_age=public_max_age)
    return response


def has_permissions(user, permissions, *, any_of: bool = False) -> bool:
    """Whether the user holds every one of `permissions` (with `any_of`, at least one)."""
    held = (user.has_perm(permission) for permission in permissions)
    return any(held) if any_of else all(held)


def permission_page(*permissions: str, any_of: bool = False, reason: str = "") -> Callable:
    """For internal pages: anonymous visitors go to the sign-in page (Django's login_required); a signed-in
    user without the permissions (all of them, or with `any_of` one of them) gets the site's 403 page,
    which shows `reason` (translate it lazily); never stored by a browser or proxy cache."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs):
            if not has_permissions(request.user, permissions, any_of=any_of):
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return never_cache(login_required(checked))

    return decorator
