#define G_LOG_DOMAIN "lw-cli"

#include <stdio.h>
#include <unistd.h>

#include "lw-cli.h"

int
lw_cli_fail (const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "labelwright-cli: error: %s\n", msg);
  return LW_CLI_FAIL;
}

int
lw_cli_usage (GOptionContext *context, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "labelwright-cli: error: %s\n", msg);
  fprintf (stderr, "Try “labelwright-cli %s --help”.\n", g_get_prgname ());
  return LW_CLI_USAGE;
}

gboolean
lw_cli_parse (GOptionContext *context, int *argc, char ***argv, int *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = lw_cli_usage (context, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
lw_cli_progress_init (LwCliProgress *progress)
{
  progress->terminal = isatty (STDERR_FILENO);
  progress->last_percent = -1;
  progress->last_drawn = 0;
}

void
lw_cli_progress (double fraction, const char *message, gpointer user_data)
{
  LwCliProgress *progress = user_data;
  int percent = fraction < 0 ? -1 : (int) (fraction * 100);

  if (progress->terminal)
    {
      /* The bar is redrawn when its percentage moves, and its message at most ten times a
       * second: drawing it for every item of an export of 100,000 images wrote 7.9 MB to
       * the terminal and made the export a third slower. */
      gint64 now = g_get_monotonic_time ();
      if (percent == progress->last_percent && fraction < 1 &&
          now - progress->last_drawn < G_USEC_PER_SEC / 10)
        return;
      progress->last_drawn = now;
      int filled = percent < 0 ? 0 : percent * 30 / 100;
      fprintf (stderr, "\r[%.*s%*s] %3d%% %-40.40s", filled, "##############################",
               30 - filled, "", MAX (percent, 0), message ? message : "");
      if (fraction >= 1)
        fputc ('\n', stderr);
      fflush (stderr);
    }
  else if (percent != progress->last_percent && (percent % 10 == 0 || percent < 0))
    fprintf (stderr, "progress: %d%% %s\n", percent, message ? message : "");
  progress->last_percent = percent;
}

LwProject *
lw_cli_open_writable (const char *path, GError **error)
{
  if (lw_project_file_needs_upgrade (path))
    fprintf (stderr, "labelwright-cli: %s: upgrading the project to format %d (once; a large "
             "project takes a moment)\n", path, LW_PROJECT_FORMAT_VERSION);
  return lw_project_open (path, LW_PROJECT_OPEN_DEFAULT, error);
}

void
lw_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

void
lw_cli_json_int (JsonBuilder *builder, const char *member, gint64 value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
lw_cli_json_string_or_null (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
