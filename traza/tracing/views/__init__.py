"""The agency's pages about traces, one module per page."""
