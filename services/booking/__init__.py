"""The example booking service: bookings per tenant behind ``service_auth``.

Run it with ``python -m services.booking``; see docs/service-auth.md.
"""
