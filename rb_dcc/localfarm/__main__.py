"""``python -m rb_dcc.localfarm --data DIR --port N --speed X``: the farm in the foreground."""

import sys

from rb_dcc.cli.farm import main

sys.exit(main())
