"""The tray's search (docs/search.md), in four modules named for what they do:

- `analyser`: the search's text analyser, words to index terms per language (Voikko for
  Finnish when installed, Snowball stems, character n-grams);
- `index`: the term and facet rows of every entry and their bulk writes;
- `statistics`: BM25's N, average length and the terms' document counts (memoised);
- `query`: filters and ranked free-text queries (`SearchQuery`, `search`).

Import from the module that holds a name; this package re-exports nothing.
"""
