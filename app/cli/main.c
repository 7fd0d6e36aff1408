#define G_LOG_DOMAIN "lw-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "lw-cli.h"

static const struct {
  const char   *name;
  LwCliCommand  run;
  const char   *summary;
} commands[] = {
  { "new",   lw_cli_cmd_new,   "Create a project from a domain template or a schema file" },
  { "info",  lw_cli_cmd_info,  "Show a project's name, domain, classes and counts" },
  { "check", lw_cli_cmd_check, "Check a project's integrity" },
  /* import: */
  { "import", lw_cli_cmd_import, "Import media, texts, annotations or predictions" },
  /* export: */
  { "export", lw_cli_cmd_export, "Export a dataset (COCO, YOLO, VOC, labelme, JSONL, CSV, native)" },
  /* quality: */
  { "stats",     lw_cli_cmd_stats,     "Show progress, class distribution and box sizes" },
  { "agreement", lw_cli_cmd_agreement, "Measure inter-annotator agreement" },
  { "consensus", lw_cli_cmd_consensus, "Merge annotator layers into a consensus layer" },
  /* assignment: */
  { "assign",    lw_cli_cmd_assign,    "Assign items to annotators, with an overlap share" },
  { "queue",     lw_cli_cmd_queue,     "List an annotator's queue" },
};

static void
print_help (FILE *out)
{
  fprintf (out, "Usage: labelwright-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “labelwright-cli COMMAND --help” for a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("labelwright-cli");

  if (argc < 2)
    {
      print_help (stderr);
      return LW_CLI_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return LW_CLI_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("labelwright-cli %s\n", VERSION);
      return LW_CLI_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "labelwright-cli: error: unknown command “%s”\n", argv[1]);
  print_help (stderr);
  return LW_CLI_USAGE;
}
