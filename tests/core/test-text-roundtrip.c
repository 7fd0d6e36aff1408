/* test-text-roundtrip.c: texts with CJK, astral emoji and combining marks survive
 * export -> import -> export through JSONL and CSV byte for byte, spans at the same code points */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lw-test-util.h"

/* Essay 1: CJK, an astral emoji, a base with a combining acute, CSV's specials (comma, quote,
 * line break) and an emoji ZWJ sequence (three code points shown as one). */
#define ESSAY_1 "我们\U0001F600学习 cafe\u0301, \"quoted\"\n第二行 \U0001F469\u200D\U0001F4BB done"
/* Essay 2: Greek, a base with two combining marks, and a carriage return. */
#define ESSAY_2 "Ελληνικά ñ e\u0301\u0302 x\r\nend"

typedef struct { const char *text; const char *phrase; const char *klass; } SpanCase;

static const SpanCase spans[] = {
  { ESSAY_1, "我们\U0001F600", "grammar" },              /* [0, 3) */
  { ESSAY_1, "\U0001F600学习", "logic and coherence" },  /* [2, 5): overlaps the first */
  { ESSAY_1, "cafe\u0301", "spelling" },                 /* [6, 11) */
  { ESSAY_1, "\U0001F469\u200D\U0001F4BB", "praise" },   /* the ZWJ sequence, 3 code points */
  { ESSAY_2, "e\u0301\u0302", "spelling" },
  { ESSAY_2, "Ελληνικά", "word choice" },
};

static gint64
code_point_offset (const char *text, const char *phrase)
{
  const char *at = strstr (text, phrase);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

static LwProject *
essays_project (const char *dir, const char *name, gint64 *ids)
{
  LwProject *project = lw_test_project_new (dir, name, "education");

  ids[0] = lw_test_add_text (project, "essay-1", ESSAY_1);
  ids[1] = lw_test_add_text (project, "essay,2", ESSAY_2);
  return project;
}

static void
add (LwProject *project, gint64 item_id, const char *klass, LwAnnotationKind kind,
     const double *values, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, lw_test_class_id (project, klass), kind);

  if (n > 0)
    lw_annotation_set_geometry (ann, values, n);
  g_assert_true (lw_project_add_annotation (project, ann, &error));
  g_assert_no_error (error);
}

static void
label (LwProject *project, const gint64 *ids)
{
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      const char *text = spans[i].text;
      double v[2];

      v[0] = (double) code_point_offset (text, spans[i].phrase);
      v[1] = v[0] + g_utf8_strlen (spans[i].phrase, -1);
      add (project, g_str_equal (text, ESSAY_1) ? ids[0] : ids[1], spans[i].klass,
           LW_ANNOTATION_SPAN, v, 2);
    }
  add (project, ids[0], "score 4", LW_ANNOTATION_TAG, NULL, 0);
  add (project, ids[0], "vocabulary", LW_ANNOTATION_TAG, NULL, 0);
  add (project, ids[1], "score 2", LW_ANNOTATION_TAG, NULL, 0);
}

static void
export_to (LwProject *project, LwExportFormat format, const char *out)
{
  g_autoptr(GError) error = NULL;
  LwExportOptions opts;

  lw_export_options_init (&opts);
  opts.format = format;
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);
}

