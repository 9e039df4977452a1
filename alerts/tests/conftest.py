"""The small programme of the open-data tests (opendata/tests/conftest.py, `public_and_secret`), shared: the same
published and unpublished projects serve the REST API's tests, the feeds' and the alerts'."""

from opendata.tests.conftest import _no_rate_limit, office_client, public_and_secret  # noqa: F401
