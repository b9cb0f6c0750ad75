"""The role catalogue: roles a tenant admin can assign, and the API permissions they grant.

Permissions are those of the product's API (``AUTH0_API_AUDIENCE``): the microservices check
them in access tokens. The catalogue is loaded into the ``Role`` table by a data migration and
pushed to Auth0 (API scopes, roles, role permissions) by ``manage.py auth0_bootstrap``.
"""

PERMISSIONS = {
    "members:read": "See the tenant's members and their roles",
    "members:manage": "Invite, remove and change the roles of members",
    "bookings:read": "See bookings",
    "bookings:write": "Create and cancel bookings",
    "customers:read": "See customers",
    "customers:write": "Create and edit customers",
    "inventory:read": "See inventory",
    "inventory:write": "Change inventory",
    "payments:read": "See payments",
    "payments:write": "Take and refund payments",
}

_EVERYTHING = list(PERMISSIONS)

CATALOGUE = [
    {
        "name": "owner",
        "display_name": "Owner",
        "description": "Full control of the tenant, including its administrators.",
        "rank": 30,
        "permissions": _EVERYTHING,
    },
    {
        "name": "admin",
        "display_name": "Administrator",
        "description": "Manages members and all business data; cannot move money.",
        "rank": 20,
        "permissions": [p for p in _EVERYTHING if p != "payments:write"],
    },
    {
        "name": "member",
        "display_name": "Member",
        "description": "Works with bookings and customers; reads inventory.",
        "rank": 10,
        "permissions": [
            "members:read",
            "bookings:read",
            "bookings:write",
            "customers:read",
            "customers:write",
            "inventory:read",
        ],
    },
]

DEFAULT_ROLE = "member"
