"""``rb-dcc profiles``: list the saved farm profiles (no keys shown), pick the default, delete one."""

from __future__ import annotations

import json

from . import CliError


def add_arguments(parser) -> None:
    parser.add_argument("--default", metavar="NAME", help="make NAME the default profile")
    parser.add_argument("--delete", metavar="NAME", help="delete profile NAME (and its keyring entry)")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")


def run(args) -> int:
    from rb_dcc.config import ConfigError, delete_profile, key_source, load_profiles, set_default, settings_path
    from rb_dcc.config.profiles import default_profile_name, env_profile

    try:
        if args.delete:
            delete_profile(args.delete)
            print("Deleted profile %r." % args.delete)
        if args.default:
            set_default(args.default)
            print("Default profile: %r." % args.default)
        profiles = load_profiles()
        default = default_profile_name()
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    rows = []
    for name in sorted(profiles):
        p = profiles[name]
        rows.append({"name": name, "default": name == default, "domain": p.domain, "platform": p.platform,
                     "protocol": p.protocol, "access_id": p.access_id, "local_farm_dir": p.local_farm_dir,
                     "key": key_source(p)})
    env = env_profile()
    if env is not None:
        rows.append({"name": env.name, "default": False, "domain": env.domain, "platform": env.platform,
                     "protocol": env.protocol, "access_id": env.access_id, "local_farm_dir": None,
                     "key": key_source(env), "note": "from RB_* environment variables (used when no name is given)"})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("No profiles yet (settings file: %s). Run 'rb-dcc login' to add one." % settings_path())
        return 0
    headers = ("", "name", "domain", "platform", "access id", "key")
    table = [("*" if r["default"] else "", r["name"], r["domain"] if not r["local_farm_dir"] else
              "local farm %s" % r["local_farm_dir"], r["platform"], r["access_id"] or "-", r["key"]) for r in rows]
    widths = [max(len(str(row[i])) for row in table + [headers]) for i in range(len(headers))]
    for row in [headers] + table:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    print("(* default; settings in %s)" % settings_path())
    return 0
