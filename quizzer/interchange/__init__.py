"""Bring question banks in from other tools and take quizzer's bank out to them, one module per format."""
