"""Where rb_dcc is when it is not bundled as a wheel (``rb-dcc install blender`` writes the path)."""

RB_DCC_PATHS = []  # rb-dcc install writes the folder that holds rb_dcc here
