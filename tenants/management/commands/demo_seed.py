"""``manage.py demo_seed``: the demo tenants and people, in the portal and in Auth0.

Local demo data only: every demo person has the same published password, so the command
refuses to write to an Auth0 tenant that is not a loopback emulator.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from social_django.models import UserSocialAuth

from billing_plans.demo import demo_plans_seed
from portal import auth0
from portal.auth0_backend import Auth0Organizations
from portal.env import is_loopback
from tenants.auth0_sync import membership_push, organization_push
from tenants.models import Tenant
from tenants.selectors import tenant_get_by_name
from tenants.services import membership_record, tenant_create

DEMO_PASSWORD = "demo-password-1"
TENANTS = {"acme": "Acme Corporation", "globex": "Globex"}
PEOPLE = [
    # email, name, {tenant: [roles]}, support staff
    ("owner@acme.test", "Olivia Owner", {"acme": ["owner"]}, False),
    ("member@acme.test", "Max Member", {"acme": ["member"]}, False),
    ("owner@globex.test", "Gina Globex", {"globex": ["owner"]}, False),
    ("multi@portal.test", "Morgan Multi", {"acme": ["admin"], "globex": ["member"]}, False),
    ("support@portal.test", "Sam Support", {}, True),
]


class Command(BaseCommand):
    help = "Create the demo tenants and people (local emulator only). Safe to run again."

    def handle(self, *args, **options):
        if not is_loopback(urlsplit(settings.AUTH0_BASE_URL).hostname or ""):
            raise CommandError(
                "demo_seed only writes to a local emulator: demo passwords are public."
            )
        client = auth0.management_client()
        tenants = {name: self._tenant(client, name, title) for name, title in TENANTS.items()}
        demo_plans_seed(tenants=tenants.values())
        for email, name, roles_by_tenant, staff in PEOPLE:
            auth0_id = self._auth0_user(client, email, name)
            user = self._local_user(email, name, staff, auth0_id)
            for tenant_name, role_names in roles_by_tenant.items():
                # Later runs keep whatever roles an admin has given since.
                membership = membership_record(
                    tenant=tenants[tenant_name], user=user, role_names=role_names
                )
                membership_push(client, membership, auth0_user_id=auth0_id)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({len(PEOPLE)} people, {len(TENANTS)} tenants).")
        )

    def _tenant(self, client, name: str, display_name: str) -> Tenant:
        tenant = tenant_get_by_name(name=name) or tenant_create(
            name=name, display_name=display_name
        )
        organization_push(client, tenant)
        return tenant

    def _auth0_user(self, client, email: str, name: str) -> str:
        existing = client.users.list_users_by_email(email=email)
        if existing:
            return existing[0].user_id
        created = client.users.create(
            connection=settings.AUTH0_DATABASE_CONNECTION,
            email=email,
            name=name,
            password=DEMO_PASSWORD,
            email_verified=True,
        )
        return created.user_id

    @transaction.atomic
    def _local_user(self, email: str, name: str, staff: bool, auth0_id: str):
        first, _, last = name.partition(" ")
        user, _ = get_user_model().objects.update_or_create(
            username=email,
            defaults={"email": email, "first_name": first, "last_name": last, "is_staff": staff},
        )
        # The same link a first sign-in would create: uid plus the claim it came from.
        UserSocialAuth.objects.get_or_create(
            provider=Auth0Organizations.name,
            uid=auth0_id,
            id_key=Auth0Organizations.ID_KEY,
            defaults={"user": user, "extra_data": {Auth0Organizations.ID_KEY: auth0_id}},
        )
        return user
