/* Removing a class that annotations use: the count the confirmation shows, the removal of
 * the class with its annotations in one transaction, and an undo history that stays
 * replayable afterwards (no step needs the removed class). */
#include <string.h>

#include "lw-test-util.h"

static gint64
add_box (LwProject *p, gint64 item, gint64 klass, double x)
{
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item, klass, LW_ANNOTATION_BBOX);
  g_autoptr(GError) error = NULL;
  double box[] = { x, 1, 5, 5 };

  lw_annotation_set_geometry (ann, box, 4);
  g_assert_true (lw_project_add_annotation (p, ann, &error));
  g_assert_no_error (error);
  return ann->id;
}

static gboolean
has_annotation (LwProject *p, gint64 id)
{
  g_autoptr(LwAnnotation) ann = lw_project_get_annotation (p, id, NULL);
  return ann != NULL;
}

static gboolean
has_class (LwProject *p, const char *name)
{
  g_autoptr(LwLabelClass) klass = lw_project_find_class (p, name);
  return klass != NULL;
}

static void
test_remove_with_annotations (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) p = lw_test_project_new (dir, "remove", "traffic");
  g_autoptr(GError) error = NULL;
  gint64 car = lw_test_class_id (p, "car");
  gint64 truck = lw_test_class_id (p, "truck");
  gint64 bus = lw_test_class_id (p, "bus");
  gint64 a = lw_test_add_image (p, "a.png", 64, 64);
  gint64 b = lw_test_add_image (p, "b.png", 64, 64);
  gint64 car1, car2, car3, truck1;

  car1 = add_box (p, a, car, 1);          /* history group 1 */
  car2 = add_box (p, a, car, 2);          /* 2 */
  truck1 = add_box (p, b, truck, 3);      /* 3 */
  car3 = add_box (p, b, car, 4);          /* 4 */
  g_assert_true (lw_project_delete_annotation (p, car3, &error));   /* 5: car3 lives in history only */
  g_assert_true (lw_project_set_item_status (p, b, LW_ITEM_STATUS_DONE, &error));  /* 6 */
  g_assert_no_error (error);

  g_assert_cmpint (lw_project_count_class_annotations (p, car, &error), ==, 2);
  g_assert_cmpint (lw_project_count_class_annotations (p, truck, &error), ==, 1);
  g_assert_cmpint (lw_project_count_class_annotations (p, bus, &error), ==, 0);
  g_assert_no_error (error);

  /* The plain removal still refuses, naming the count. */
  g_assert_false (lw_project_remove_class (p, car, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2 annotations"));
  g_clear_error (&error);

  g_assert_true (lw_project_remove_class_and_annotations (p, car, &error));
  g_assert_no_error (error);
  g_assert_false (has_class (p, "car"));
  g_assert_false (has_annotation (p, car1));
  g_assert_false (has_annotation (p, car2));
  g_assert_true (has_annotation (p, truck1));
  g_assert_cmpint (lw_project_count_annotations (p, &error), ==, 1);

  /* The undo history lost the car steps (1, 2, 4, 5) and kept the others, which replay. */
  g_assert_true (lw_project_undo (p, NULL, &error));          /* 6: status */
  g_assert_no_error (error);
  {
    g_autoptr(LwItem) item = lw_project_get_item (p, b, &error);
    g_assert_cmpint (item->status, ==, LW_ITEM_STATUS_NEW);
  }
  g_assert_true (lw_project_undo (p, NULL, &error));          /* 3: the truck */
  g_assert_no_error (error);
  g_assert_false (has_annotation (p, truck1));
  g_assert_false (lw_project_undo (p, NULL, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);
  g_assert_true (lw_project_redo (p, NULL, &error));
  g_assert_true (has_annotation (p, truck1));

  /* Unknown class: an error, nothing changes. */
  g_assert_false (lw_project_remove_class_and_annotations (p, 9999, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (lw_project_count_annotations (p, &error), ==, 1);
  g_assert_true (has_class (p, "truck"));

  lw_project_close (p);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A project opened read-only refuses and stays as it was. */
static void
test_read_only (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) p = lw_test_project_new (dir, "ro", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (p));
  g_autoptr(LwProject) ro = NULL;
  g_autoptr(GError) error = NULL;
  gint64 car = lw_test_class_id (p, "car");

  add_box (p, lw_test_add_image (p, "a.png", 64, 64), car, 1);
  lw_project_close (p);
  ro = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (lw_project_remove_class_and_annotations (ro, car, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (lw_project_count_class_annotations (ro, car, &error), ==, 1);
  lw_project_close (ro);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/classes/remove-with-annotations", test_remove_with_annotations);
  g_test_add_func ("/model/classes/remove-read-only", test_read_only);
  return g_test_run ();
}
