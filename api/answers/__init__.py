"""The read path: what a public read renders (help answers, lists, bundles, the page), cached per snapshot.

Nothing here imports Flask: routes in api.http call these with the runtime's snapshot and catalogs.
"""
