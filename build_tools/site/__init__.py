"""What the reader's site adds around each entry: listings, data files, feeds and structured data.

Every function here is pure (entries in, text out) so the MkDocs plugin stays a thin adapter
and the site's output can be tested without building a site.
"""
