#define G_LOG_DOMAIN "lw-cli"

#include <signal.h>
#include <stdio.h>

#include "lw-cli.h"

/* Ctrl-C cancels the export so that its temporary file is removed; a second one kills.
 * The handler only sets a flag (g_cancellable_cancel is not async-signal-safe); the
 * progress callback, called for every item, turns it into a cancellation. */
static volatile sig_atomic_t interrupted;

static void
on_interrupt (int sig)
{
  if (!interrupted)
    {
      interrupted = 1;
      return;
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

typedef struct {
  GCancellable  *cancellable;
  gboolean       quiet;
  LwCliProgress  bar;
} ProgressData;

static void
export_progress (double fraction, const char *message, gpointer user_data)
{
  ProgressData *data = user_data;

  if (interrupted)
    g_cancellable_cancel (data->cancellable);
  if (!data->quiet)
    lw_cli_progress (fraction, message, &data->bar);
}

int
lw_cli_cmd_export (int argc, char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *split = NULL;
  g_autofree char *status = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *classes = NULL;
  gint64 seed = 0;
  gboolean no_media = FALSE, skip_missing = FALSE, quiet = FALSE;
  gboolean strip_metadata = FALSE, anonymize_names = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format",
      "coco|yolo|voc|labelme|jsonl|csv|native|bio" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Output: .zip, .tar, .tar.gz, .tar.xz, .tar.zst, or a folder", "OUTPUT" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split, "Assign items without a split",
      "train=0.8,val=0.1,test=0.1" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the split assignment (default 0)", "N" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "Only items with these statuses", "done,accepted" },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, "Only this annotator's layer", "NAME" },
    { "class", 0, 0, G_OPTION_ARG_STRING, &classes, "Only these classes (others are left out)",
      "NAME[,NAME...]" },
    { "no-media", 0, 0, G_OPTION_ARG_NONE, &no_media, "Write annotations only, no media files", NULL },
    { "skip-missing", 0, 0, G_OPTION_ARG_NONE, &skip_missing,
      "Leave out items whose media file is missing instead of failing", NULL },
    { "strip-metadata", 0, 0, G_OPTION_ARG_NONE, &strip_metadata,
      "Write images without EXIF, GPS, XMP, IPTC or comments (JPEG, PNG; lossless)", NULL },
    { "anonymize-names", 0, 0, G_OPTION_ARG_NONE, &anonymize_names,
      "Name files by their content hash (sha256) instead of their original names", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress output", NULL },
    { NULL }
  };
  LwExportOptions opts;
  ProgressData progress_data;
  int rc;
  gboolean ok;

  g_set_prgname ("export");
  g_option_context_set_summary (context, "Export a project's items and annotations as a dataset.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &rc))
    return rc;
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);
  if (format == NULL)
    return lw_cli_usage (context, "give --format");
  if (output == NULL || *output == '\0')
    return lw_cli_usage (context, "give -o OUTPUT");

  lw_export_options_init (&opts);
  if (!lw_export_format_from_string (format, &opts.format))
    return lw_cli_usage (context, "unknown format “%s” (expected coco, yolo, voc, labelme, jsonl, "
                                  "csv, native or bio)", format);
  if (split != NULL && !lw_export_parse_splits (&opts, split, &error))
    return lw_cli_usage (context, "%s", error->message);
  if (status != NULL && !lw_export_parse_statuses (status, &opts.status_mask, &error))
    {
      lw_export_options_clear (&opts);
      return lw_cli_usage (context, "%s", error->message);
    }
  if (classes != NULL)
    {
      opts.classes = g_strsplit (classes, ",", -1);
      for (guint i = 0; opts.classes[i] != NULL; i++)
        if (*g_strstrip (opts.classes[i]) == '\0')
          {
            lw_export_options_clear (&opts);
            return lw_cli_usage (context, "--class: an empty class name in “%s”", classes);
          }
    }
  opts.seed = (guint64) seed;
  opts.no_media = no_media;
  opts.skip_missing = skip_missing;
  opts.strip_metadata = strip_metadata;
  opts.anonymize_names = anonymize_names;
  opts.skipped = skipped;

  project = lw_project_open (argv[1], LW_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    {
      lw_export_options_clear (&opts);
      return lw_cli_fail ("%s", error->message);
    }
  if (annotator != NULL)
    {
      g_autoptr(GPtrArray) names = lw_project_list_annotators (project, &error);
      for (guint i = 0; names != NULL && i < names->len; i++)
        if (g_strcmp0 (names->pdata[i], annotator) == 0)
          opts.annotator_id = lw_project_ensure_annotator (project, annotator, NULL);
      if (opts.annotator_id <= 0)
        {
          lw_export_options_clear (&opts);
          return lw_cli_fail ("%s: no annotator “%s”", argv[1], annotator);
        }
    }

  progress_data.cancellable = cancellable;
  progress_data.quiet = quiet;
  lw_cli_progress_init (&progress_data.bar);
  signal (SIGINT, on_interrupt);
  ok = lw_export_run (project, &opts, output, export_progress, &progress_data, cancellable, &error);
  signal (SIGINT, SIG_DFL);
  lw_export_options_clear (&opts);
  if (!ok)
    return lw_cli_fail ("%s", error->message);
  if (skipped->len > 0)
    {
      fprintf (stderr, "labelwright-cli: warning: left out %u item(s) whose media is missing:",
               skipped->len);
      for (guint i = 0; i < skipped->len && i < 20; i++)
        fprintf (stderr, " %s", (const char *) skipped->pdata[i]);
      fprintf (stderr, skipped->len > 20 ? " …\n" : "\n");
    }
  return LW_CLI_OK;
}
