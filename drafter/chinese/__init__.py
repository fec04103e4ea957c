"""Chinese text helpers: numerals and labels, character classes, 字数, punctuation, placeholders."""
