"""Sub-commands of the ``quizzer`` CLI; each module defines ``register(subparsers)``."""
