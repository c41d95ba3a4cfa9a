"""The domain: entries, selection, hours, phones and locales, with no Flask import."""
