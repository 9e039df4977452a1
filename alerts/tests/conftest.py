"""The small registry of the open-data tests (opendata/tests/conftest.py), shared: the same published and
unpublished projects serve the REST API's tests, the feeds' and the alerts'."""

from opendata.tests.conftest import _no_rate_limit, office_client, office_user, registry  # noqa: F401
