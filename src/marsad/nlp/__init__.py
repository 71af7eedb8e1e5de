"""NLP stage: spaCy over the coded zones of a document, with an EntityRuler fed by the
actor dictionary and the gazetteer so that known actors and places are found even where
the statistical NER misses them."""
