"""The checker's rules.

``registry`` holds every rule's id, severity and explanation. Rules about the
file and its front-matter (ST000 to ST005, and ST060 to ST064 in
``front_matter_text``) are applied where the file is read (``parse.entry``);
rules about a whole entry (ST010 to ST031, and ST050 to ST052 in ``markup``)
are the functions registered in ``checks``.
"""
