/* test-cli-progress.c: the CLI's progress bar on a terminal is redrawn when its percentage
 * moves (and its message at most ten times a second), not for every item: an export of
 * 100,000 images wrote 7.9 MB of progress to the terminal and ran a third slower. */
#define _XOPEN_SOURCE 600
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lw-cli.h"

typedef struct {
  int      master;
  GString *seen;
} Drain;

/* Reads the terminal's other end until it closes, so that writes never block. */
static gpointer
drain (gpointer data)
{
  Drain *d = data;
  char buf[4096];
  ssize_t n;

  while ((n = read (d->master, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (d->seen, buf, n);
  return NULL;
}

static guint
count_char (const GString *s, char c)
{
  guint n = 0;

  for (gsize i = 0; i < s->len; i++)
    n += s->str[i] == c;
  return n;
}

static void
test_terminal_redraws (void)
{
  Drain d = { -1, g_string_new (NULL) };
  int saved_stderr = dup (STDERR_FILENO);
  const guint n_items = 20000;
  LwCliProgress bar;
  GThread *thread;
  int slave;

  d.master = posix_openpt (O_RDWR | O_NOCTTY);
  if (d.master < 0)
    {
      /* A build sandbox without /dev/ptmx: there is no terminal to draw on. */
      g_test_skip_printf ("no pseudo-terminal: %s", g_strerror (errno));
      g_string_free (d.seen, TRUE);
      close (saved_stderr);
      return;
    }
  g_assert_cmpint (grantpt (d.master), ==, 0);
  g_assert_cmpint (unlockpt (d.master), ==, 0);
  slave = open (ptsname (d.master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  thread = g_thread_new ("drain", drain, &d);

  fflush (stderr);
  g_assert_cmpint (dup2 (slave, STDERR_FILENO), ==, STDERR_FILENO);
  g_assert_true (isatty (STDERR_FILENO));
  lw_cli_progress_init (&bar);
  for (guint i = 1; i <= n_items; i++)
    {
      g_autofree char *msg = g_strdup_printf ("Exporting item %u of %u", i, n_items);
      lw_cli_progress (0.98 * (i - 1) / n_items, msg, &bar);
    }
  lw_cli_progress (1.0, "Export finished", &bar);
  fflush (stderr);
  dup2 (saved_stderr, STDERR_FILENO);
  close (saved_stderr);
  close (slave);
  g_thread_join (thread);
  close (d.master);

  /* One redraw per percentage (0..98, then 100), plus at most ten a second for the message
   * while a percentage lasts: far fewer than one per item. */
  g_test_message ("%u redraws, %" G_GSIZE_FORMAT " bytes", count_char (d.seen, '\r'), d.seen->len);
  g_assert_cmpuint (count_char (d.seen, '\r'), >=, 100);
  g_assert_cmpuint (count_char (d.seen, '\r'), <=, 200);
  g_assert_nonnull (strstr (d.seen->str, "100% Export finished"));
  g_assert_nonnull (strstr (d.seen->str, " 50% Exporting item"));
  g_string_free (d.seen, TRUE);
}

/* Elsewhere (a pipe, a file, CI's log) the progress is a plain line per tenth, whatever the
 * number of calls; the terminal check is made once, by the initialiser. */
static void
test_plain_lines (void)
{
  int saved_stderr = dup (STDERR_FILENO);
  FILE *log = tmpfile ();
  LwCliProgress bar;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  long size;

  g_assert_nonnull (log);
  fflush (stderr);
  g_assert_cmpint (dup2 (fileno (log), STDERR_FILENO), ==, STDERR_FILENO);
  lw_cli_progress_init (&bar);
  g_assert_false (bar.terminal);
  for (guint i = 0; i < 5000; i++)
    lw_cli_progress (i / 5000.0, "Exporting", &bar);
  lw_cli_progress (1.0, "Export finished", &bar);
  fflush (stderr);
  dup2 (saved_stderr, STDERR_FILENO);
  close (saved_stderr);

  size = ftell (log);
  g_assert_cmpint (size, >, 0);
  text = g_malloc0 (size + 1);
  rewind (log);
  g_assert_cmpuint (fread (text, 1, size, log), ==, (gsize) size);
  fclose (log);
  g_assert_null (strchr (text, '\r'));
  lines = g_strsplit (text, "\n", -1);
  /* 0%, 10%, ... 90%, then 100%, and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 12);
  g_assert_cmpstr (lines[0], ==, "progress: 0% Exporting");
  g_assert_cmpstr (lines[5], ==, "progress: 50% Exporting");
  g_assert_cmpstr (lines[10], ==, "progress: 100% Export finished");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/progress/terminal-redraws", test_terminal_redraws);
  g_test_add_func ("/cli/progress/plain-lines", test_plain_lines);
  return g_test_run ();
}
