"""External store tests run against the seed build too."""
