"""What operators watch: Prometheus metrics and the readiness checks behind /readyz."""
