from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in through Auth0; linked to the Auth0 user by social-auth's uid."""

    class Meta:
        db_table = "portal_user"