static void
import_from (LwProject *project, LwImportFormat format, const char *source)
{
  g_autoptr(GError) error = NULL;
  const char *sources[] = { source, NULL };
  LwImportOptions opts = { 0 };
  LwImportReport report = { 0 };

  opts.format = format;
  g_assert_true (lw_import_run (project, sources, &opts, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.items_added, ==, 2);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  return data;
}

/* The item's text and its annotations ("class kind start end" in id order). */
static char *
describe (LwProject *project, const char *ext_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id = lw_project_find_item_by_ext_id (project, ext_id);
  g_autoptr(LwItem) item = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  GString *out = g_string_new (NULL);

  if (id <= 0)
    id = lw_project_find_item_by_name (project, ext_id);
  g_assert_cmpint (id, >, 0);
  item = lw_project_get_item (project, id, &error);
  g_assert_no_error (error);
  anns = lw_project_list_annotations (project, id, 0, &error);
  g_assert_no_error (error);
  g_string_append_printf (out, "%s\n", item->text);
  for (guint i = 0; i < anns->len; i++)
    {
      const LwAnnotation *ann = anns->pdata[i];
      g_autoptr(LwLabelClass) klass = lw_project_get_class (project, ann->class_id, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "%s %s", klass->name, lw_annotation_kind_to_string (ann->kind));
      for (guint k = 0; k < lw_annotation_n_values (ann); k++)
        g_string_append_printf (out, " %g", lw_annotation_value (ann, k));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* JSONL: spans and document classes; the offsets written are code points (hand-checked for
 * the essay's spans), and a second export of the imported project is the same file. */
static void
test_jsonl (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autofree char *back_dir = g_build_filename (dir, "back", NULL);
  g_autofree char *out1 = g_build_filename (dir, "first", NULL);
  g_autofree char *out2 = g_build_filename (dir, "second", NULL);
  g_autofree char *file1 = g_build_filename (out1, "default.jsonl", NULL);
  g_autofree char *file2 = g_build_filename (out2, "default.jsonl", NULL);
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *before1 = NULL, *after1 = NULL, *before2 = NULL, *after2 = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwProject) back = NULL;
  gint64 ids[2];

  project = essays_project (dir, "essays", ids);
  label (project, ids);
  export_to (project, LW_EXPORT_JSONL, out1);
  first = read_text (file1);
  /* By hand: 我们😀 is [0,3), 😀学习 [2,5), café [6,11) (e + U+0301 are two code points); the
   * ZWJ sequence starts after "第二行 " on the second line at 26 and is 3 code points. */
  g_assert_nonnull (strstr (first, "\"label\":[[0,3,\"grammar\"],[2,5,\"logic and coherence\"],"
                                   "[6,11,\"spelling\"],[26,29,\"praise\"]]"));
  g_assert_nonnull (strstr (first, "\"cats\":[\"score 4\",\"vocabulary\"]"));
  g_assert_nonnull (strstr (first, "\"label\":[[11,14,\"spelling\"],[0,8,\"word choice\"]],\"cats\":[\"score 2\"]"));

  g_mkdir (back_dir, 0755);
  back = lw_test_project_new (back_dir, "essays", "education");
  import_from (back, LW_IMPORT_FORMAT_JSONL, out1);
  before1 = describe (project, "essay-1");
  after1 = describe (back, "essay-1");
  g_assert_cmpstr (after1, ==, before1);
  before2 = describe (project, "essay,2");
  after2 = describe (back, "essay,2");
  g_assert_cmpstr (after2, ==, before2);

  export_to (back, LW_EXPORT_JSONL, out2);
  second = read_text (file2);
  g_assert_cmpstr (second, ==, first);

  lw_project_close (project);
  lw_project_close (back);
  lw_test_tmpdir_free (dir);
}

/* CSV: texts and their tags (CSV carries no spans); quoting of commas, quotes and line
 * breaks inside texts and ids; a second export is the same file. */
static void
test_csv (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autofree char *back_dir = g_build_filename (dir, "back", NULL);
  g_autofree char *out1 = g_build_filename (dir, "first", NULL);
  g_autofree char *out2 = g_build_filename (dir, "second", NULL);
  g_autofree char *file1 = g_build_filename (out1, "default.csv", NULL);
  g_autofree char *file2 = g_build_filename (out2, "default.csv", NULL);
  g_autofree char *first = NULL, *second = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwProject) back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[2];

  project = essays_project (dir, "essays", ids);
  label (project, ids);
  export_to (project, LW_EXPORT_CSV, out1);
  first = read_text (file1);
  g_assert_cmpstr (first, ==,
                   "id,split,tags,text\r\n"
                   "essay-1,default,score 4;vocabulary,\"" "我们\U0001F600学习 cafe\u0301, \"\"quoted\"\"\n"
                   "第二行 \U0001F469\u200D\U0001F4BB done\"\r\n"
                   "\"essay,2\",default,score 2,\"" ESSAY_2 "\"\r\n");

  g_mkdir (back_dir, 0755);
  back = lw_test_project_new (back_dir, "essays", "education");
  import_from (back, LW_IMPORT_FORMAT_CSV, out1);
  for (guint i = 0; i < 2; i++)
    {
      const char *ext_id = i == 0 ? "essay-1" : "essay,2";
      g_autoptr(LwItem) item = lw_project_get_item (back, lw_project_find_item_by_ext_id (back, ext_id), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (item->text, ==, i == 0 ? ESSAY_1 : ESSAY_2);
    }
  export_to (back, LW_EXPORT_CSV, out2);
  second = read_text (file2);
  g_assert_cmpstr (second, ==, first);

  lw_project_close (project);
  lw_project_close (back);
  lw_test_tmpdir_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-roundtrip/jsonl", test_jsonl);
  g_test_add_func ("/text-roundtrip/csv", test_csv);
  return g_test_run ();
}
