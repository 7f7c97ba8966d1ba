"""quizzer: a terminal practice-exam engine for deep-learning certifications."""

__version__ = "0.1.0"
