-- Item counts per block of 1,024 ids and status, and per superblock of 32 blocks (32,768
-- ids) and status, kept by triggers, so that an item's position in the list ("item 12,345
-- of 1,000,000") and the item at a position are found by summing a few dozen small rows and
-- stepping through one block, instead of counting or skipping every item before it (OFFSET).
CREATE TABLE item_block (
  blk    INTEGER NOT NULL,
  status TEXT NOT NULL,
  n      INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
  PRIMARY KEY (blk, status)
);
CREATE TABLE item_superblock (
  sblk   INTEGER NOT NULL,
  status TEXT NOT NULL,
  n      INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
  PRIMARY KEY (sblk, status)
);
INSERT INTO item_block (blk, status, n)
  SELECT id / 1024, status, count(*) FROM item GROUP BY id / 1024, status;
INSERT INTO item_superblock (sblk, status, n)
  SELECT id / 32768, status, count(*) FROM item GROUP BY id / 32768, status;

CREATE TRIGGER item_block_insert AFTER INSERT ON item BEGIN
  INSERT INTO item_block (blk, status, n) VALUES (NEW.id / 1024, NEW.status, 1)
    ON CONFLICT (blk, status) DO UPDATE SET n = n + 1;
  INSERT INTO item_superblock (sblk, status, n) VALUES (NEW.id / 32768, NEW.status, 1)
    ON CONFLICT (sblk, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER item_block_delete AFTER DELETE ON item BEGIN
  UPDATE item_block SET n = n - 1 WHERE blk = OLD.id / 1024 AND status = OLD.status;
  UPDATE item_superblock SET n = n - 1 WHERE sblk = OLD.id / 32768 AND status = OLD.status;
END;
CREATE TRIGGER item_block_status AFTER UPDATE OF status ON item
  WHEN OLD.status <> NEW.status BEGIN
  UPDATE item_block SET n = n - 1 WHERE blk = OLD.id / 1024 AND status = OLD.status;
  INSERT INTO item_block (blk, status, n) VALUES (NEW.id / 1024, NEW.status, 1)
    ON CONFLICT (blk, status) DO UPDATE SET n = n + 1;
  UPDATE item_superblock SET n = n - 1 WHERE sblk = OLD.id / 32768 AND status = OLD.status;
  INSERT INTO item_superblock (sblk, status, n) VALUES (NEW.id / 32768, NEW.status, 1)
    ON CONFLICT (sblk, status) DO UPDATE SET n = n + 1;
END
