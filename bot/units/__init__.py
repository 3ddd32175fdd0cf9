"""PR units: the national programme and the agencies that run their own admin groups."""
