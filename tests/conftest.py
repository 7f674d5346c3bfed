"""Suite-wide test settings."""

from hypothesis import HealthCheck, settings

# CI and developer machines are shared 2-core boxes: a slow example is not a failure, so
# hypothesis gets no per-example deadline and no too-slow health check (the properties still run).
settings.register_profile(
    "exdose", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("exdose")
