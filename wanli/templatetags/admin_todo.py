from django import template

from wanli.todo import todo_panel as build_todo_panel

register = template.Library()


@register.inclusion_tag("wanli/admin/todo_panel.html", takes_context=True)
def todo_panel(context) -> dict:
    """The signed-in person's to-do rows (wanli/todo.py), for the top of the admin index."""
    return {"rows": build_todo_panel(context["request"].user)}
