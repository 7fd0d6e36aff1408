#include <sqlite3.h>

#include "lw-test-util.h"

/* The trigger-kept counters (migration 002) must equal a real scan; a kind filter
 * forces lw_project_count_items down the scanning path. */
static void
assert_counts_match (LwProject *p)
{
  g_autoptr(GError) error = NULL;
  LwItemFilter scan = { .kind = LW_ITEM_KIND_IMAGE, .kind_set = TRUE };
  gint64 counts[LW_ITEM_N_STATUSES];
  gint64 total = lw_project_count_by_status (p, counts, &error);

  g_assert_no_error (error);
  g_assert_cmpint (total, ==, lw_project_count_items (p, &scan, &error));
  for (int s = 0; s < LW_ITEM_N_STATUSES; s++)
    {
      LwItemFilter f = { .status_mask = 1u << s, .kind = LW_ITEM_KIND_IMAGE, .kind_set = TRUE };
      g_assert_cmpint (counts[s], ==, lw_project_count_items (p, &f, &error));
      g_assert_no_error (error);
    }
}

static void
test_counters (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) p = lw_test_project_new (dir, "scale", "custom");
  g_autoptr(GError) error = NULL;
  LwItemFilter done = { .status_mask = 1u << LW_ITEM_STATUS_DONE };
  gint64 first = 0;

  g_assert_true (lw_project_begin (p, &error));
  for (int i = 0; i < 20000; i++)
    {
      gint64 id = lw_test_add_image (p, "img.png", 4, 4);
      if (first == 0)
        first = id;
    }
  g_assert_true (lw_project_commit (p, &error));
  g_assert_cmpint (lw_project_count_items (p, NULL, &error), ==, 20000);
  assert_counts_match (p);

  g_assert_true (lw_project_set_item_status (p, first, LW_ITEM_STATUS_DONE, &error));
  g_assert_true (lw_project_set_item_status (p, first + 1, LW_ITEM_STATUS_DONE, &error));
  g_assert_cmpint (lw_project_count_items (p, &done, &error), ==, 2);
  assert_counts_match (p);
  g_assert_true (lw_project_undo (p, NULL, &error));
  g_assert_cmpint (lw_project_count_items (p, &done, &error), ==, 1);
  g_assert_true (lw_project_redo (p, NULL, &error));
  g_assert_cmpint (lw_project_count_items (p, &done, &error), ==, 2);
  assert_counts_match (p);
  g_assert_no_error (error);

  lw_project_close (p);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A format-1 file (before the counters): read-only opening reads it unchanged, with
 * counts from a scan; opening it to write upgrades it and fills the counters. */
static void
test_upgrade_from_format_1 (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) p = lw_test_project_new (dir, "old", "custom");
  g_autofree char *path = g_strdup (lw_project_get_path (p));
  g_autoptr(LwProject) ro = NULL;
  g_autoptr(LwProject) rw = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counts[LW_ITEM_N_STATUSES];
  sqlite3 *db = NULL;

  for (int i = 0; i < 5; i++)
    lw_test_add_image (p, "img.png", 4, 4);
  g_assert_true (lw_project_set_item_status (p, 1, LW_ITEM_STATUS_DONE, &error));
  lw_project_close (p);

  /* Back to format 1: what migrations 002, 003 and 004 added is gone. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, LW_TEST_DROP_FORMAT_4
                                 "DROP TRIGGER item_block_insert; DROP TRIGGER item_block_delete; "
                                 "DROP TRIGGER item_block_status; DROP TABLE item_block; "
                                 "DROP TABLE item_superblock; "
                                 "DROP TRIGGER item_count_insert; DROP TRIGGER item_count_delete; "
                                 "DROP TRIGGER item_count_status; DROP TABLE item_count; "
                                 "DROP INDEX item_by_split; PRAGMA wal_checkpoint(TRUNCATE); "
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  before = lw_test_read_file (path);
  ro = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_by_status (ro, counts, &error), ==, 5);
  g_assert_cmpint (counts[LW_ITEM_STATUS_DONE], ==, 1);
  g_assert_cmpint (lw_project_count_items (ro, NULL, &error), ==, 5);
  g_assert_no_error (error);
  lw_project_close (ro);
  after = lw_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  rw = lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_project_count_by_status (rw, counts, &error), ==, 5);
  g_assert_cmpint (counts[LW_ITEM_STATUS_DONE], ==, 1);
  g_assert_cmpint (counts[LW_ITEM_STATUS_NEW], ==, 4);
  assert_counts_match (rw);
  lw_project_close (rw);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/items/counters", test_counters);
  g_test_add_func ("/model/items/upgrade-from-format-1", test_upgrade_from_format_1);
  return g_test_run ();
}
