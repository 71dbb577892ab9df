"""Drawing in the units of a fixed 1920x1080 canvas, letterboxed to the real window and rendered
at the window's real resolution (text at its real pixel size, so a 4K projector stays sharp)."""
