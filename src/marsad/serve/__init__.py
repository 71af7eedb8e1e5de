"""marsad serve: the REST API and the offline web app over a marsad store.

``marsad.serve.app.create_app(db, pipeline=None)`` builds the FastAPI application;
``marsad serve`` runs it with Uvicorn; ``marsad token create|list|revoke`` manages the
tokens the write endpoints need.
"""
