"""``bplanner serve``: a local web page over the library (the optional ``web`` extra).

``app.create_app`` builds the FastAPI application; ``server.serve`` runs it on the
loopback address. Nothing here is imported by the rest of bplanner.
"""
