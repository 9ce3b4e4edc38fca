+ rb_dcc @VERSION@ ./rb_dcc
PYTHONPATH+=@RB_DCC_PATH@
