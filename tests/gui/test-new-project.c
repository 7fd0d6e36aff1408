/* test-new-project.c: the New Project dialog, filled in programmatically */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <labelwright.h>
#include <string.h>

#include "lw-gui-test.h"
#include "lw-new-project-dialog.h"
#include "lw-test-util.h"

typedef struct
{
  char               *dir;
  LwNewProjectDialog *dialog;
  char               *created;
} Fixture;

static void
on_created (LwNewProjectDialog *dialog, const char *path, Fixture *fixture)
{
  g_free (fixture->created);
  fixture->created = g_strdup (path);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = lw_test_tmpdir_new ();
  fixture->dialog = g_object_ref_sink (lw_new_project_dialog_new (NULL));
  g_signal_connect (fixture->dialog, "created", G_CALLBACK (on_created), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  lw_gui_test_spin ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_object_unref (fixture->dialog);
  lw_gui_test_spin ();
  g_free (fixture->created);
  lw_test_tmpdir_free (fixture->dir);
}

static gboolean
create_enabled (Fixture *fixture)
{
  /* Activating a disabled action does nothing and returns FALSE; an enabled one creates. */
  return gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "new-project.create", NULL)
         && fixture->created != NULL;
}

static void
assert_classes_match (const char *path, const char *domain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) expected = lw_schema_load_domain (domain, &error);
  g_autofree char *stored_domain = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (project);
  stored = lw_project_list_classes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, expected->len);
  for (guint i = 0; i < stored->len; i++)
    {
      LwLabelClass *a = g_ptr_array_index (stored, i);
      LwLabelClass *b = g_ptr_array_index (expected, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->color, ==, b->color);
      g_assert_cmpuint (a->kinds, ==, b->kinds);
      g_assert_cmpstr (a->hotkey, ==, b->hotkey);
    }
  stored_domain = lw_project_dup_meta (project, "domain");
  g_assert_cmpstr (stored_domain, ==, domain);
}

static void
test_create (Fixture *fixture, gconstpointer data)
{
  const char *domain = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = lw_schema_load_domain (domain, &error);
  g_autofree char *path = NULL;
  g_autofree char *want = g_build_filename (fixture->dir, "Street survey.lwproj", NULL);

  g_assert_no_error (error);
  lw_new_project_dialog_set_folder (fixture->dialog, fixture->dir);
  lw_new_project_dialog_set_name (fixture->dialog, "Street survey");
  lw_new_project_dialog_set_domain (fixture->dialog, domain);
  g_assert_cmpstr (lw_new_project_dialog_get_domain (fixture->dialog), ==, domain);
  g_assert_cmpuint (lw_new_project_dialog_get_n_preview (fixture->dialog), ==, expected->len);
  g_assert_null (lw_new_project_dialog_get_error (fixture->dialog));
  path = lw_new_project_dialog_dup_path (fixture->dialog);
  g_assert_cmpstr (path, ==, want);

  g_assert_true (create_enabled (fixture));
  g_assert_cmpstr (fixture->created, ==, want);
  g_assert_true (g_file_test (want, G_FILE_TEST_IS_REGULAR));
  assert_classes_match (want, domain);
}

static void
test_refuse_existing (Fixture *fixture, gconstpointer data)
{
  g_autofree char *existing = g_build_filename (fixture->dir, "taken.lwproj", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_true (g_file_set_contents (existing, "not a project", -1, NULL));
  before = lw_test_read_file (existing);
  lw_new_project_dialog_set_folder (fixture->dialog, fixture->dir);
  lw_new_project_dialog_set_name (fixture->dialog, "taken");
  g_assert_nonnull (lw_new_project_dialog_get_error (fixture->dialog));
  g_assert_nonnull (strstr (lw_new_project_dialog_get_error (fixture->dialog), existing));
  g_assert_nonnull (strstr (lw_new_project_dialog_get_error (fixture->dialog), "already exists"));
  g_assert_false (create_enabled (fixture));
  g_assert_null (fixture->created);
  after = lw_test_read_file (existing);
  g_assert_true (g_bytes_equal (before, after));

  /* Another name clears the error and enables Create again. */
  lw_new_project_dialog_set_name (fixture->dialog, "free");
  g_assert_null (lw_new_project_dialog_get_error (fixture->dialog));
}

static void
test_refuse_bad_input (Fixture *fixture, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_autofree char *ro = g_build_filename (fixture->dir, "read-only", NULL);

  lw_new_project_dialog_set_folder (fixture->dialog, fixture->dir);
  lw_new_project_dialog_set_name (fixture->dialog, "   ");
  g_assert_false (create_enabled (fixture));

  lw_new_project_dialog_set_name (fixture->dialog, "a/b");
  g_assert_nonnull (lw_new_project_dialog_get_error (fixture->dialog));
  g_assert_false (create_enabled (fixture));

  lw_new_project_dialog_set_name (fixture->dialog, "fine");
  lw_new_project_dialog_set_folder (fixture->dialog, missing);
  g_assert_nonnull (strstr (lw_new_project_dialog_get_error (fixture->dialog), missing));
  g_assert_false (create_enabled (fixture));

  g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
  lw_new_project_dialog_set_folder (fixture->dialog, ro);
  /* root can write anywhere: only check the refusal where the file system refuses. */
  if (g_access (ro, W_OK) != 0)
    {
      g_assert_nonnull (strstr (lw_new_project_dialog_get_error (fixture->dialog), "not writable"));
      g_assert_false (create_enabled (fixture));
    }
  g_chmod (ro, 0755);
  g_assert_null (fixture->created);
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;

  for (const char *const *d = lw_schema_list_domains (); *d != NULL; d++)
    {
      g_autofree char *name = g_strdup_printf ("/gui/new-project/create/%s", *d);

      g_test_add (name, Fixture, *d, fixture_setup, test_create, fixture_teardown);
    }
  g_test_add ("/gui/new-project/refuse-existing", Fixture, NULL, fixture_setup,
              test_refuse_existing, fixture_teardown);
  g_test_add ("/gui/new-project/refuse-bad-input", Fixture, NULL, fixture_setup,
              test_refuse_bad_input, fixture_teardown);
  return lw_gui_test_run ();
}
