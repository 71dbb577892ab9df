"""Turning keys and mouse into the scene actions the game understands."""
