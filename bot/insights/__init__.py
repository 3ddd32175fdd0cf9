"""Insight for the PR office: statistics, exports and the statistics chart."""
