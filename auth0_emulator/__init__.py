"""A local Auth0 tenant: OIDC endpoints, a Management API subset, and Post-Login Actions."""
