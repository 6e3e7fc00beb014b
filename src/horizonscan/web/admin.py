"""Accounts and the audit log: for admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from horizonscan.accounts import hash_password
from horizonscan.errors import StoreError
from horizonscan.store import accounts, audit, crawlstate
from horizonscan.web.auth import Admin
from horizonscan.web.context import desk_of, render

router = APIRouter()


@router.get("/admin/users")
def users_page(request: Request, user: Admin) -> Response:
    with desk_of(request).transaction() as session:
        found = accounts.users(session)
        trail = audit.entries(session, limit=200)
    return render(
        request, "users.html", {"accounts": found, "roles": accounts.ROLES, "trail": trail}
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    user: Admin,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    name = name.strip()
    if not name or len(name) > 100:
        raise StoreError("an account name needs 1 to 100 characters")
    hashed = hash_password(password)
    with desk_of(request).transaction() as session:
        accounts.add_user(session, name, role, hashed)
        audit.record(session, user.name, "user-add", f"user:{name}", {"role": role})
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}")
def change_user(
    request: Request,
    user: Admin,
    name: str,
    role: Annotated[str, Form()] = "",
    disabled: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    if name == user.name and (disabled == "yes" or (role and role != "admin")):
        raise StoreError("you cannot lock yourself out: ask another admin")
    hashed = hash_password(password) if password else None
    with desk_of(request).transaction() as session:
        if role:
            accounts.set_role(session, name, role)
        if disabled in ("yes", "no"):
            accounts.set_disabled(session, name, disabled == "yes")
        if hashed is not None:  # signs the account out everywhere
            accounts.set_password(session, name, hashed)
        audit.record(
            session,
            user.name,
            "user-change",
            f"user:{name}",
            {
                "role": role or None,
                "disabled": disabled or None,
                "password": "reset" if hashed else None,
            },
        )
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/sources/{source_id}")
def pause_source(
    request: Request,
    user: Admin,
    source_id: str,
    action: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    if action not in ("pause", "resume"):
        raise StoreError(f"action must be pause or resume, not {action!r}")
    why = (reason.strip() or "paused on the desk")[:500] if action == "pause" else None
    with desk_of(request).transaction() as session:
        crawlstate.set_paused(session, source_id, why, user.name)
        audit.record(session, user.name, action, f"source:{source_id}", {"reason": why})
    return RedirectResponse("/sources", status_code=303)
