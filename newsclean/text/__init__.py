"""Text in: decoding bytes, lines with markdown unwrapped, pieces of large texts, language."""
