"""Keys: the demo key follows the manifest alone, real keys are long, each year's is named."""

import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import keys

pytestmark = pytest.mark.usefixtures("english")
GOOD = "k" * 32


def test_the_demo_key_goes_with_synthetic_files_whatever_the_environment():
    assert keys.resolve_key(True, None, "K") == keys.DEMO_KEY.encode()
    assert keys.resolve_key(True, GOOD, "K") == keys.DEMO_KEY.encode()
    assert len(keys.DEMO_KEY.encode()) >= keys.MIN_KEY_BYTES


@pytest.mark.parametrize("secret,expected", [
    (None, r"^no pseudonymisation key: set the environment variable K to a secret of at least 32"),
    ("", r"^no pseudonymisation key"),
    ("x", r"^the key in K has 1 bytes; at least 32 are needed"),
    ("k" * 31, r"^the key in K has 31 bytes"),
    (keys.DEMO_KEY, r"^K holds the public demo key"),
])  # fmt: skip
def test_real_data_need_a_long_secret_key(secret, expected):
    with pytest.raises(BudayaKerjaError, match=expected):
        keys.resolve_key(False, secret, "K")


def test_a_long_key_is_used_as_given():
    assert keys.resolve_key(False, GOOD, "K") == GOOD.encode()
    assert keys.resolve_key(False, "é" * 16, "K") == ("é" * 16).encode()  # 32 bytes in UTF-8


def test_fingerprints_name_keys_without_revealing_them():
    a, b = keys.fingerprint(GOOD.encode()), keys.fingerprint((GOOD + "!").encode())
    assert a == keys.fingerprint(GOOD.encode()) and a != b
    assert len(a) == 16 and int(a, 16) >= 0 and GOOD not in a


def test_years_with_different_keys_are_not_compared():
    keys.check_same_key("aaaa", "aaaa", 2024, 2025)
    keys.check_same_key(None, "aaaa", 2024, 2025)  # quality.json from before fingerprints
    with pytest.raises(BudayaKerjaError, match=r"^2024 and 2025 were pseudonymised with different "
                                               r"keys \(fingerprints aaaa and bbbb\).*set "
                                               r"BUDAYA_KERJA_KEY to the key whose fingerprint "
                                               r"is aaaa"):  # fmt: skip
        keys.check_same_key("aaaa", "bbbb", 2024, 2025)
