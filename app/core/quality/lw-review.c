#define G_LOG_DOMAIN "lw-review"

#include <string.h>

#include "lw-quality.h"
#include "lw-error.h"
#include "lw-item.h"
#include "lw-project.h"
#include "lw-quality-private.h"

void
lw_review_free (LwReview *review)
{
  if (review == NULL)
    return;
  g_free (review->reviewer);
  g_free (review->verdict);
  g_free (review->comment);
  g_free (review);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
insert_review (LwProject   *project,
               gint64       item_id,
               const char  *reviewer,
               const char  *verdict,
               const char  *comment,
               GError     **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
    "INSERT INTO review (item_id, reviewer, verdict, comment, at) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_text (stmt, 2, reviewer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, verdict, -1, SQLITE_STATIC);
  if (is_blank (comment))
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_text (stmt, 4, comment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _lw_now_us ());
  return _lw_project_step_done (project, stmt, "saving a review", error);
}

gboolean
lw_project_review_item (LwProject        *project,
                        gint64            item_id,
                        const char       *reviewer,
                        LwReviewVerdict   verdict,
                        const char       *comment,
                        GError          **error)
{
  g_autoptr(LwItem) item = NULL;
  LwItemStatus status;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (verdict == LW_REVIEW_ACCEPT || verdict == LW_REVIEW_REJECT, FALSE);

  if (reviewer == NULL || is_blank (reviewer) || !g_utf8_validate (reviewer, -1, NULL))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: a review needs the reviewer's name", lw_project_get_path (project));
      return FALSE;
    }
  if (comment != NULL && !g_utf8_validate (comment, -1, NULL))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: the review comment is not valid UTF-8", lw_project_get_path (project));
      return FALSE;
    }
  /* The annotator must learn what to fix: a bare "rejected" sends them guessing. */
  if (verdict == LW_REVIEW_REJECT && is_blank (comment))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: rejecting item %" G_GINT64_FORMAT " needs a comment that says what to fix",
                   lw_project_get_path (project), item_id);
      return FALSE;
    }

  if (!lw_project_begin (project, error))
    return FALSE;
  item = lw_project_get_item (project, item_id, error);
  if (item == NULL)
    goto fail;
  if (item->status != LW_ITEM_STATUS_DONE &&
      item->status != LW_ITEM_STATUS_ACCEPTED &&
      item->status != LW_ITEM_STATUS_REJECTED)
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "%s: item %" G_GINT64_FORMAT " (%s) is %s; only done items can be reviewed",
                   lw_project_get_path (project), item_id, item->name,
                   lw_item_status_to_string (item->status));
      goto fail;
    }
  status = verdict == LW_REVIEW_ACCEPT ? LW_ITEM_STATUS_ACCEPTED : LW_ITEM_STATUS_REJECTED;
  if (!lw_project_set_item_status (project, item_id, status, error) ||
      !insert_review (project, item_id, reviewer, lw_item_status_to_string (status), comment, error))
    goto fail;
  return lw_project_commit (project, error);

fail:
  lw_project_rollback (project);
  return FALSE;
}

static LwReview *
review_from_row (sqlite3_stmt *stmt)
{
  LwReview *review = g_new0 (LwReview, 1);

  review->id = sqlite3_column_int64 (stmt, 0);
  review->item_id = sqlite3_column_int64 (stmt, 1);
  review->reviewer = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  review->verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  review->comment = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  review->at = sqlite3_column_int64 (stmt, 5);
  return review;
}

GPtrArray *
lw_project_list_reviews (LwProject  *project,
                         gint64      item_id,
                         GError    **error)
{
  g_autoptr(GPtrArray) reviews = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_review_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);

  stmt = _lw_project_stmt (project,
    "SELECT id, item_id, reviewer, verdict, comment, at FROM review WHERE item_id = ? ORDER BY id",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (reviews, review_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _lw_project_sql_error (project, rc, "listing an item's reviews", error);
      return NULL;
    }
  return g_steal_pointer (&reviews);
}

char *
lw_project_dup_rejection_comment (LwProject  *project,
                                  gint64      item_id,
                                  GError    **error)
{
  sqlite3_stmt *stmt;
  char *comment = NULL;
  int rc;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);

  /* Only while the item is rejected: after an undo or a later acceptance the old comment
   * no longer asks for anything. */
  stmt = _lw_project_stmt (project,
    "SELECT r.comment FROM review r JOIN item i ON i.id = r.item_id"
    " WHERE r.item_id = ? AND i.status = 'rejected' AND r.verdict = 'rejected'"
    " ORDER BY r.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    comment = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _lw_project_sql_error (project, rc, "reading an item's rejection", error);
  return comment;
}

gint64
lw_project_next_review_item (LwProject  *project,
                             gint64      after_id,
                             GError    **error)
{
  LwItemFilter filter = { 0 };

  g_return_val_if_fail (LW_IS_PROJECT (project), 0);

  filter.status_mask = 1u << LW_ITEM_STATUS_DONE;
  return lw_project_next_item (project, &filter, after_id, FALSE, error);
}
