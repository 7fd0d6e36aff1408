/* Crash safety (DESIGN invariant 1): a child process makes a stream of edits and reports each
 * one after its commit returns; the parent kills it with SIGKILL at random moments. Afterwards
 * the project passes PRAGMA integrity_check and holds every reported edit. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lw-test-util.h"

#define ROUNDS 50

static int
run_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (path, 0, &error);
  g_autoptr(LwLabelClass) car = NULL;
  gint64 item;

  if (project == NULL)
    {
      fprintf (stderr, "child: %s\n", error->message);
      return 1;
    }
  car = lw_project_find_class (project, "car");
  item = lw_project_find_item_by_name (project, "a.png");
  for (int i = 0; ; i++)
    {
      double box[] = { i % 50, i % 40, 10, 10 };
      g_autoptr(LwAnnotation) ann = lw_annotation_new (item, car->id, LW_ANNOTATION_BBOX);
      lw_annotation_set_geometry (ann, box, 4);
      if (!lw_project_add_annotation (project, ann, &error))
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      /* Reported only once the commit has returned: this is "shown as saved". */
      printf ("%" G_GINT64_FORMAT "\n", ann->id);
      fflush (stdout);
    }
  return 0;
}

static void
test_sigkill_loses_nothing (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "crash", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GArray) reported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);

  lw_test_add_image (project, "a.png", 100, 80);
  g_clear_object (&project);

  for (int round = 0; round < ROUNDS; round++)
    {
      const char *argv[] = { self, "--child", path, NULL };
      g_autoptr(GError) error = NULL;
      GPid pid;
      int out_fd, status;
      FILE *out;
      char line[64];
      int wanted = g_rand_int_range (rand, 1, 40);   /* edits to see before the kill */
      int seen = 0;

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);
      out = fdopen (out_fd, "r");
      while (seen < wanted && fgets (line, sizeof line, out) != NULL)
        {
          gint64 id = g_ascii_strtoll (line, NULL, 10);
          g_array_append_val (reported, id);
          seen++;
        }
      /* Kill mid-stream: sometimes at once, sometimes after a random pause. */
      if (g_rand_boolean (rand))
        g_usleep (g_rand_int_range (rand, 0, 3000));
      kill (pid, SIGKILL);
      while (fgets (line, sizeof line, out) != NULL)
        {
          gint64 id = g_ascii_strtoll (line, NULL, 10);
          g_array_append_val (reported, id);
        }
      fclose (out);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      g_assert_cmpint (seen, ==, wanted);
    }

  project = lw_project_open (path, 0, NULL);
  g_assert_nonnull (project);
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GError) error = NULL;
    g_assert_true (lw_project_check (project, problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }
  for (guint i = 0; i < reported->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LwAnnotation) ann = lw_project_get_annotation (project, g_array_index (reported, gint64, i), &error);
      g_assert_no_error (error);
      g_assert_nonnull (ann);
    }
  g_test_message ("%u reported edits all present after %d SIGKILLs", reported->len, ROUNDS);
  g_assert_cmpuint (reported->len, >=, ROUNDS);
  g_clear_object (&project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reliability/crash/sigkill-loses-nothing", test_sigkill_loses_nothing);
  return g_test_run ();
}
