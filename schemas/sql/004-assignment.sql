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
CREATE INDEX assignment_by_annotator ON assignment (annotator_id, item_id);

-- Each annotator's queue, kept by triggers (DESIGN invariant 3), so that counting it, its
-- first page and its next item cost what the queue holds, not what the project holds. An
-- item is in annotator A's queue while it is open (new, in_progress, rejected) and either
-- A's assignment of it holds no standing done mark, or it is rejected and A labelled it
-- without an assignment. That depends on the item's status, its assignments, the history
-- rows of the marks, its rejections and (rejected, unassigned) its annotations: a change to
-- any of them refreshes the item's rows here by inserting its id into queue_refresh, whose
-- one trigger holds the rule. The rule is LW_ASSIGNMENT_DONE (lw-model-private.h) written
-- out: keep the two the same.
CREATE TABLE queue_item (
  annotator_id INTEGER NOT NULL,
  item_id      INTEGER NOT NULL,
  PRIMARY KEY (annotator_id, item_id)
) WITHOUT ROWID;
CREATE INDEX queue_item_by_item ON queue_item (item_id);
CREATE TABLE queue_count (
  annotator_id INTEGER PRIMARY KEY,
  n            INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0)
);
-- The history row of a mark leads to its assignment rows (undo, redo, deletion). A history
-- row added later never revives a mark, even with a reused id: its time is later.
CREATE INDEX assignment_by_done ON assignment (done_history) WHERE done_history IS NOT NULL;

CREATE TRIGGER queue_count_insert AFTER INSERT ON queue_item BEGIN
  INSERT INTO queue_count (annotator_id, n) VALUES (NEW.annotator_id, 1)
    ON CONFLICT (annotator_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER queue_count_delete AFTER DELETE ON queue_item BEGIN
  UPDATE queue_count SET n = n - 1 WHERE annotator_id = OLD.annotator_id;
END;

-- Stores nothing: inserting an item id recomputes that item's queue rows.
CREATE VIEW queue_refresh AS SELECT 0 AS item_id;
CREATE TRIGGER queue_refresh_item INSTEAD OF INSERT ON queue_refresh BEGIN
  DELETE FROM queue_item WHERE item_id = NEW.item_id;
  INSERT INTO queue_item (annotator_id, item_id)
    SELECT q.annotator_id, q.item_id FROM assignment q JOIN item ON item.id = q.item_id
    WHERE q.item_id = NEW.item_id AND item.status IN ('new', 'in_progress', 'rejected')
      AND NOT (q.done_at IS NOT NULL AND EXISTS (SELECT 1 FROM history h
               WHERE h.id = q.done_history AND h.at = q.done_at AND h.undone = 0)
               AND q.done_at > coalesce((SELECT max(r.at) FROM review r
               WHERE r.item_id = q.item_id AND r.verdict = 'rejected'), 0))
    UNION
    SELECT a.annotator_id, a.item_id FROM annotation a JOIN item ON item.id = a.item_id
    WHERE a.item_id = NEW.item_id AND item.status = 'rejected' AND a.annotator_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM assignment q
                      WHERE q.item_id = a.item_id AND q.annotator_id = a.annotator_id);
END;

CREATE TRIGGER queue_item_status AFTER UPDATE OF status ON item
  WHEN OLD.status <> NEW.status BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (NEW.id);
END;
CREATE TRIGGER queue_item_delete AFTER DELETE ON item BEGIN
  DELETE FROM queue_item WHERE item_id = OLD.id;
END;
-- A new row without a mark (as lw_project_assign writes them) puts its annotator's item in
-- the queue if the item is open, and changes no one else's: cheaper than a refresh
-- (bench-assign, assigning 100,000 items: 2.8 s instead of 3.6-4.0 s).
CREATE TRIGGER queue_assignment_insert AFTER INSERT ON assignment BEGIN
  INSERT OR IGNORE INTO queue_item (annotator_id, item_id)
    SELECT NEW.annotator_id, NEW.item_id FROM item
    WHERE item.id = NEW.item_id AND item.status IN ('new', 'in_progress', 'rejected')
      AND NEW.done_at IS NULL;
  INSERT INTO queue_refresh (item_id) SELECT NEW.item_id WHERE NEW.done_at IS NOT NULL;
END;
CREATE TRIGGER queue_assignment_update AFTER UPDATE ON assignment BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (OLD.item_id);
  INSERT INTO queue_refresh (item_id) SELECT NEW.item_id WHERE NEW.item_id <> OLD.item_id;
END;
CREATE TRIGGER queue_assignment_delete AFTER DELETE ON assignment BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (OLD.item_id);
END;
CREATE TRIGGER queue_history_undone AFTER UPDATE OF undone, at ON history BEGIN
  INSERT INTO queue_refresh (item_id) SELECT item_id FROM assignment WHERE done_history = NEW.id;
END;
CREATE TRIGGER queue_history_delete AFTER DELETE ON history BEGIN
  INSERT INTO queue_refresh (item_id) SELECT item_id FROM assignment WHERE done_history = OLD.id;
END;
CREATE TRIGGER queue_review_insert AFTER INSERT ON review WHEN NEW.verdict = 'rejected' BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (NEW.item_id);
END;
CREATE TRIGGER queue_review_update AFTER UPDATE ON review
  WHEN OLD.verdict = 'rejected' OR NEW.verdict = 'rejected' BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (OLD.item_id);
  INSERT INTO queue_refresh (item_id) SELECT NEW.item_id WHERE NEW.item_id <> OLD.item_id;
END;
CREATE TRIGGER queue_review_delete AFTER DELETE ON review WHEN OLD.verdict = 'rejected' BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (OLD.item_id);
END;
-- Annotations matter only on a rejected item (labelled without an assignment).
CREATE TRIGGER queue_annotation_insert AFTER INSERT ON annotation
  WHEN NEW.annotator_id IS NOT NULL
   AND (SELECT status FROM item WHERE id = NEW.item_id) = 'rejected' BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (NEW.item_id);
END;
CREATE TRIGGER queue_annotation_delete AFTER DELETE ON annotation
  WHEN OLD.annotator_id IS NOT NULL
   AND (SELECT status FROM item WHERE id = OLD.item_id) = 'rejected' BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (OLD.item_id);
END;
-- Every edit of an annotation sets these columns: only a real change refreshes.
CREATE TRIGGER queue_annotation_move AFTER UPDATE OF item_id, annotator_id ON annotation
  WHEN OLD.item_id <> NEW.item_id OR OLD.annotator_id IS NOT NEW.annotator_id BEGIN
  INSERT INTO queue_refresh (item_id) VALUES (OLD.item_id);
  INSERT INTO queue_refresh (item_id) SELECT NEW.item_id WHERE NEW.item_id <> OLD.item_id;
END;

-- A format-3 project may hold rejected items already: their labellers' queues.
INSERT INTO queue_refresh (item_id) SELECT id FROM item WHERE status = 'rejected'
