#define G_LOG_DOMAIN "lw-cli"

#include <stdio.h>

#include "lw-cli.h"

int
lw_cli_cmd_import (int argc, char **argv)
{
  g_autofree char *format_str = NULL;
  g_autofree char *annotator = NULL;
  gboolean add_classes = FALSE, predictions = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj SOURCE…");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str, "Source format (default: auto)",
      "auto|images|text|coco|yolo|voc|labelme|jsonl|csv" },
    { "add-classes", 0, 0, G_OPTION_ARG_NONE, &add_classes, "Add classes the project does not have", NULL },
    { "predictions", 0, 0, G_OPTION_ARG_NONE, &predictions, "The annotations are model predictions (with scores)", NULL },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator, "Layer the annotations belong to (default: your user name)", "NAME" },
    { NULL }
  };
  LwImportOptions opts = { 0 };
  LwImportReport report = { 0 };
  LwCliProgress progress;
  int status;

  g_set_prgname ("import");
  g_option_context_set_summary (context, "Import folders, files or archives of images, texts, annotations "
                                         "or predictions. The whole import is one transaction: on any "
                                         "error the project is left unchanged.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return lw_cli_usage (context, "expected a PROJECT file and at least one SOURCE");
  if (format_str && !lw_import_format_from_string (format_str, &opts.format))
    return lw_cli_usage (context, "unknown format “%s”", format_str);
  opts.add_classes = add_classes;
  opts.predictions = predictions;
  opts.annotator = annotator;

  project = lw_cli_open_writable (argv[1], &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  lw_cli_progress_init (&progress);
  if (!lw_import_run (project, (const char *const *) argv + 2, &opts, &report,
                      lw_cli_progress, &progress, NULL, &error))
    return lw_cli_fail ("%s", error->message);
  printf ("Imported into %s: %" G_GUINT64_FORMAT " items added, %" G_GUINT64_FORMAT
          " already present, %" G_GUINT64_FORMAT " annotations (%" G_GUINT64_FORMAT
          " already present), %" G_GUINT64_FORMAT
          " classes added, %" G_GUINT64_FORMAT " clamped, %" G_GUINT64_FORMAT " warnings\n",
          argv[1], report.items_added, report.duplicates, report.annotations_added,
          report.annotations_present,
          report.classes_added, report.clamped, report.warnings);
  return LW_CLI_OK;
}
