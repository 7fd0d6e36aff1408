#define G_LOG_DOMAIN "lw-cli"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "lw-cli.h"

/* "alice, bob,carol" -> { "alice", "bob", "carol" }; empty names are kept (the core refuses
 * them with a message that counts them). */
static char **
split_names (const char *list)
{
  char **names = g_strsplit (list, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    g_strstrip (names[i]);
  return names;
}

/* ---- assign -------------------------------------------------------------------------- */

static void
assign_json (const LwAssignReport *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  lw_cli_json_int (b, "items", r->items);
  lw_cli_json_int (b, "assigned_now", r->added_items);
  lw_cli_json_int (b, "overlap_items", r->overlap_items);
  lw_cli_json_int (b, "overlap", r->overlap);
  json_builder_set_member_name (b, "share");
  json_builder_add_double_value (b, r->share);
  lw_cli_json_int (b, "seed", (gint64) r->seed);
  json_builder_set_member_name (b, "annotators");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->annotators->len; i++)
    {
      const LwAssignCount *c = g_ptr_array_index (r->annotators, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, c->annotator);
      lw_cli_json_int (b, "assigned", c->assigned);
      lw_cli_json_int (b, "assigned_now", c->added);
      lw_cli_json_int (b, "overlap", c->overlap);
      lw_cli_json_int (b, "queue", c->queue);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  lw_cli_print_json (b);
}

static void
assign_text (const LwAssignReport *r)
{
  int width = 9;

  printf ("Items: %" G_GINT64_FORMAT " (assigned now: %" G_GINT64_FORMAT ")\n", r->items, r->added_items);
  if (r->overlap > 1)
    printf ("Overlap: %" G_GINT64_FORMAT " items with %u annotators each (%g%% asked)\n",
            r->overlap_items, r->overlap, r->share);
  else
    printf ("Overlap: none (one annotator per item)\n");
  for (guint i = 0; i < r->annotators->len; i++)
    width = MAX (width, (int) g_utf8_strlen (((LwAssignCount *) g_ptr_array_index (r->annotators, i))->annotator, -1));
  printf ("%-*s  %8s  %8s  %8s  %8s\n", width, "Annotator", "assigned", "now", "overlap", "queue");
  for (guint i = 0; i < r->annotators->len; i++)
    {
      const LwAssignCount *c = g_ptr_array_index (r->annotators, i);
      int pad = width - (int) g_utf8_strlen (c->annotator, -1);

      printf ("%s%*s  %8" G_GINT64_FORMAT "  %8" G_GINT64_FORMAT "  %8" G_GINT64_FORMAT "  %8" G_GINT64_FORMAT "\n",
              c->annotator, MAX (pad, 0), "", c->assigned, c->added, c->overlap, c->queue);
    }
}

int
lw_cli_cmd_assign (int argc, char **argv)
{
  gboolean json = FALSE, add = FALSE;
  g_autofree char *annotators = NULL;
  int overlap = 1;
  double share = -1;
  gint64 seed = 0;
  g_auto(GStrv) names = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwAssignReport) report = NULL;
  LwAssignOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "annotators", 0, 0, G_OPTION_ARG_STRING, &annotators, "The annotators taking part, separated by commas", "A,B,…" },
    { "overlap", 0, 0, G_OPTION_ARG_INT, &overlap, "Annotators per overlap item (default 1: no overlap)", "N" },
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share, "Percentage of the items labelled by N annotators", "PCT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the item order (default 0)", "S" },
    { "add-annotators", 0, 0, G_OPTION_ARG_NONE, &add, "Register annotators the project does not know yet", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };
  int status = LW_CLI_OK;

  g_set_prgname ("assign");
  g_option_context_set_summary (context, "Assign the items without an annotator: each to one "
                                         "annotator, and a share of them (the overlap) to N. The same "
                                         "items, annotators, N, share and seed give the same queues; "
                                         "running it again assigns only items imported since.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (annotators == NULL)
    return lw_cli_usage (context, "--annotators is required");
  if (overlap < 1)
    return lw_cli_usage (context, "--overlap must be 1 or more, got %d", overlap);
  if (overlap > 1 && share < 0)
    return lw_cli_usage (context, "--overlap %d needs --share PCT: the percentage of the items "
                         "that get %d annotators", overlap, overlap);
  if (overlap == 1 && share >= 0)
    return lw_cli_usage (context, "--share needs --overlap N with N of 2 or more");
  if (seed < 0)
    return lw_cli_usage (context, "--seed must be 0 or more, got %" G_GINT64_FORMAT, seed);
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);

  project = lw_cli_open_writable (argv[1], &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  names = split_names (annotators);
  options.annotators = (const char *const *) names;
  options.overlap = (guint) overlap;
  options.share = share < 0 ? 0 : share;
  options.seed = (guint64) seed;
  options.add_annotators = add;
  report = lw_project_assign (project, &options, &error);
  if (report == NULL)
    return lw_cli_fail ("%s", error->message);
  if (json)
    assign_json (report);
  else
    assign_text (report);
  return LW_CLI_OK;
}

/* ---- queue --------------------------------------------------------------------------- */

int
lw_cli_cmd_queue (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *annotator = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const GOptionEntry entries[] = {
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, "Whose queue", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };
  int status = LW_CLI_OK;
  gint64 id, total, after = 0;

  g_set_prgname ("queue");
  g_option_context_set_summary (context, "List an annotator's queue: the items assigned to them "
                                         "that they have not marked done, and the items of theirs a "
                                         "reviewer rejected, with the reviewer's comment.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (annotator == NULL || *annotator == '\0')
    return lw_cli_usage (context, "--annotator is required");
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);
  /* Read-only: looking at a project never changes it. */
  project = lw_project_open (argv[1], LW_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  id = lw_project_find_annotator (project, annotator);
  if (id == 0)
    return lw_cli_fail ("%s: unknown annotator “%s”", lw_project_get_path (project), annotator);
  total = lw_project_count_queue (project, id, &error);
  if (total < 0)
    return lw_cli_fail ("%s", error->message);

  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "annotator");
      json_builder_add_string_value (b, annotator);
      lw_cli_json_int (b, "items", total);
      json_builder_set_member_name (b, "queue");
      json_builder_begin_array (b);
    }
  else
    printf ("%" G_GINT64_FORMAT " item%s in the queue of %s\n", total, total == 1 ? "" : "s", annotator);

  for (;;)
    {
      g_autoptr(GPtrArray) page = lw_project_list_queue (project, id, after, 500, &error);

      if (page == NULL)
        return lw_cli_fail ("%s", error->message);
      if (page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        {
          const LwQueueEntry *e = g_ptr_array_index (page, i);

          after = e->item->id;
          if (json)
            {
              json_builder_begin_object (b);
              lw_cli_json_int (b, "id", e->item->id);
              json_builder_set_member_name (b, "name");
              json_builder_add_string_value (b, e->item->name);
              json_builder_set_member_name (b, "status");
              json_builder_add_string_value (b, lw_item_status_to_string (e->item->status));
              lw_cli_json_string_or_null (b, "comment", e->comment);
              json_builder_end_object (b);
            }
          else if (e->comment)
            printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", e->item->id, e->item->name,
                    lw_item_status_to_string (e->item->status), e->comment);
          else
            printf ("%" G_GINT64_FORMAT "\t%s\t%s\n", e->item->id, e->item->name,
                    lw_item_status_to_string (e->item->status));
        }
    }
  if (json)
    {
      json_builder_end_array (b);
      json_builder_end_object (b);
      lw_cli_print_json (b);
    }
  return LW_CLI_OK;
}
