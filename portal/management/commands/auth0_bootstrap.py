"""``manage.py auth0_bootstrap``: set up the Auth0 tenant (or the emulator) for the portal."""

from django.core.management.base import BaseCommand, CommandError

from portal import auth0
from portal.auth0_setup import bootstrap


class Command(BaseCommand):
    help = "Create or update the API, roles, application settings and Post-Login Action in Auth0."

    def add_arguments(self, parser):
        parser.add_argument(
            "--redeploy-action",
            action="store_true",
            help="Rewrite the Action and its secrets even if the code is unchanged "
            "(needed after changing AUTH0_CLAIMS_NAMESPACE).",
        )

    def handle(self, *args, redeploy_action: bool = False, **options):
        try:
            report = bootstrap(auth0.management_client(), redeploy_action=redeploy_action)
        except Exception as error:
            raise CommandError(f"Auth0 setup failed at {auth0.url()}: {error}") from error
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if not report.changes:
            self.stdout.write(f"Auth0 tenant {auth0.url()} is already set up; nothing changed.")
            return
        for change in report.changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(self.style.SUCCESS(f"Auth0 tenant {auth0.url()} is set up."))
