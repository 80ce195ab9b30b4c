"""The one search page, in both languages."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from facilities.content_version import CALENDAR, FACILITIES, SEARCH, SERVICES
from facilities.hours import local_now

from .actions import unmatched_search_record
from .forms import SearchForm
from .queries import search, suggestions


@require_GET
def search_results(request):
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "results": None, "suggestions": suggestions(language=request.LANGUAGE_CODE)}
        return render(request, "search/results.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    results = search(query=data.get("q", ""), language=request.LANGUAGE_CODE, near=data.get("near"))
    context = {"form": form, "results": results, "near": data.get("near")}
    if results.is_empty:
        context["suggestions"] = suggestions(language=request.LANGUAGE_CODE)
    response = render(request, "search/results.html", context)
    if results.searched and results.is_empty:
        unmatched_search_record(query=results.normalized_query, on=local_now().date())
        # Every such search is counted, so none may be answered from the page cache.
        add_never_cache_headers(response)
    return response


search_results.page_cache_parameters = tuple(SearchForm.base_fields)
search_results.page_cache_depends_on = (FACILITIES, SERVICES, SEARCH, CALENDAR)
