"""Content on disk: level files, figures, lessons and string tables, loaded and checked.

Everything here turns a file into core values or into one-line errors that name the file, the
line and the field; nothing here raises a traceback at a trainer.
"""
