-- sohoa catalog, schema 4: what the understanding stage decided and why.
-- Each field value keeps where it was read (document, page, box), its
-- evidence, whether a person must look at it, and who corrected it when.
-- The procedure decision keeps its evidence on the dossier. The learned
-- procedure classifier (multinomial naive Bayes) lives here too: one row per
-- training dossier, and the summed term counts per procedure.
ALTER TABLE fields ADD COLUMN document INTEGER NOT NULL DEFAULT 0;     -- 1-based; 0: the dossier as a whole
ALTER TABLE fields ADD COLUMN page INTEGER NOT NULL DEFAULT 0;         -- 1-based in that document; 0: unknown
ALTER TABLE fields ADD COLUMN box TEXT NOT NULL DEFAULT '';            -- "x,y,w,h" in the page image; '' unknown
ALTER TABLE fields ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE fields ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1));
ALTER TABLE fields ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';     -- who corrected it by hand
ALTER TABLE fields ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';
CREATE INDEX fields_needing_review ON fields (dossier_id) WHERE needs_review = 1;
CREATE INDEX fields_by_name ON fields (name, value);

ALTER TABLE dossiers ADD COLUMN procedure_evidence TEXT NOT NULL DEFAULT '';

-- A confirmed dossier's words and bigrams (folded), "term<TAB>count" lines.
-- Replacing a dossier's example first takes its old counts back out.
CREATE TABLE classifier_examples (
  dossier_code   TEXT PRIMARY KEY,
  procedure_code TEXT NOT NULL,
  terms          TEXT NOT NULL,
  term_total     INTEGER NOT NULL,
  source         TEXT NOT NULL DEFAULT '',          -- ocr (confident rules) | manual
  trained_at     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE classifier_terms (
  procedure_code TEXT NOT NULL,
  term           TEXT NOT NULL,
  count          INTEGER NOT NULL,
  PRIMARY KEY (procedure_code, term)
) WITHOUT ROWID;
