"""Checks of identity numbers, so that a typo is caught while the applicant is still at the form."""

import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_resident_id(value: str) -> bool:
    """GB 11643-1999: 17 digits and a check character (0-9 or X)."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_credit_code(value: str) -> bool:
    """GB 32100-2015 统一社会信用代码 with its check character."""
    value = value.upper()
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value):
        return False
    total = sum(_CREDIT_ALPHABET.index(ch) * w for ch, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == value[17]


def valid_phone(value: str) -> bool:
    return bool(re.fullmatch(r"(\+?86[- ]?)?(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)", value.replace(" ", "")))
