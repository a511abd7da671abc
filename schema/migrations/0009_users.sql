-- sohoa catalog, schema 9: the people and systems that may read the archive
-- over a network (`sohoa serve`), what each may see, and how they prove who
-- they are. Nothing secret is stored in the clear: passwords as Argon2id
-- strings (libsodium's crypto_pwhash_str), tokens and session ids as their
-- SHA-256. Every read they make is an event (actor = the user's name).
CREATE TABLE users (
  name          TEXT PRIMARY KEY,        -- the login name, as typed
  role          TEXT NOT NULL CHECK (role IN ('staff', 'archivist', 'manager', 'admin')),
  password_hash TEXT NOT NULL DEFAULT '', -- '' : no password, tokens only
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;

-- The agencies a user sees: each one and every agency under it in the code
-- tree (000.00.22.H32 covers 000.31.22.H32). A user with none sees no
-- citizen's data.
CREATE TABLE user_agencies (
  user_name   TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  agency_code TEXT NOT NULL,
  PRIMARY KEY (user_name, agency_code)
) STRICT;

-- Bearer tokens for other systems (`sohoa user token NAME`), shown once.
CREATE TABLE user_tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  label        TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  last_used_at TEXT NOT NULL DEFAULT ''
) STRICT;

-- Browser sessions: the cookie's value is known only to the browser.
CREATE TABLE user_sessions (
  id_sha256   TEXT PRIMARY KEY,
  user_name   TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  INTEGER NOT NULL           -- seconds since 1970
) STRICT;
CREATE INDEX user_sessions_by_user ON user_sessions (user_name);
