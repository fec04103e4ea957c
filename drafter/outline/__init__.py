"""The outline: its schema, loading with locations, the library it references, office settings."""
