"""What the game keeps between runs: scores in SQLite, settings in a YAML file, in the user's data
folder. Nothing here may lose a saved score."""
