"""Text: HTML to text, language, spaCy pipelines, sentiment and cleaning."""
