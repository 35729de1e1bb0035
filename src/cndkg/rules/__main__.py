"""`python -m cndkg.rules`: print the phrase list the README shows."""

from cndkg.rules import phrase_list

print(phrase_list())
