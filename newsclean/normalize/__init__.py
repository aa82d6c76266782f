"""The byline and date normalizer: names, agencies, dates and time zones."""
