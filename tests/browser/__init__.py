import pytest

# Plain `assert` in the helper modules gets pytest's detailed failure messages.
pytest.register_assert_rewrite("tests.browser.kit", "tests.browser.flows")
