"""rb_dcc: send the scene open in Maya, Houdini, 3ds Max or Blender to the Renderbus farm.

Importing this package imports no host module and no Qt binding; see DESIGN.md for the map.
"""

__version__ = "0.1.0"
