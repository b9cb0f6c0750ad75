"""Example microservices of the product, each protected by ``service_auth``."""
