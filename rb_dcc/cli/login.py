"""``rb-dcc login``: save a farm profile; the access key goes to the OS keyring, never to a file.

The key is read from a hidden prompt, from stdin (``--access-key-stdin``) or from
``RB_ACCESS_KEY``; it is never accepted as a command-line argument (shell history, process list).
A local-farm profile (``--local-farm DIR``) reads everything from the farm's credentials.json.
"""

from __future__ import annotations

import getpass
import os
import sys

from . import CliError


def add_arguments(parser) -> None:
    parser.add_argument("--profile", default="default", help="profile name (default: %(default)s)")
    parser.add_argument("--domain", help="farm address, host[:port] (default: task.renderbus.com)")
    parser.add_argument("--platform", help="platform id, e.g. 2 (see the farm's platform list)")
    parser.add_argument("--access-id", help="API access id (from the Renderbus web site, API settings)")
    parser.add_argument("--protocol", choices=("https", "http"), help="default: https")
    parser.add_argument("--local-farm", metavar="DIR", help="use the local farm whose data folder is DIR")
    parser.add_argument("--access-key-stdin", action="store_true", help="read the access key from stdin")
    parser.add_argument("--default", action="store_true", help="make this the default profile")
    parser.add_argument("--no-check", action="store_true", help="save without asking the farm whether the key works")


def _read_key(args) -> str:
    if args.access_key_stdin:
        key = sys.stdin.readline().strip()
    elif os.environ.get("RB_ACCESS_KEY"):
        key = os.environ["RB_ACCESS_KEY"].strip()
    elif sys.stdin.isatty():
        key = getpass.getpass("Access key for %s (hidden): " % args.access_id).strip()
    else:
        raise CliError("no access key: pass --access-key-stdin and pipe it in, or set RB_ACCESS_KEY")
    if not key:
        raise CliError("the access key is empty")
    return key


def run(args) -> int:
    from rb_dcc.config import ConfigError, Profile, client_for, get_access_key, load_profiles, save_profile
    from rb_dcc.config.profiles import resolved

    existing = load_profiles().get(args.profile)
    fields = existing.model_dump() if existing else {"name": args.profile}
    for option, field in (("domain", "domain"), ("platform", "platform"), ("access_id", "access_id"),
                          ("protocol", "protocol"), ("local_farm", "local_farm_dir")):
        value = getattr(args, option)
        if value:
            fields[field] = os.path.abspath(value) if field == "local_farm_dir" else value
    try:
        profile = Profile(**fields)
    except ValueError as exc:
        raise CliError(str(exc).splitlines()[-1].strip()) from None
    key = None
    try:
        if profile.is_local_farm:
            profile = resolved(profile)
        else:
            if not profile.access_id:
                raise CliError("give --access-id (the API access id of your Renderbus account)")
            key = _read_key(args)
        if not args.no_check:
            from rb_dcc.api import RenderbusClient, RenderbusError, TransportError
            try:
                client = RenderbusClient(profile.access_id, key or get_access_key(profile), domain=profile.domain,
                                         platform=profile.platform, protocol=profile.protocol, retries=2)
                user = client.user.query_user_profile()
            except RenderbusError as exc:
                print("rb-dcc login: the farm did not accept these settings: %s" % exc, file=sys.stderr)
                print("Nothing was saved. Use --no-check to save anyway.", file=sys.stderr)
                return 3 if isinstance(exc, TransportError) else 1
            print("Signed in as %s (user id %s) on %s, platform %s." % (user.user_name, user.user_id, profile.domain,
                                                                      profile.platform))
        save_profile(profile, access_key=key, make_default=args.default)
        client_for(profile)  # proves the key can be read back
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    print("Saved profile %r%s." % (profile.name, " (default)" if args.default else ""))
    return 0
