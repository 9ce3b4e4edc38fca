import sys

from rb_dcc.cli import main

sys.exit(main())
