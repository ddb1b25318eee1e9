"""A skipped test is a failure here: Odoo skips browser tours silently when no browser is found."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"a skipped test counts as a failure (is a browser installed?): {report.longrepr}"
