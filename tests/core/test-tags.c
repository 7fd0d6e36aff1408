/* test-tags.c: tags switched on and off, exclusive groups, one undo step each */
#include "config.h"

#include <labelwright.h>

#include "lw-test-util.h"

static guint
count_tags (LwProject *project, gint64 item, gint64 class_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) annotations = lw_project_list_annotations (project, item, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];
      if (ann->kind == LW_ANNOTATION_TAG && (class_id == 0 || ann->class_id == class_id))
        n++;
    }
  return n;
}

static void
test_toggle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "tags", "traffic");
  gint64 item = lw_test_add_image (project, "a.png", 64, 48);
  gint64 clear = lw_test_class_id (project, "clear");
  gint64 rain = lw_test_class_id (project, "rain");
  gint64 day = lw_test_class_id (project, "day");
  gint64 car = lw_test_class_id (project, "car");
  gboolean on = FALSE;

  g_assert_true (lw_project_toggle_tag (project, item, clear, &on, &error));
  g_assert_true (on);
  g_assert_true (lw_project_toggle_tag (project, item, day, &on, &error));
  g_assert_cmpuint (count_tags (project, item, 0), ==, 2);

  /* Rain replaces clear (same exclusive group) and leaves day (another group). */
  g_assert_true (lw_project_toggle_tag (project, item, rain, &on, &error));
  g_assert_true (on);
  g_assert_cmpuint (count_tags (project, item, clear), ==, 0);
  g_assert_cmpuint (count_tags (project, item, rain), ==, 1);
  g_assert_cmpuint (count_tags (project, item, day), ==, 1);

  /* One undo brings clear back and removes rain. */
  g_assert_true (lw_project_undo (project, NULL, &error));
  g_assert_cmpuint (count_tags (project, item, clear), ==, 1);
  g_assert_cmpuint (count_tags (project, item, rain), ==, 0);

  /* Toggling again switches off. */
  g_assert_true (lw_project_toggle_tag (project, item, clear, &on, &error));
  g_assert_false (on);
  g_assert_cmpuint (count_tags (project, item, clear), ==, 0);

  /* A shape class is no tag: refused, nothing changes. */
  g_assert_false (lw_project_toggle_tag (project, item, car, &on, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_cmpuint (count_tags (project, item, 0), ==, 1);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/tags/toggle", test_toggle);
  return g_test_run ();
}
