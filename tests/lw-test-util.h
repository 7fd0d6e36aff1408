/* lw-test-util.h: helpers shared by the test programs */
#pragma once

#include <labelwright.h>

G_BEGIN_DECLS

/* A fresh temporary folder, removed with its contents by lw_test_tmpdir_free. */
char      *lw_test_tmpdir_new   (void);
void       lw_test_tmpdir_free  (char *dir);
/* A new project "<dir>/<name>.lwproj" of @domain; asserts on failure. */
LwProject *lw_test_project_new  (const char *dir, const char *name, const char *domain);
/* Adds an image item of the given size (no media file) and returns its id. */
gint64     lw_test_add_image    (LwProject *project, const char *name, int width, int height);
gint64     lw_test_add_text     (LwProject *project, const char *name, const char *text);
gint64     lw_test_class_id     (LwProject *project, const char *name);
/* An edit by @annotator_id (which becomes the current annotator): an annotation of @klass
 * with @n geometry values (none for tags); asserts on failure and returns its id. */
gint64     lw_test_add_annotation (LwProject *project, gint64 annotator_id, gint64 item_id,
                                   const char *klass, LwAnnotationKind kind,
                                   const double *geometry, guint n);
/* SQL that takes a project back from format 4 to format 3 (drops what
 * schemas/sql/004-assignment.sql creates; its triggers on other tables first). */
#define LW_TEST_DROP_FORMAT_4 \
  "DROP TRIGGER queue_item_status; DROP TRIGGER queue_item_delete; " \
  "DROP TRIGGER queue_history_undone; " \
  "DROP TRIGGER queue_history_delete; DROP TRIGGER queue_review_insert; " \
  "DROP TRIGGER queue_review_update; DROP TRIGGER queue_review_delete; " \
  "DROP TRIGGER queue_annotation_insert; DROP TRIGGER queue_annotation_delete; " \
  "DROP TRIGGER queue_annotation_move; DROP VIEW queue_refresh; DROP TABLE queue_count; " \
  "DROP TABLE queue_item; DROP TABLE assignment; "
/* SQL that takes a project back from format 5 to format 4 (format 4's index on annotations,
 * which schemas/sql/005-annotation-shapes.sql replaces), checkpointed into the file. */
#define LW_TEST_FORMAT_5_TO_4 \
  "DROP INDEX annotation_by_item; " \
  "CREATE INDEX annotation_by_item ON annotation (item_id, id); " \
  "PRAGMA user_version = 4; PRAGMA wal_checkpoint(TRUNCATE);"
/* Whole-file contents, for byte-for-byte comparisons. */
GBytes    *lw_test_read_file    (const char *path);

G_END_DECLS
