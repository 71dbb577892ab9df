"""One small file per screen, on top of the core, each registered by name in `registry`; a scene
sees a `context.Context`, never the App. The scene machine itself lives in game/app.py."""
