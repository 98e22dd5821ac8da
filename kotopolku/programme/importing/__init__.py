"""Read an existing programme document (plain text or DOCX) into a `programme.document.Document`.

The document is expected in the structure of the official template (`programme.template`):
an opening part (the municipality, the coordinating body, the contact, dates, partners, how
it was prepared and approved), parts 1-7 with their A (description), B (responsible parties)
and C (cooperation) answers under the template's questions, and the responsibility table.

Matching is tolerant, because real documents are typed by hand: part titles, labels and
questions are compared by normalised text similarity (case, punctuation and spacing ignored,
small typos allowed), never by exact equality. A part is recognised by its number and by its
title naming the template's element, so an older form's title (the Kokkola seed cites the
repealed §§ 15 and 17) is still part 1 or 2; the imported title keeps the document's own
wording, so that the completeness check can flag what it cites.

Nothing the document says is dropped silently: text under a part that answers no template
question is kept as an answer without a question key (`question=""`), and text that cannot be
put under any part or opening field is returned in `Imported.unplaced`. The template's own
instruction texts (`data/import-labels.toml`, the parts' guidance) are recognised and skipped.

`NotAProgrammeDocument` is raised, with a message saying what was expected, for a file that is
not a programme document: an empty file, a binary or undecodable file, a DOCX or text without
the template's numbered parts.

The modules, by responsibility: `common` (limits, patterns, the refusal and its messages, the
result types), `matching` (tolerant comparison, the texts to recognise), `text` (reading a
text or DOCX file into blocks: `read_bytes`, `read_file`, `parse_text`), `parse` (placing the
blocks into the document: `parse_blocks`) and `drafts` (into the database: `import_draft`,
`coordinating_organisations`, `names_the_municipality`). Callers import from these modules;
this package has no code of its own.
"""
