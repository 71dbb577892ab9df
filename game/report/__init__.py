"""The trainer's report (PDF and HTML) and the learning records (xAPI) for the company's LMS, both
read from the store's API only: whichever board is behind it, the same scores give the same files.

data.py works out what the report says; outline.py turns it into blocks in the report's language;
pdf.py and html.py lay the blocks out; drawing.py draws the charts once for both; make.py checks
the filters and writes the file. xapi.py builds statements (pure), xapi_check.py checks them,
records.py feeds them the game's levels, lrs.py queues and sends them, commands.py runs the commands.
"""
