"""The agencies app's pages, one module per page: sign-in, password, agency administration, coordination."""
