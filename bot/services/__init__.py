"""Business steps as small verb-noun functions with explicit arguments."""
