"""Hands-on lab experiments: one module per lab, each proving a question's keyed answer with JAX.

Every lab module starts with a literal ``META`` dict (read with ``ast``, so listing labs never
imports JAX) and defines ``run(seed=..., reporter=...) -> LabResult``.
"""
