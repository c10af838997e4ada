"""A trace's result sheet as it leaves Traza: its verification code (codes) and its PDF (pdf)."""
