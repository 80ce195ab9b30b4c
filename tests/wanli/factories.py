"""Users for the staff-workflow tests: a member of staff in one of the roles of wanli/roles.py."""

import factory
from django.contrib.auth.models import Group, User


class StaffUserFactory(factory.django.DjangoModelFactory):
    """`StaffUserFactory(role="内容编辑")` makes a staff member in that group (created by the post_migrate handler)."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    is_staff = True
    password = factory.django.Password("a-long-staff-password-2024")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
