-- Who labels which item (issue 8: overlap assignment). The plan (annotators, overlap N,
-- share S, seed) is kept in project_meta under the keys "assign.*"; these rows are its
-- result. A row is never moved once written: later runs only add rows for new items.
-- done_history / done_at say that the annotator marked the item done: the history row of
-- that mark and its time. The mark counts only while that history row exists, is not
-- undone and has that time (history ids can be reused after an undo), so undo and redo of
-- the mark need no code of their own; a rejection later than done_at reopens it.
CREATE TABLE assignment (
  item_id      INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  annotator_id INTEGER NOT NULL REFERENCES annotator (id),
  overlap      INTEGER NOT NULL DEFAULT 0 CHECK (overlap IN (0, 1)),
  assigned_at  INTEGER NOT NULL,
  done_history INTEGER,
  done_at      INTEGER,
  PRIMARY KEY (item_id, annotator_id)
);
CREATE INDEX assignment_by_annotator ON assignment (annotator_id, item_id)
