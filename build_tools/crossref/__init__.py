"""Links between the digest's pages: relative links and anchors, judged as MkDocs judges them.

A link in an entry to a page, file or anchor the site does not have is an ST054
finding at the link's line and column, so ``sourcetrace check --strict`` fails on
the links that fail ``mkdocs build --strict``, and says where they are.

- ``validation``: what ``validation:`` in mkdocs.yml makes of each kind of link.
- ``docs``: the files MkDocs would find in the docs folder, and which it leaves out.
- ``ids``: the ids a page has, as MkDocs collects them before validating anchors.
- ``site``: every page a link can lead to (files, entries, generated pages), read lazily.
- ``resolve``: one entry's links, resolved as MkDocs resolves them.
"""
