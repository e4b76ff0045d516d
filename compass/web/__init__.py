"""The Streamlit glue: cached resources and shared rendering. Pages stay thin scripts over this."""
