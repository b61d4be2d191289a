"""The checker's rules.

``registry`` holds every rule's id, severity and explanation. Rules about the
file and its front-matter (ST000 to ST005) are applied where the file is read
(``parse.entry``); rules about a whole entry (ST010 onwards) are the functions
in ``checks``.
"""
