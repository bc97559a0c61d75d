"""The coder's desk: suggested codes from the note with evidence, E/M leveling, code-combination rules."""
