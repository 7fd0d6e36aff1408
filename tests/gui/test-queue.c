/* test-queue.c: "My queue" in the item list's filters (issue 8): it appears once the project
 * has assignments, lists the current annotator's queue, follows a change of annotator name,
 * and Alt+N (win.next-unlabelled) and marking done walk it. */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <string.h>

#include "lw-filter-popover.h"
#include "lw-item-model.h"
#include "lw-item-object.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-window.h"

#define N_IMAGES 12

typedef struct
{
  char      *dir;
  char      *path;
  GSettings *settings;
  LwWindow  *window;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "queue", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  for (int i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%04d.png", i);
      lw_test_add_image (project, name, 64, 48);
    }
  lw_project_close (project);
  f->settings = g_settings_new (APP_ID);
  g_settings_set_boolean (f->settings, "first-run", FALSE);
  g_settings_set_string (f->settings, "annotator-name", "alice");
  f->window = lw_gui_test_open_window (f->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  g_clear_object (&f->settings);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

/* The ids of @annotator's queue, read through the core. */
static GArray *
queue_ids (LwProject *project, const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q = lw_project_list_queue (project, lw_project_find_annotator (project, annotator),
                                                  0, 1000, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < q->len; i++)
    g_array_append_val (ids, ((LwQueueEntry *) g_ptr_array_index (q, i))->item->id);
  return ids;
}

/* The list shows exactly @ids, in order. */
static void
assert_list_is (Fixture *f, GArray *ids)
{
  GListModel *model = G_LIST_MODEL (lw_window_get_item_model (f->window));

  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(LwItemObject) row = g_list_model_get_item (model, i);
      g_assert_cmpint (lw_item_object_get_id (row), ==, g_array_index (ids, gint64, i));
    }
}

static void
test_queue_filter (Fixture *f, gconstpointer data)
{
  LwProject *project = lw_window_get_project (f->window);
  LwFilterPopover *popover = lw_window_get_filter_popover (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAssignReport) report = NULL;
  g_autoptr(GArray) mine = NULL;
  g_autoptr(GArray) bobs = NULL;
  g_autoptr(GArray) after = NULL;
  LwAssignOptions opts = { .annotators = (const char *const[]) { "alice", "bob", NULL },
                           .overlap = 2, .share = 50, .seed = 1, .add_annotators = TRUE };
  gint64 first, rejected = 0;

  /* No assignments: no queue to choose. */
  g_assert_false (lw_filter_popover_set_queue (popover, TRUE));
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 0);

  /* Assigning through the window's connection announces it; the choice appears. */
  report = lw_project_assign (project, &opts, &error);
  g_assert_no_error (error);
  lw_gui_test_spin ();
  g_assert_true (lw_filter_popover_set_queue (popover, TRUE));
  g_assert_cmpuint (lw_filter_popover_get_n_active (popover), ==, 1);
  mine = queue_ids (project, "alice");
  g_assert_cmpuint (mine->len, ==, 9);   /* 6 overlap items + half of the 6 others */
  g_assert_cmpuint (mine->len, <, N_IMAGES);
  assert_list_is (f, mine);
  g_assert_nonnull (strstr (lw_window_get_status_text (f->window), "Item 1 of 9 ·"));
  first = g_array_index (mine, gint64, 0);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, first);

  /* Marking done takes the item out of alice's queue and moves on within it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-done", NULL));
  lw_gui_test_spin ();
  g_assert_cmpint (lw_gui_test_stored_status (f->path, first), !=, LW_ITEM_STATUS_NEW);
  after = queue_ids (project, "alice");
  g_assert_cmpuint (after->len, ==, mine->len - 1);
  assert_list_is (f, after);
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, g_array_index (after, gint64, 0));

  /* A rejected item of alice's is in the queue although it is not new, and Alt+N reaches it. */
  for (guint i = 0; i < after->len && rejected == 0; i++)
    {
      gint64 id = g_array_index (after, gint64, i);
      g_autoptr(GError) local = NULL;

      lw_project_set_current_annotator (project, lw_project_find_annotator (project, "alice"));
      g_assert_true (lw_project_mark_item_done (project, id, &local));
      if (lw_project_review_item (project, id, "rita", LW_REVIEW_REJECT, "the van is a truck", &local))
        rejected = id;
      else
        g_clear_error (&local);
    }
  g_assert_cmpint (rejected, >, 0);
  lw_gui_test_spin ();
  g_clear_pointer (&after, g_array_unref);
  after = queue_ids (project, "alice");
  assert_list_is (f, after);
  /* Start from another queue item, the last one (Alt+N wraps around to the first). */
  g_assert_cmpuint (after->len, >=, 2);
  lw_window_show_item (f->window, g_array_index (after, gint64, after->len - 1) != rejected
                                  ? g_array_index (after, gint64, after->len - 1)
                                  : g_array_index (after, gint64, after->len - 2));
  g_assert_cmpint (lw_window_get_current_item (f->window), !=, rejected);
  for (guint i = 0; i < after->len && lw_window_get_current_item (f->window) != rejected; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-unlabelled", NULL));
      lw_gui_test_spin ();
    }
  g_assert_cmpint (lw_window_get_current_item (f->window), ==, rejected);
  g_assert_cmpint (lw_gui_test_stored_status (f->path, rejected), ==, LW_ITEM_STATUS_REJECTED);

  /* Another name: the list is that annotator's queue. */
  g_settings_set_string (f->settings, "annotator-name", "bob");
  lw_gui_test_spin ();
  bobs = queue_ids (project, "bob");
  g_assert_cmpint (lw_project_get_current_annotator (project), ==, lw_project_find_annotator (project, "bob"));
  assert_list_is (f, bobs);

  /* An item of both whom a reviewer rejected and alice has fixed is in progress; bob still
   * has it in his queue, and sees why it came back. */
  {
    gint64 alice = lw_project_find_annotator (project, "alice");
    gint64 bob = lw_project_find_annotator (project, "bob");
    g_autoptr(GArray) alices = queue_ids (project, "alice");
    gint64 shared = 0;

    for (guint i = 0; i < alices->len && shared == 0; i++)
      for (guint j = 0; j < bobs->len; j++)
        if (g_array_index (alices, gint64, i) == g_array_index (bobs, gint64, j))
          shared = g_array_index (bobs, gint64, j);
    g_assert_cmpint (shared, >, 0);
    lw_project_set_current_annotator (project, alice);
    g_assert_true (lw_project_mark_item_done (project, shared, &error));
    lw_project_set_current_annotator (project, bob);
    g_assert_true (lw_project_mark_item_done (project, shared, &error));
    g_assert_true (lw_project_review_item (project, shared, "rita", LW_REVIEW_REJECT, "two people, not one", &error));
    lw_project_set_current_annotator (project, alice);
    g_assert_true (lw_project_mark_item_done (project, shared, &error));
    lw_project_set_current_annotator (project, bob);
    g_assert_no_error (error);
    lw_gui_test_spin ();
    g_assert_cmpint (lw_gui_test_stored_status (f->path, shared), ==, LW_ITEM_STATUS_IN_PROGRESS);
    g_clear_pointer (&bobs, g_array_unref);
    bobs = queue_ids (project, "bob");
    assert_list_is (f, bobs);
    lw_window_show_item (f->window, shared);
    lw_gui_test_spin ();
    g_assert_cmpint (lw_window_get_current_item (f->window), ==, shared);
    g_assert_nonnull (strstr (lw_window_get_item_text (f->window), "Rejected: two people, not one"));
  }

  /* Clearing the filters shows every item again. */
  lw_filter_popover_clear (popover);
  lw_gui_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lw_window_get_item_model (f->window))), ==, N_IMAGES);
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add ("/gui/queue/filter", Fixture, NULL, fixture_setup, test_queue_filter, fixture_teardown);
  return lw_gui_test_run ();
}
