#define G_LOG_DOMAIN "test-review"

#include <string.h>

#include "labelwright.h"
#include "lw-test-util.h"

typedef struct {
  char      *dir;
  LwProject *project;
  gint64     img[4];
} Fixture;

static LwItemStatus
status_of (Fixture *f, gint64 item_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_project_get_item (f->project, item_id, &error);

  g_assert_no_error (error);
  return item->status;
}

static void
set_status (Fixture *f, gint64 item_id, LwItemStatus status)
{
  g_autoptr(GError) error = NULL;

  lw_project_set_item_status (f->project, item_id, status, &error);
  g_assert_no_error (error);
}

/* img1 done, img2 new, img3 done, img4 done */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = lw_test_tmpdir_new ();
  f->project = lw_test_project_new (f->dir, "review", "traffic");
  for (guint i = 0; i < G_N_ELEMENTS (f->img); i++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.jpg", i + 1);
      f->img[i] = lw_test_add_image (f->project, name, 64, 48);
    }
  set_status (f, f->img[0], LW_ITEM_STATUS_DONE);
  set_status (f, f->img[2], LW_ITEM_STATUS_DONE);
  set_status (f, f->img[3], LW_ITEM_STATUS_DONE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->project);
  lw_test_tmpdir_free (f->dir);
}

static void
test_accept_reject (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autofree char *comment = NULL;
  LwReview *r;

  g_assert_true (lw_project_review_item (f->project, f->img[0], "rita", LW_REVIEW_ACCEPT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, f->img[0]), ==, LW_ITEM_STATUS_ACCEPTED);

  g_assert_true (lw_project_review_item (f->project, f->img[2], "rita", LW_REVIEW_REJECT,
                                         "the bus is missing", &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, f->img[2]), ==, LW_ITEM_STATUS_REJECTED);

  reviews = lw_project_list_reviews (f->project, f->img[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);
  r = g_ptr_array_index (reviews, 0);
  g_assert_cmpint (r->item_id, ==, f->img[2]);
  g_assert_cmpstr (r->reviewer, ==, "rita");
  g_assert_cmpstr (r->verdict, ==, "rejected");
  g_assert_cmpstr (r->comment, ==, "the bus is missing");
  g_assert_cmpint (r->at, >, 0);

  comment = lw_project_dup_rejection_comment (f->project, f->img[2], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, "the bus is missing");
  g_clear_pointer (&comment, g_free);
  /* accepted item: no rejection to show */
  comment = lw_project_dup_rejection_comment (f->project, f->img[0], &error);
  g_assert_no_error (error);
  g_assert_null (comment);

  /* the annotator fixes it, marks it done; the reviewer accepts: the comment goes away */
  set_status (f, f->img[2], LW_ITEM_STATUS_DONE);
  g_assert_true (lw_project_review_item (f->project, f->img[2], "rita", LW_REVIEW_ACCEPT, "fine now", &error));
  g_assert_no_error (error);
  comment = lw_project_dup_rejection_comment (f->project, f->img[2], &error);
  g_assert_no_error (error);
  g_assert_null (comment);
  g_clear_pointer (&reviews, g_ptr_array_unref);
  reviews = lw_project_list_reviews (f->project, f->img[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 2);
  g_assert_cmpstr (((LwReview *) reviews->pdata[1])->verdict, ==, "accepted");
  g_assert_cmpstr (((LwReview *) reviews->pdata[1])->comment, ==, "fine now");
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reviews = NULL;

  /* rejection without a comment (NULL, empty, blank) */
  const char *blanks[] = { NULL, "", "  \n\t" };
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_assert_false (lw_project_review_item (f->project, f->img[0], "rita", LW_REVIEW_REJECT,
                                              blanks[i], &error));
      g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "comment"));
      g_assert_nonnull (strstr (error->message, lw_project_get_path (f->project)));
      g_clear_error (&error);
    }
  /* an item that is not done */
  g_assert_false (lw_project_review_item (f->project, f->img[1], "rita", LW_REVIEW_ACCEPT, NULL, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "img2.jpg"));
  g_clear_error (&error);
  /* no such item */
  g_assert_false (lw_project_review_item (f->project, 9999, "rita", LW_REVIEW_ACCEPT, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* no reviewer */
  g_assert_false (lw_project_review_item (f->project, f->img[0], "", LW_REVIEW_ACCEPT, NULL, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  /* nothing changed */
  g_assert_cmpint (status_of (f, f->img[0]), ==, LW_ITEM_STATUS_DONE);
  g_assert_cmpint (status_of (f, f->img[1]), ==, LW_ITEM_STATUS_NEW);
  for (guint i = 0; i < G_N_ELEMENTS (f->img); i++)
    {
      reviews = lw_project_list_reviews (f->project, f->img[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (reviews->len, ==, 0);
      g_clear_pointer (&reviews, g_ptr_array_unref);
    }
}

static void
test_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;

  g_assert_true (lw_project_review_item (f->project, f->img[0], "rita", LW_REVIEW_REJECT, "blurry", &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, f->img[0]), ==, LW_ITEM_STATUS_REJECTED);
  /* one undo step brings back "done" */
  g_assert_true (lw_project_undo (f->project, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, f->img[0]), ==, LW_ITEM_STATUS_DONE);
  comment = lw_project_dup_rejection_comment (f->project, f->img[0], &error);
  g_assert_no_error (error);
  g_assert_null (comment);
}

static void
test_next (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = lw_project_next_review_item (f->project, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, f->img[0]);
  /* img2 is new: skipped */
  id = lw_project_next_review_item (f->project, f->img[0], &error);
  g_assert_cmpint (id, ==, f->img[2]);
  /* reviewed items leave the queue */
  g_assert_true (lw_project_review_item (f->project, f->img[2], "rita", LW_REVIEW_ACCEPT, NULL, &error));
  g_assert_no_error (error);
  id = lw_project_next_review_item (f->project, f->img[0], &error);
  g_assert_cmpint (id, ==, f->img[3]);
  id = lw_project_next_review_item (f->project, f->img[3], &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/review/accept-reject", Fixture, NULL, fixture_set_up, test_accept_reject, fixture_tear_down);
  g_test_add ("/review/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/review/undo", Fixture, NULL, fixture_set_up, test_undo, fixture_tear_down);
  g_test_add ("/review/next", Fixture, NULL, fixture_set_up, test_next, fixture_tear_down);
  return g_test_run ();
}
