"""Rendering entries with Python-Markdown (see ``extension``)."""
