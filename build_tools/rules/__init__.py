"""The checker's rules.

``registry`` holds every rule's id, severity and explanation. Rules about the
file and its front-matter (ST000 to ST005, a placeholder left in a field as
ST014, and ST060 to ST065 in ``front_matter_text``) are applied where the file
is read (``parse.entry``); rules about a whole entry (ST010 to ST031, the body's
placeholders in ``placeholders``, and ST050 to ST052 in ``markup``) are the
functions registered in ``checks``.

One mistake, one finding: where one slip would trip several rules, the rule
that names its cause reports it and the others pass over what it explains. A
misspelt required field is reported as the missing field, at the misspelling
(not also as ST005); a misspelt url, archive_url or offline is ST005 alone (not
also ST030 or ST031); an uncited hedge is ST021 (not also ST020); a claim a
malformed citation was meant to cover is ST011 (not also ST020); a source that
a misspelt citation or via means is not also "never cited" (ST012); a claim
whose source's via chain is broken is ST010's (not also ST022); and a
template placeholder is ST014 (not ST003, ST004, ST011, ST050 or ST051).
"""
