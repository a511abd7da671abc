-- sohoa catalog, schema 3: civil-status register books (sổ đăng ký hộ tịch)
-- and their entries. A book is identified by the id staff give it (or one
-- made from its header); an entry (book, page, row) is one registration, not
-- a page: the page's scan is kept by its blob sha256 in book_pages.
CREATE TABLE books (
  id               TEXT PRIMARY KEY,
  type             TEXT NOT NULL DEFAULT '',      -- khai_sinh | ket_hon | khai_tu | '' unknown
  commune          TEXT NOT NULL DEFAULT '',      -- "xã Vĩnh Phương", as the header names it
  agency_code      TEXT NOT NULL DEFAULT '',
  volume           TEXT NOT NULL DEFAULT '',      -- "01"
  year             INTEGER NOT NULL DEFAULT 0,    -- 0 when unknown
  entries_expected INTEGER,                       -- entries the paper book holds, when known
  title            TEXT NOT NULL DEFAULT '',      -- the page header as read
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE book_pages (
  id            INTEGER PRIMARY KEY,
  book_id       TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  number        INTEGER NOT NULL CHECK (number > 0), -- 1-based page of the book
  image_sha256  TEXT NOT NULL DEFAULT '',            -- the original scan in the blob store
  source_name   TEXT NOT NULL DEFAULT '',
  header        TEXT NOT NULL DEFAULT '',
  confidence    REAL NOT NULL DEFAULT 0,
  skew_degrees  REAL NOT NULL DEFAULT 0,
  dpi           INTEGER NOT NULL DEFAULT 0,
  width         INTEGER NOT NULL DEFAULT 0,
  height        INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  UNIQUE (book_id, number)
);
CREATE INDEX book_pages_by_image ON book_pages (image_sha256);

-- One row per entry; its fields (no, registered, name, dob, sex, birthplace,
-- mother, father, husband, wife, died, ...) in book_entry_fields, because
-- each book type has its own columns.
CREATE TABLE book_entries (
  id            INTEGER PRIMARY KEY,                 -- also the rowid in book_entry_search
  book_id       TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  page          INTEGER NOT NULL CHECK (page > 0),
  position      INTEGER NOT NULL CHECK (position > 0), -- row on the page, 1-based
  number        TEXT NOT NULL DEFAULT '',            -- the entry number as printed
  confidence    REAL NOT NULL DEFAULT 0,             -- lowest field confidence
  source_sha256 TEXT NOT NULL DEFAULT '',            -- the page scan it was read from
  UNIQUE (book_id, page, position)
);
CREATE INDEX book_entries_by_number ON book_entries (book_id, number);

CREATE TABLE book_entry_fields (
  entry_id   INTEGER NOT NULL REFERENCES book_entries (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  position   INTEGER NOT NULL DEFAULT 0,               -- column order in the book
  PRIMARY KEY (entry_id, name)
) WITHOUT ROWID;

-- Full-text index over each entry's field values, with and without tone
-- marks, like page_search.
CREATE VIRTUAL TABLE book_entry_search USING fts5 (
  exact, folded,
  tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER book_entries_leave_the_index AFTER DELETE ON book_entries
BEGIN
  DELETE FROM book_entry_search WHERE rowid = old.id;
END;
