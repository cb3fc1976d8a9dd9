# Changelog

Every release of __npmName__, newest first. Versions follow semantic versioning.

## 0.1.0

- First version.
