"""Voucher codes: random, without look-alike characters, with a check character.

31 characters (no 0, 1, I, L, O), 10 random ones (about 50 bits) and one check character:
a weighted sum modulo the prime 31 catches every single typo and every swap of two
neighbouring characters before the database is asked.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 10


def _check_character(body):
    total = sum((index + 1) * ALPHABET.index(char) for index, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def generate():
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    code = body + _check_character(body)
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalise(text):
    """The code as stored, from what a parent typed (any case, spaces or dashes)."""
    compact = "".join(char for char in text.upper() if char.isalnum())
    if len(compact) != BODY_LENGTH + 1 or any(char not in ALPHABET for char in compact):
        return None
    if _check_character(compact[:-1]) != compact[-1]:
        return None
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"
