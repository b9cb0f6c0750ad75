from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "services.booking"
    label = "booking"

    def ready(self) -> None:
        from service_auth.django import get_verifier

        get_verifier()  # a bad SERVICE_AUTH stops the service at start-up, not at first request
