"""One small file per screen, on top of the core; the scene machine lives in game/app.py."""
