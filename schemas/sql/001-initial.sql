-- Format version 1. Portable SQL: the same tables can live in PostgreSQL.
CREATE TABLE project_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE label_class (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  hotkey     TEXT UNIQUE,
  position   INTEGER NOT NULL DEFAULT 0,
  -- the class in the label-schema document format (schemas/domains/README.md)
  definition TEXT NOT NULL
);

CREATE TABLE annotator (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE item (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('image', 'text')),
  name       TEXT NOT NULL,
  media_path TEXT,
  sha256     TEXT,
  width      INTEGER NOT NULL DEFAULT 0 CHECK (width >= 0),
  height     INTEGER NOT NULL DEFAULT 0 CHECK (height >= 0),
  text       TEXT,
  ext_id     TEXT,
  status     TEXT NOT NULL DEFAULT 'new'
             CHECK (status IN ('new', 'in_progress', 'done', 'accepted', 'rejected')),
  split      TEXT,
  added_at   INTEGER NOT NULL
);
CREATE INDEX item_by_status ON item (status, id);
CREATE INDEX item_by_sha256 ON item (sha256);
CREATE INDEX item_by_ext_id ON item (ext_id);
CREATE INDEX item_by_name ON item (name);

CREATE TABLE annotation (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  class_id     INTEGER NOT NULL REFERENCES label_class (id),
  kind         TEXT NOT NULL,
  geometry     TEXT NOT NULL,
  attributes   TEXT NOT NULL DEFAULT '{}',
  annotator_id INTEGER REFERENCES annotator (id),
  source       TEXT NOT NULL DEFAULT 'manual'
               CHECK (source IN ('manual', 'prediction', 'import', 'consensus')),
  score        REAL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX annotation_by_item ON annotation (item_id, id);
CREATE INDEX annotation_by_class ON annotation (class_id, item_id);
CREATE INDEX annotation_by_annotator ON annotation (annotator_id, item_id);
CREATE INDEX annotation_by_source ON annotation (source, item_id);

CREATE TABLE review (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  reviewer TEXT NOT NULL,
  verdict  TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected', 'comment')),
  comment  TEXT,
  at       INTEGER NOT NULL
);
CREATE INDEX review_by_item ON review (item_id, id);

-- The undo/redo log and audit trail. One user action is one group (grp).
CREATE TABLE history (
  id           INTEGER PRIMARY KEY,
  grp          INTEGER NOT NULL,
  op           TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  entity       TEXT NOT NULL CHECK (entity IN ('annotation', 'item_status')),
  entity_id    INTEGER NOT NULL,
  item_id      INTEGER NOT NULL,
  before       TEXT,
  after        TEXT,
  undone       INTEGER NOT NULL DEFAULT 0,
  annotator_id INTEGER,
  at           INTEGER NOT NULL
);
CREATE INDEX history_by_state ON history (undone, id);
CREATE INDEX history_by_group ON history (grp, id);
