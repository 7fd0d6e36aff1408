/* Export splits when every item is its own stratum (each has a different rarest class):
 * the leftover items must still be spread in proportion, not all put in the first split. */
#include "lw-test-util.h"

static void
test_singleton_strata_spread (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "split", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  LwExportOptions opts;
  int train = 0, val = 0;

  /* Ten items, each tagged with a class no other item has. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("class-%d", i);
      g_autofree char *item_name = g_strdup_printf ("img-%d.png", i);
      g_autoptr(LwLabelClass) klass = lw_label_class_new (name);
      g_autoptr(LwAnnotation) tag = NULL;
      gint64 item = lw_test_add_image (project, item_name, 10, 10);
      klass->kinds = LW_KIND_BIT (LW_ANNOTATION_TAG);
      g_assert_true (lw_project_add_class (project, klass, &error));
      tag = lw_annotation_new (item, klass->id, LW_ANNOTATION_TAG);
      g_assert_true (lw_project_add_annotation (project, tag, &error));
    }

  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_CSV;
  opts.no_media = TRUE;
  g_assert_true (lw_export_parse_splits (&opts, "train=0.5,val=0.5", &error));
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);

  for (int s = 0; s < 2; s++)
    {
      g_autofree char *path = g_build_filename (out, s == 0 ? "train.csv" : "val.csv", NULL);
      g_autofree char *data = NULL;
      if (g_file_get_contents (path, &data, NULL, NULL))
        {
          g_auto(GStrv) lines = g_strsplit (g_strstrip (data), "\n", -1);
          int rows = (int) g_strv_length (lines) - 1;   /* minus the header */
          if (s == 0)
            train = rows;
          else
            val = rows;
        }
    }
  g_assert_cmpint (train, ==, 5);
  g_assert_cmpint (val, ==, 5);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/split/singleton-strata-spread", test_singleton_strata_spread);
  return g_test_run ();
}
