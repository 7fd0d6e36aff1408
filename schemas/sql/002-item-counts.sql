-- Item counts per status, kept by triggers, so that the total and the progress
-- (done of total) are read in constant time instead of scanning a million rows.
CREATE TABLE item_count (
  status TEXT PRIMARY KEY
         CHECK (status IN ('new', 'in_progress', 'done', 'accepted', 'rejected')),
  n      INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0)
);
INSERT INTO item_count (status, n)
  SELECT s.status, (SELECT count(*) FROM item WHERE item.status = s.status)
  FROM (SELECT 'new' AS status UNION ALL SELECT 'in_progress' UNION ALL SELECT 'done'
        UNION ALL SELECT 'accepted' UNION ALL SELECT 'rejected') AS s;

CREATE TRIGGER item_count_insert AFTER INSERT ON item BEGIN
  UPDATE item_count SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER item_count_delete AFTER DELETE ON item BEGIN
  UPDATE item_count SET n = n - 1 WHERE status = OLD.status;
END;
CREATE TRIGGER item_count_status AFTER UPDATE OF status ON item
  WHEN OLD.status <> NEW.status BEGIN
  UPDATE item_count SET n = n - 1 WHERE status = OLD.status;
  UPDATE item_count SET n = n + 1 WHERE status = NEW.status;
END;

-- The split filter of the item browser.
CREATE INDEX item_by_split ON item (split, id)
