"""`python -m cndkg.rules`: print the phrase list docs/extraction.md shows."""

from cndkg.rules import phrase_list

print(phrase_list())
