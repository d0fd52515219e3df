"""Development tools of the project, never installed into Open edX: the local preview and the i18n build."""
