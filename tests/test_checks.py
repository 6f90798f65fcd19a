"""procvision.checks: the one int-but-not-bool check every package uses."""
import numpy as np
import pytest

from procvision.checks import check_int, is_int


@pytest.mark.parametrize("value,expected", [(3, True), (np.int64(3), True), (True, False),
                                            (np.bool_(True), False), (3.0, False), ("3", False)])
def test_is_int_refuses_bools_and_floats(value, expected):
    assert is_int(value) is expected


def test_check_int_bounds_and_error_types():
    assert check_int("n", np.int32(5), 1, 5) == 5 and type(check_int("n", np.int32(5))) is int
    with pytest.raises(ValueError, match=r"n must be in \[1, 4\], got 5"):
        check_int("n", 5, 1, 4)
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        check_int("n", 0, 1)
    with pytest.raises(ValueError, match="n must be <= 2, got 3"):
        check_int("n", 3, high=2)
    with pytest.raises(TypeError, match="seed must be an int, got True"):
        check_int("seed", True, error=TypeError)
