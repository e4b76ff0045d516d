"""Read models for the app's pages: small, typed queries whose results pages render as they are."""
