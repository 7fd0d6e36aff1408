/* test-bio.c: the CoNLL BIO writer on hand-checked texts (CJK, emoji, combining marks,
 * overlapping and adjacent spans) */
#include <string.h>

#include "lw-test-util.h"

static void
add_span (LwProject *project, gint64 item_id, const char *klass, double start, double end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, lw_test_class_id (project, klass),
                                                   LW_ANNOTATION_SPAN);
  const double values[] = { start, end };

  lw_annotation_set_geometry (ann, values, 2);
  g_assert_true (lw_project_add_annotation (project, ann, &error));
  g_assert_no_error (error);
}

static char *
export_bio (LwProject *project, const char *dir, const char *split_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (dir, "out/", NULL);
  g_autofree char *file = g_build_filename (dir, "out", split_file, NULL);
  char *contents = NULL;
  LwExportOptions opts;

  lw_export_options_init (&opts);
  g_assert_true (lw_export_format_from_string ("bio", &opts.format));
  g_assert_cmpint (opts.format, ==, LW_EXPORT_BIO);
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);
  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_hand_checked (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "essays", "education");
  g_autofree char *conll = NULL;
  gint64 english, chinese, combining, adjacent;

  /* "grate." is one token (punctuation is not split); the span "grate" tags it. */
  english = lw_test_add_text (project, "en", "Ths essay is grate.");
  add_span (project, english, "spelling", 0, 3);
  add_span (project, english, "word choice", 13, 18);
  /* Every Han character is a token; the emoji (one code point, four bytes) is a run. */
  chinese = lw_test_add_text (project, "zh", "我喜欢📚很多");
  add_span (project, chinese, "grammar", 1, 3);
  add_span (project, chinese, "praise", 3, 4);
  /* "e" + U+0301 is two code points in one token; overlapping spans: the first one wins. */
  combining = lw_test_add_text (project, "fr", "cafe\xcc\x81 ok");
  add_span (project, combining, "logic and coherence", 0, 8);
  add_span (project, combining, "punctuation", 6, 8);
  /* Two spans of one class side by side: each starts with B. Tabs and newlines separate. */
  adjacent = lw_test_add_text (project, "ab", "aa\tbb\n\ncc");
  add_span (project, adjacent, "spelling", 0, 2);
  add_span (project, adjacent, "spelling", 3, 5);

  conll = export_bio (project, dir, "default.conll");
  g_assert_cmpstr (conll, ==,
                   "Ths\tB-spelling\n"
                   "essay\tO\n"
                   "is\tO\n"
                   "grate.\tB-word_choice\n"
                   "\n"
                   "我\tO\n"
                   "喜\tB-grammar\n"
                   "欢\tI-grammar\n"
                   "📚\tB-praise\n"
                   "很\tO\n"
                   "多\tO\n"
                   "\n"
                   "cafe\xcc\x81\tB-logic_and_coherence\n"
                   "ok\tI-logic_and_coherence\n"
                   "\n"
                   "aa\tB-spelling\n"
                   "bb\tB-spelling\n"
                   "cc\tO\n"
                   "\n");
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* Texts without spans, an empty text, and CJK punctuation with ideographic spaces. */
static void
test_edges (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "edges", "education");
  g_autofree char *conll = NULL;
  gint64 punct;

  lw_test_add_text (project, "blank", "   ");
  punct = lw_test_add_text (project, "punct", "好。\xe3\x80\x80Yes！");
  add_span (project, punct, "punctuation", 1, 2);

  conll = export_bio (project, dir, "default.conll");
  g_assert_cmpstr (conll, ==,
                   "\n"
                   "好\tO\n"
                   "。\tB-punctuation\n"
                   "Yes\tO\n"
                   "！\tO\n"
                   "\n");
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/bio/hand-checked", test_hand_checked);
  g_test_add_func ("/export/bio/edges", test_edges);
  return g_test_run ();
}
