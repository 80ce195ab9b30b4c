from django.core.management.base import BaseCommand

from wanli.roles import sync_roles


class Command(BaseCommand):
    help = "Creates the staff groups (内容编辑, 审核发布, 数据填报, 管理层, 工单处理) with exactly their permissions. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options) -> None:
        counts = sync_roles(using=options["database"])
        for role, count in counts.items():
            self.stdout.write(f"{role}: {count} permissions")
        self.stdout.write(self.style.SUCCESS("Roles are up to date."))
