-- sohoa catalog, schema 8: where an agency's name came from.
-- `sohoa agencies import` loads the office's list of units (code, name);
-- the register export's ten_co_quan names units too, often abbreviated
-- ("UBND P. Vĩnh Phước"). Reports show the list's name: a later register
-- import fills the names the list lacks and never replaces one of its own.
-- Names kept so far came from register exports.
ALTER TABLE agencies ADD COLUMN source TEXT NOT NULL DEFAULT 'register'
  CHECK (source IN ('register', 'list'));
ALTER TABLE agencies ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
