"""Banks in from other tools and out to them (GIFT, Aiken, Moodle XML, QTI, Anki), a module each."""
