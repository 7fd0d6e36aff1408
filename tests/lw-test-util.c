#define G_LOG_DOMAIN "lw-test"

#include <glib/gstdio.h>

#include "lw-test-util.h"

char *
lw_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lw-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
lw_test_tmpdir_free (char *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir);
  g_free (dir);
}

LwProject *
lw_test_project_new (const char *dir, const char *name, const char *domain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.lwproj", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(LwProject) project = lw_project_create (path, name, domain, &error);
  g_autoptr(GPtrArray) classes = NULL;

  g_assert_no_error (error);
  if (domain != NULL)
    {
      classes = lw_schema_load_domain (domain, &error);
      g_assert_no_error (error);
      g_assert_true (lw_project_begin (project, &error));
      for (guint i = 0; i < classes->len; i++)
        {
          lw_project_add_class (project, classes->pdata[i], &error);
          g_assert_no_error (error);
        }
      g_assert_true (lw_project_commit (project, &error));
    }
  return g_steal_pointer (&project);
}

gint64
lw_test_add_image (LwProject *project, const char *name, int width, int height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, name);

  item->width = width;
  item->height = height;
  item->media_path = g_strdup (name);
  lw_project_add_item (project, item, &error);
  g_assert_no_error (error);
  return item->id;
}

gint64
lw_test_add_text (LwProject *project, const char *name, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_TEXT, name);

  item->text = g_strdup (text);
  lw_project_add_item (project, item, &error);
  g_assert_no_error (error);
  return item->id;
}

gint64
lw_test_class_id (LwProject *project, const char *name)
{
  g_autoptr(LwLabelClass) klass = lw_project_find_class (project, name);

  g_assert (klass != NULL);
  return klass->id;
}

GBytes *
lw_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

gint64
lw_test_add_annotation (LwProject *project, gint64 annotator_id, gint64 item_id,
                        const char *klass, LwAnnotationKind kind,
                        const double *geometry, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, lw_test_class_id (project, klass), kind);

  if (n > 0)
    lw_annotation_set_geometry (ann, geometry, n);
  lw_project_set_current_annotator (project, annotator_id);
  lw_project_add_annotation (project, ann, &error);
  g_assert_no_error (error);
  return ann->id;
}
