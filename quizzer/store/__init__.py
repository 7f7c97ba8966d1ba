"""Progress store: engine factory, SQLModel tables, migrations, and keyword-only queries."""
