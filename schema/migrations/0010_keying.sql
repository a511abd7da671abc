-- sohoa catalog, schema 10: keying register books by hand (archive/keying.h).
-- Each page of a book is cut into entry rows ("slots"); clerks key a slot
-- beside its image, twice by default, by two clerks who do not see each
-- other's values; agreement (or a third person's decision) verifies it and
-- writes the book's entry.

-- double: two keyings that must agree; single: one keying verifies.
ALTER TABLE books ADD COLUMN keying TEXT NOT NULL DEFAULT 'double'
  CHECK (keying IN ('double', 'single'));

-- read: as OCR read it, nobody checked it; verified: keyed and agreed (or decided).
ALTER TABLE book_entries ADD COLUMN status TEXT NOT NULL DEFAULT 'read'
  CHECK (status IN ('read', 'verified'));

-- Which page of its scan file a book page is (0-based): a PDF or TIFF
-- holds many pages of a book.
ALTER TABLE book_pages ADD COLUMN source_page INTEGER NOT NULL DEFAULT 0;

CREATE TABLE book_slots (
  id        INTEGER PRIMARY KEY,
  book_id   TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  page      INTEGER NOT NULL CHECK (page > 0),
  position  INTEGER NOT NULL CHECK (position > 0),  -- row on the page, 1-based
  box       TEXT NOT NULL DEFAULT '',               -- "x,y,w,h" on the page scan
  prefill   TEXT NOT NULL DEFAULT '{}',             -- JSON {field: value}: OCR's confident cells
  state     TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'differ', 'verified')),
  UNIQUE (book_id, page, position)
);
CREATE INDEX book_slots_open ON book_slots (state, book_id, page, position);

-- One clerk's keying of a slot (resolution = 0), or a third person's
-- decision on a differing one (resolution = 1). values: JSON {field: value}.
CREATE TABLE keyings (
  slot_id    INTEGER NOT NULL REFERENCES book_slots (id) ON DELETE CASCADE,
  user_name  TEXT NOT NULL,
  resolution INTEGER NOT NULL DEFAULT 0,
  field_values TEXT NOT NULL,
  warnings   TEXT NOT NULL DEFAULT '[]',  -- JSON [check code]: kept as the book says
  seconds    REAL NOT NULL DEFAULT 0,
  agreed     INTEGER,                      -- with the other keying: 1, 0, NULL until compared
  keyed_at   TEXT NOT NULL,
  PRIMARY KEY (slot_id, user_name, resolution)
);
CREATE INDEX keyings_by_user ON keyings (user_name, keyed_at);

-- A slot a clerk has on screen, so that no third clerk is handed a slot two
-- others are already keying; a hold lapses by itself.
CREATE TABLE keying_holds (
  slot_id   INTEGER NOT NULL REFERENCES book_slots (id) ON DELETE CASCADE,
  user_name TEXT NOT NULL,
  until     TEXT NOT NULL,  -- ISO 8601 UTC
  PRIMARY KEY (slot_id, user_name)
) WITHOUT ROWID;
CREATE INDEX keying_holds_by_user ON keying_holds (user_name);

-- Pages of a book handed to a clerk; the same range to two clerks is double keying.
CREATE TABLE keying_assignments (
  id          INTEGER PRIMARY KEY,
  book_id     TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  first_page  INTEGER NOT NULL CHECK (first_page > 0),
  last_page   INTEGER NOT NULL CHECK (last_page >= first_page),
  user_name   TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  assigned_at TEXT NOT NULL
);
CREATE INDEX keying_assignments_by_user ON keying_assignments (user_name, book_id);

-- Each book's keying counts, kept by the triggers below, so that the book
-- list, the manager's page and the backlog read one row per book rather than
-- every slot of a province (1.05 s over 1.27 million slots before,
-- tools/bench/keying_scale_bench.cc). keyed: slots with at least one keying,
-- whatever their state; a slot is only ever removed before anyone keyed it.
CREATE TABLE book_keying_counts (
  book_id  TEXT PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
  slots    INTEGER NOT NULL DEFAULT 0,
  keyed    INTEGER NOT NULL DEFAULT 0,
  differ   INTEGER NOT NULL DEFAULT 0,
  verified INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TRIGGER book_slots_count_insert AFTER INSERT ON book_slots
BEGIN
  INSERT INTO book_keying_counts (book_id, slots, differ, verified)
  VALUES (new.book_id, 1, new.state = 'differ', new.state = 'verified')
  ON CONFLICT (book_id) DO UPDATE SET slots = slots + 1,
    differ = differ + (new.state = 'differ'), verified = verified + (new.state = 'verified');
END;

CREATE TRIGGER book_slots_count_delete AFTER DELETE ON book_slots
BEGIN
  UPDATE book_keying_counts SET slots = slots - 1,
    differ = differ - (old.state = 'differ'), verified = verified - (old.state = 'verified')
  WHERE book_id = old.book_id;
END;

CREATE TRIGGER book_slots_count_state AFTER UPDATE OF state ON book_slots
WHEN old.state <> new.state
BEGIN
  UPDATE book_keying_counts SET
    differ = differ - (old.state = 'differ') + (new.state = 'differ'),
    verified = verified - (old.state = 'verified') + (new.state = 'verified')
  WHERE book_id = new.book_id;
END;

CREATE TRIGGER keyings_count_first AFTER INSERT ON keyings
WHEN new.resolution = 0
  AND (SELECT count(*) FROM keyings WHERE slot_id = new.slot_id AND resolution = 0) = 1
BEGIN
  UPDATE book_keying_counts SET keyed = keyed + 1
  WHERE book_id = (SELECT book_id FROM book_slots WHERE id = new.slot_id);
END;
