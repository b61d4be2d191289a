"""The editor's preview: findings shown in the page, and a preview focused on a few entries."""
