"""Classification of citizen messages (emergency detection for now)."""
