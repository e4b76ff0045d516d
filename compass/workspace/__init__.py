"""Private workspaces: every read and write of a user's own rows, each call naming the signed-in user.

Pages call these and never query the workspace tables themselves. A row of another user is
reported as not found, exactly like a row that does not exist. ``tests/workspace/test_isolation.py`` finds
every public function of every module here and fails for one that it does not try as another user (or
that is not listed there, with its reason, as taking no user).
"""

from compass.workspace.jobs import cancel_job, get_job, list_jobs, request_job, retry_job
from compass.workspace.members import (
    MemberView,
    add_member,
    exclude_member,
    list_members,
    pin_member,
    remove_member,
)
from compass.workspace.niches import (
    NicheView,
    SeedView,
    create_niche,
    delete_niche,
    get_niche,
    list_niches,
    parse_seed_fields,
    parse_seed_list,
    rename_niche,
    set_seeds,
)
from compass.workspace.owner import NotFound, Owner
from compass.workspace.settings import UserSettings, get_settings, time_zones, update_settings

__all__ = [
    "MemberView",
    "NicheView",
    "NotFound",
    "Owner",
    "SeedView",
    "UserSettings",
    "add_member",
    "cancel_job",
    "create_niche",
    "delete_niche",
    "exclude_member",
    "get_job",
    "get_niche",
    "get_settings",
    "list_jobs",
    "list_members",
    "list_niches",
    "pin_member",
    "remove_member",
    "rename_niche",
    "request_job",
    "retry_job",
    "set_seeds",
    "parse_seed_fields",
    "parse_seed_list",
    "time_zones",
    "update_settings",
]
