"""Domain logic of Tablero IGM local: places, geometries, the store and the catalogue of texts.

Nothing in this package imports Streamlit, so the command line (`python -m indicators`) and the
tests use exactly the functions the pages call.
"""
