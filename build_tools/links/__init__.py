"""Link integrity: the built site's own links, and the sources' addresses out on the web.

``site`` checks every link of a built site that points inside it, fragments
included, without a network. ``external`` fetches the sources' ``url`` and
``archive_url`` and classifies each answer; ``state`` remembers those answers
across runs, so that a link is called dead only after repeated failures;
``sources`` finds the addresses in the entries and ``report`` prints the results.
"""
