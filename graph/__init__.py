"""Graph: the schema (in one place), the stores behind one interface, and the loaders."""
