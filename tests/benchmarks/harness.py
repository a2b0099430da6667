"""What every benchmark of `python -m tests.benchmarks` shares: they run one after another in one process."""

from django.test.utils import setup_test_environment, teardown_test_environment


def fresh_test_environment() -> None:
    """Django's test environment (locmem e-mail, test settings), set up afresh even when an earlier benchmark (or
    an earlier step of this one) left it set up: Django refuses to set it up twice."""
    try:
        setup_test_environment()
    except RuntimeError:
        teardown_test_environment()
        setup_test_environment()


def end_test_environment() -> None:
    """After a benchmark: leave no test environment behind for the next one."""
    try:
        teardown_test_environment()
    except AttributeError:  # none was set up
        pass
