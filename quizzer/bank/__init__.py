"""The question bank: schema, safe YAML loading with file:line errors, and authoring checks."""
