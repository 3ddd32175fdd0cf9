"""The public web app: Open Badges documents and the badge verification page."""
