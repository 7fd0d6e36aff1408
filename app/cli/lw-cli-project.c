#define G_LOG_DOMAIN "lw-cli"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "lw-cli.h"

static gboolean
add_classes (LwProject *project, GPtrArray *classes, GError **error)
{
  if (!lw_project_begin (project, error))
    return FALSE;
  for (guint i = 0; i < classes->len; i++)
    if (!lw_project_add_class (project, classes->pdata[i], error))
      {
        lw_project_rollback (project);
        return FALSE;
      }
  return lw_project_commit (project, error);
}

int
lw_cli_cmd_new (int argc, char **argv)
{
  g_autofree char *domain = NULL;
  g_autofree char *name = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autofree char *joined = g_strjoinv ("|", (char **) lw_schema_list_domains ());
  const GOptionEntry entries[] = {
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain, "Domain template", joined },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Project name (default: the file name)", "NAME" },
    { "schema", 's', 0, G_OPTION_ARG_FILENAME, &schema, "Label schema JSON file", "FILE.json" },
    { NULL }
  };
  int status;
  g_autofree char *schema_domain = NULL;

  g_set_prgname ("new");
  g_option_context_set_summary (context, "Create a project. Without --schema the domain's template "
                                         "gives the classes.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);
  if (domain == NULL && schema == NULL)
    return lw_cli_usage (context, "give --domain or --schema");
  if (domain != NULL && !g_strv_contains (lw_schema_list_domains (), domain))
    return lw_cli_usage (context, "unknown domain “%s” (expected %s)", domain, joined);

  if (schema != NULL)
    {
      g_autofree char *data = NULL;
      gsize len;
      if (!g_file_get_contents (schema, &data, &len, &error))
        return lw_cli_fail ("%s", error->message);
      classes = lw_schema_parse (data, len, schema, &schema_domain, &error);
      /* --domain wins over the domain the schema file names. */
      if (domain == NULL)
        domain = schema_domain ? g_steal_pointer (&schema_domain) : g_strdup ("custom");
    }
  else
    classes = lw_schema_load_domain (domain, &error);
  if (classes == NULL)
    return lw_cli_fail ("%s", error->message);

  project = lw_project_create (argv[1], name, domain, &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  if (!add_classes (project, classes, &error))
    {
      g_autofree char *path = g_strdup (lw_project_get_path (project));
      lw_project_close (project);
      g_unlink (path);
      return lw_cli_fail ("%s: %s", argv[1], error->message);
    }
  printf ("Created %s (%s, %u classes)\n", argv[1], domain, classes->len);
  return LW_CLI_OK;
}

static void
add_counts (JsonBuilder *b, const char *member, const gint64 *counts, int n,
            const char *(*name) (int))
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (int i = 0; i < n; i++)
    {
      json_builder_set_member_name (b, name (i));
      json_builder_add_int_value (b, counts[i]);
    }
  json_builder_end_object (b);
}

static const char *status_name (int i) { return lw_item_status_to_string (i); }
static const char *kind_name (int i) { return lw_annotation_kind_to_string (i); }

static void
add_class_json (JsonBuilder *b, const LwLabelClass *klass)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, klass->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, klass->name);
  json_builder_set_member_name (b, "color");
  json_builder_add_string_value (b, klass->color);
  json_builder_set_member_name (b, "kinds");
  json_builder_begin_array (b);
  for (int k = 0; k < LW_ANNOTATION_N_KINDS; k++)
    if (lw_label_class_allows (klass, k))
      json_builder_add_string_value (b, lw_annotation_kind_to_string (k));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "hotkey");
  if (klass->hotkey)
    json_builder_add_string_value (b, klass->hotkey);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "group");
  if (klass->group)
    json_builder_add_string_value (b, klass->group);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_array (b);
  for (guint i = 0; klass->attributes && i < klass->attributes->len; i++)
    {
      const LwAttributeDef *def = klass->attributes->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, def->name);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, lw_attribute_type_to_string (def->type));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

