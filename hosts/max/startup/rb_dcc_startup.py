"""Renderbus for 3ds Max (installed by ``rb-dcc install max``): the Renderbus menu and macroscripts."""

import sys

RB_DCC_PATHS = []  # rb-dcc install writes the folder that holds rb_dcc here


def _rb_dcc_menu():
    for path in RB_DCC_PATHS:
        if path not in sys.path:
            sys.path.append(path)
    try:
        from rb_dcc.hostintegration import maxmenu
    except ImportError as exc:
        print("rb_dcc: no Renderbus menu: %s (run rb-dcc install max again)" % exc)
        return
    maxmenu.install()


_rb_dcc_menu()
