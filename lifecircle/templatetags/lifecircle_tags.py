"""Template tags other pages use to show the life circle (the managers' dashboard shows the coverage shares)."""

from django import template

from lifecircle.queries import coverage_matrix

register = template.Library()


@register.inclusion_tag("lifecircle/includes/coverage_summary.html")
def life_circle_coverage_summary():
    """Per category: target, share of estates and of residents within it (the cached matrix)."""
    matrix = coverage_matrix()
    return {"matrix": matrix, "lines": list(zip(matrix.columns, matrix.summaries, strict=True))}
