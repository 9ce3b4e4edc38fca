"""blender adapter: live.py inside the host, scenefile.py without it."""
