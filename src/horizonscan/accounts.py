"""Desk accounts for the CLI, the demo and the desk: argon2 password hashes, never passwords."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from horizonscan.config import Settings
from horizonscan.errors import StoreError
from horizonscan.store import accounts, audit, open_store
from horizonscan.store.accounts import User

HASHER = PasswordHasher()
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password needs at least {MIN_PASSWORD} characters")
    return HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    return secrets.token_urlsafe(12)


def add_account(settings: Settings, name: str, role: str, password: str, by: str = "cli") -> User:
    hashed = hash_password(password)
    with open_store(settings.db_url).begin() as session:
        user = accounts.add_user(session, name, role, hashed)
        audit.record(session, by, "user-add", f"user:{name}", {"role": role})
    return user


def ensure_account(settings: Settings, name: str, role: str) -> str | None:
    """Create the account with a fresh password (returned) unless it exists (None)."""
    with open_store(settings.db_url)() as session:
        if accounts.user_by_name(session, name) is not None:
            return None
    password = new_password()
    add_account(settings, name, role, password, by="demo")
    return password


def change_account(
    settings: Settings,
    name: str,
    *,
    role: str | None = None,
    password: str | None = None,
    disabled: bool | None = None,
) -> User:
    with open_store(settings.db_url).begin() as session:
        if password is not None:
            accounts.set_password(session, name, hash_password(password))
        if disabled is not None:
            accounts.set_disabled(session, name, disabled)
        user = accounts.set_role(session, name, role) if role else None
        if user is None:
            found = accounts.user_by_name(session, name)
            if found is None:
                raise StoreError(f"no account named {name!r}")
            user = found[0]
        audit.record(
            session, "cli", "user-change", f"user:{name}", {"role": role, "disabled": disabled}
        )
        return user


def list_accounts(settings: Settings) -> list[User]:
    with open_store(settings.db_url)() as session:
        return accounts.users(session)
