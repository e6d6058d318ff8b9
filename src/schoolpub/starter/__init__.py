"""`make init` (`schoolpub init`): the demo school → an empty school of one's own.

questions.py  what init asks (or takes as flags), in Chinese, one question at a time;
school_file.py  the commented data/school.yml written from the answers (nothing invented);
demo.py  which files are the demo's (demo-data.sha256), what init deletes, what it refuses to touch;
command.py  the command: answers → validated school.yml → plan → delete, write, set site_url.
"""
