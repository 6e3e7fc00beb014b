"""Desk accounts, their signed-in sessions and failed sign-ins (hashes only, never secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from horizonscan.errors import StoreError
from horizonscan.store.models import DeskSessionRow, LoginFailureRow, UserRow

ROLES = ("viewer", "editor", "admin")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool = False

    def can(self, role: str) -> bool:
        """True when this account has ``role`` or a stronger one."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf_token: str
    expires_at: datetime


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, row.disabled)


def add_user(session: Session, name: str, role: str, password_hash: str) -> User:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    row = UserRow(
        name=name, role=role, password_hash=password_hash, disabled=False, created_at=_now()
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise StoreError(f"an account named {name!r} exists already") from exc
    return _user(row)


def users(session: Session) -> list[User]:
    return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def user_by_name(session: Session, name: str) -> tuple[User, str] | None:
    """The account and its password hash."""
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    return (_user(row), row.password_hash) if row is not None else None


def _row(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise StoreError(f"no account named {name!r}")
    return row


def set_role(session: Session, name: str, role: str) -> User:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    row = _row(session, name)
    row.role = role
    return _user(row)


def set_password(session: Session, name: str, password_hash: str) -> None:
    row = _row(session, name)
    row.password_hash = password_hash
    session.execute(delete(DeskSessionRow).where(DeskSessionRow.user_id == row.id))


def set_disabled(session: Session, name: str, disabled: bool) -> User:
    row = _row(session, name)
    row.disabled = disabled
    if disabled:
        session.execute(delete(DeskSessionRow).where(DeskSessionRow.user_id == row.id))
    return _user(row)


def start_session(
    session: Session, user: User, token_sha256: str, csrf_token: str, lifetime: timedelta
) -> None:
    now = _now()
    session.execute(delete(DeskSessionRow).where(DeskSessionRow.expires_at < now))
    session.add(
        DeskSessionRow(
            token_sha256=token_sha256,
            user_id=user.id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=now + lifetime,
        )
    )


def find_session(session: Session, token_sha256: str, lifetime: timedelta) -> SignedIn | None:
    """The live session of this token, its expiry pushed forward (idle timeout)."""
    found = session.execute(
        select(DeskSessionRow, UserRow)
        .join(UserRow, UserRow.id == DeskSessionRow.user_id)
        .where(DeskSessionRow.token_sha256 == token_sha256)
    ).first()
    if found is None:
        return None
    row, user = found
    now = _now()
    if row.expires_at < now or user.disabled:
        return None
    if row.expires_at - now < lifetime / 2:
        session.execute(
            update(DeskSessionRow)
            .where(DeskSessionRow.token_sha256 == token_sha256)
            .values(expires_at=now + lifetime)
        )
    return SignedIn(_user(user), row.csrf_token, row.expires_at)


def end_session(session: Session, token_sha256: str) -> None:
    session.execute(delete(DeskSessionRow).where(DeskSessionRow.token_sha256 == token_sha256))


def record_failure(session: Session, keys: list[str]) -> None:
    now = _now()
    session.add_all(LoginFailureRow(key=key, at=now) for key in keys)


def recent_failures(session: Session, key: str, window: timedelta) -> int:
    since = _now() - window
    count = session.scalar(
        select(func.count())
        .select_from(LoginFailureRow)
        .where(LoginFailureRow.key == key, LoginFailureRow.at >= since)
    )
    return int(count or 0)


def forget_failures(session: Session, keys: list[str]) -> None:
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.key.in_(keys)))


def _now() -> datetime:
    return datetime.now(UTC)
