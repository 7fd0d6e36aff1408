-- An item's shapes are read straight from annotation_by_item (issue 4: export speed).
-- The index (item_id, id) sent every row through a lookup in the table, and annotations
-- are stored in the order they were made: those of one item lie together when an item was
-- labelled or imported in one go, and far apart when labelling went back and forth, so a
-- walk over all items read the table's pages at random (bench-export, 1,000,000 boxes:
-- 0.46-0.62 s for the walk, 0.15-0.16 s from this index, 0.21 s when the table happens to
-- be in item order). The index now holds what a shape needs, geometry last (the longest);
-- attributes and times still come from the table. The price is the index's size: about
-- 40 bytes more per box (a 159 MB project of 1,000,000 boxes grew by 43 MB).
-- Written to run again safely: tests take projects back to older formats.
DROP INDEX IF EXISTS annotation_by_item;
CREATE INDEX annotation_by_item ON annotation
  (item_id, id, class_id, kind, source, score, annotator_id, geometry);