int
lw_cli_cmd_info (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) annotators = NULL;
  g_autofree char *name = NULL;
  g_autofree char *domain = NULL;
  gint64 by_status[LW_ITEM_N_STATUSES], by_kind[LW_ANNOTATION_N_KINDS], items, annotations;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };
  int status;

  g_set_prgname ("info");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);

  /* Read-only: looking at a project never changes it. */
  project = lw_project_open (argv[1], LW_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  classes = lw_project_list_classes (project, &error);
  annotators = classes ? lw_project_list_annotators (project, &error) : NULL;
  items = annotators ? lw_project_count_by_status (project, by_status, &error) : -1;
  annotations = items >= 0 ? lw_project_count_annotations_by_kind (project, by_kind, &error) : -1;
  if (annotations < 0)
    return lw_cli_fail ("%s", error->message);
  name = lw_project_dup_name (project);
  domain = lw_project_dup_domain (project);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "domain");
      json_builder_add_string_value (b, domain);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, lw_project_get_path (project));
      json_builder_set_member_name (b, "format_version");
      json_builder_add_int_value (b, lw_project_get_format_version (project));
      json_builder_set_member_name (b, "items");
      json_builder_add_int_value (b, items);
      json_builder_set_member_name (b, "annotations");
      json_builder_add_int_value (b, annotations);
      add_counts (b, "annotations_by_kind", by_kind, LW_ANNOTATION_N_KINDS, kind_name);
      add_counts (b, "items_by_status", by_status, LW_ITEM_N_STATUSES, status_name);
      json_builder_set_member_name (b, "annotators");
      json_builder_begin_array (b);
      for (guint i = 0; i < annotators->len; i++)
        json_builder_add_string_value (b, annotators->pdata[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "classes");
      json_builder_begin_array (b);
      for (guint i = 0; i < classes->len; i++)
        add_class_json (b, classes->pdata[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      lw_cli_print_json (b);
      return LW_CLI_OK;
    }

  printf ("Project:     %s\nDomain:      %s\nFile:        %s\n", name, domain, lw_project_get_path (project));
  if (lw_project_needs_upgrade (project))
    printf ("Format:      %d (older: opening it for editing upgrades it to %d)\n",
            lw_project_get_format_version (project), LW_PROJECT_FORMAT_VERSION);
  printf ("Items:       %" G_GINT64_FORMAT, items);
  for (int s = 0; s < LW_ITEM_N_STATUSES; s++)
    printf ("%s%s %" G_GINT64_FORMAT, s == 0 ? " (" : ", ", lw_item_status_to_string (s), by_status[s]);
  printf (")\nAnnotations: %" G_GINT64_FORMAT "\n", annotations);
  printf ("Classes:     %u\n", classes->len);
  for (guint i = 0; i < classes->len; i++)
    {
      LwLabelClass *klass = classes->pdata[i];
      g_autofree char *kinds = lw_label_class_dup_kinds_string (klass);
      printf ("  [%s] %-22s %s\n", klass->hotkey ? klass->hotkey : " ", klass->name, kinds);
    }
  return LW_CLI_OK;
}

int
lw_cli_cmd_check (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("PROJECT.lwproj");
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_set_prgname ("check");
  if (!lw_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return lw_cli_usage (context, "expected one PROJECT file, got %d", argc - 1);
  project = lw_project_open (argv[1], LW_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return lw_cli_fail ("%s", error->message);
  if (!lw_project_check (project, problems, &error))
    {
      if (error != NULL)
        return lw_cli_fail ("%s", error->message);
      for (guint i = 0; i < problems->len; i++)
        fprintf (stderr, "%s: %s\n", argv[1], (char *) problems->pdata[i]);
      return lw_cli_fail ("%s: %u problems found", argv[1], problems->len);
    }
  printf ("%s: ok\n", argv[1]);
  return LW_CLI_OK;
}
