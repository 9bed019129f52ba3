"""The permission groups behind the three roles. Object-level limits (own service, own actions)
are enforced by ``inspections.roles`` and ``visible_to``; these give the admin its model rights.
"""

VIEWABLE = {
    "inspections": [
        "youthjusticeservice",
        "localauthority",
        "partneragency",
        "board",
        "boardmeeting",
        "boardmember",
        "framework",
        "domain",
        "standard",
        "ratinglevel",
        "scoreband",
        "inspection",
        "standardrating",
        "recommendation",
    ],
    "actions": ["action", "deadlinerevision", "progressupdate"],
    "notifications": ["domainevent"],
}

MANAGED = {
    "inspections": [
        "inspection",
        "standardrating",
        "recommendation",
        "partneragency",
        "board",
        "boardmeeting",
        "boardmember",
    ],
    "actions": ["action", "deadlinerevision"],
}

GROUP_PERMISSIONS = {
    "Plan owner": [
        ("actions", "change_action"),
        ("actions", "add_progressupdate"),
        ("actions", "add_deadlinerevision"),
    ],
    "Service manager": [
        (app, f"{verb}_{model}")
        for app, models in MANAGED.items()
        for model in models
        for verb in ("add", "change", "delete")
    ]
    + [
        ("inspections", "change_youthjusticeservice"),
        ("actions", "add_progressupdate"),
    ],
    "Board member": [("actions", "sign_off_action")],
}


def required_permissions() -> set[tuple[str, str]]:
    """Every (app label, codename) the groups are given."""
    view = {(app, f"view_{model}") for app, models in VIEWABLE.items() for model in models}
    return view.union(*GROUP_PERMISSIONS.values())


def sync_groups(group_model, permission_model) -> None:
    """Create the three groups and give each exactly its permissions (idempotent)."""
    view = [(app, f"view_{model}") for app, models in VIEWABLE.items() for model in models]
    for name, extra in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = view + extra
        permissions = [
            permission_model.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)
