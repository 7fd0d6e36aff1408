/* bench-text: opening and scrolling a large text item in the text annotator, against a plain
 * GtkTextView given the same text in the same run.
 *
 *   xvfb-run -a build/tests/bench/bench-text [KB] [SPANS] [--one-paragraph|--one-paragraph-cjk]
 *                                                      default 1024 KB, 2,000 spans
 *
 * Needs a display. Builds a project with one text of KB kilobytes (paragraphs of mixed English
 * and Chinese) carrying SPANS spans (every tenth overlapping its neighbour) and a short text,
 * then measures, as the median of ROUNDS rounds:
 *   open     set_item of the large text after the short one, until the view has drawn,
 *            against gtk_text_buffer_set_text of the same text into a plain view (ratio ≈ 1:
 *            the spans cost little next to GTK's own work);
 *   reapply  set_item of the same text again with one span more, as after an edit, until
 *            drawn, against open (ratio ≪ 1: an edit re-tags what changed, it does not reload
 *            the text); reapply_cpu is set_item alone, without waiting for the frame;
 *   scroll   a jump to the middle and 20 pages down from there, each until drawn, against
 *            the plain view.
 * With --one-paragraph (English and Chinese sentences, each ending in a space) or
 * --one-paragraph-cjk (Chinese only, no spaces: the display breaks are inserted), the text has
 * no line break, and the open is also measured against the annotator opening the same
 * sentences with a line break after every eighth (vs_paragraphed, target ≈ 1).
 * Prints one JSON line, and a second one in the one-paragraph modes.
 *
 *   GSETTINGS_SCHEMA_DIR=build/schemas xvfb-run -a build/tests/bench/bench-text --switch PROJECT...
 *
 * Switching items in the main window: for each project (bench-open --text DIR keeps a project
 * of 1,000 texts, one of N texts and one of N images), opens it in an LwWindow, then shows
 * SWITCHES items from the middle of the list on, each until the window has drawn, and prints
 * one JSON line per project with the median, and the median of lw_window_show_item alone
 * (switch_call_ms; the rest is waiting for the frame). Image items there have no file: the
 * canvas shows that, so their figure is the window's work without decoding. */
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "lw-test-util.h"
#include "lw-text-annotator.h"
#include "lw-window.h"

#define ROUNDS 5

static char *
make_text (gsize bytes, gboolean one_paragraph, gboolean cjk)
{
  GString *text = g_string_sized_new (bytes + 256);
  guint n = 0;

  while (text->len < bytes)
    {
      if (cjk)
        g_string_append_printf (text, "学生的作文第%u句，写了一些字和一个表情😀。", n);
      else
        g_string_append_printf (text, "Sentence %u of the essay has a few words in it, 学生的作文第%u句。 ", n, n);
      if (++n % 8 == 0 && !one_paragraph)
        g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static void
add_spans (LwProject *project, gint64 item_id, gint64 length, guint n_spans, gint64 grammar,
           gint64 spelling)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_project_begin (project, &error));
  for (guint i = 0; i < n_spans; i++)
    {
      g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, i % 2 ? grammar : spelling, LW_ANNOTATION_SPAN);
      double start = (double) ((length - 40) / n_spans * i);
      double v[2] = { start, start + (i % 10 == 0 ? 30 : 8) };

      lw_annotation_set_geometry (ann, v, 2);
      g_assert_true (lw_project_import_annotation (project, ann, &error));
    }
  g_assert_true (lw_project_commit (project, &error));
}

static void
draw_settled (GtkWidget *widget)
{
  gtk_test_widget_wait_for_draw (widget);
}

/* Jumps to the middle, then pages down SCROLL_STEPS times, each time until drawn: reading
 * through a text that was just opened. */
#define SCROLL_STEPS 20

static void
scroll_through_middle (GtkScrolledWindow *scroller, GtkWidget *view)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);
  double page = gtk_adjustment_get_page_size (adj);

  gtk_adjustment_set_value (adj, (gtk_adjustment_get_upper (adj) - page) / 2);
  gtk_test_widget_wait_for_draw (view);
  for (int i = 0; i < SCROLL_STEPS; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + page * 0.9);
      gtk_test_widget_wait_for_draw (view);
    }
}

static GtkScrolledWindow *
scroller_of (GtkWidget *view)
{
  return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW));
}

#define SWITCHES 41

static int
main_switch (int argc, char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("lw-bench-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);

  /* Recent projects and settings go to a private home, not the user's. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-text: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();
  for (int a = 0; a < argc; a++)
    {
      g_autoptr(GError) error = NULL;
      LwWindow *window = g_object_ref_sink (lw_window_new (NULL));
      LwProject *project;
      double t_switch[SWITCHES], t_call[SWITCHES], t_open, first;
      gint64 n;

      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      gtk_window_present (GTK_WINDOW (window));
      draw_settled (GTK_WIDGET (window));
      t_open = bench_now ();
      if (!lw_window_open_project (window, argv[a], &error))
        {
          fprintf (stderr, "bench-text: %s: %s\n", argv[a], error->message);
          return 1;
        }
      draw_settled (GTK_WIDGET (window));
      t_open = bench_now () - t_open;
      project = lw_window_get_project (window);
      n = lw_project_count_items (project, NULL, &error);
      g_assert_no_error (error);
      for (int r = 0; r < SWITCHES; r++)
        {
          gint64 id = lw_project_item_at (project, NULL, (n / 2 + r) % n, &error);
          double t;

          g_assert_no_error (error);
          t = bench_now ();
          lw_window_show_item (window, id);
          t_call[r] = bench_now () - t;
          draw_settled (GTK_WIDGET (window));
          t_switch[r] = bench_now () - t;
          g_assert_cmpint (lw_window_get_current_item (window), ==, id);
        }
      first = t_switch[0];
      printf ("{\"benchmark\": \"window-switch\", \"project\": \"%s\", \"items\": %" G_GINT64_FORMAT ", "
              "\"open_until_drawn_ms\": %.1f, \"first_switch_ms\": %.1f, \"switch_until_drawn_ms\": %.1f, "
              "\"switch_call_ms\": %.2f}\n",
              argv[a], n, t_open * 1e3, first * 1e3, bench_median (t_switch, SWITCHES) * 1e3,
              bench_median (t_call, SWITCHES) * 1e3);
      fflush (stdout);
      gtk_window_destroy (GTK_WINDOW (window));
      g_object_unref (window);
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
    }
  lw_test_tmpdir_free (g_steal_pointer (&home));
  return 0;
}

int
main (int argc, char **argv)
{
  guint kb = argc > 1 ? (guint) atoi (argv[1]) : 1024;
  guint n_spans = argc > 2 ? (guint) atoi (argv[2]) : 2000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwItem) big = NULL;
  g_autoptr(LwItem) small = NULL;
  g_autoptr(LwItem) para = NULL;
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(GPtrArray) para_anns = NULL;
  const char *mode = argc > 3 ? argv[3] : "";
  gboolean one_paragraph = g_str_has_prefix (mode, "--one-paragraph");
  gboolean cjk = g_str_equal (mode, "--one-paragraph-cjk");
  double open_para[ROUNDS];
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GHashTable) classes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          (GDestroyNotify) lw_label_class_free);
  g_autoptr(GPtrArray) class_list = NULL;
  GtkWidget *plain_window, *plain_view, *plain_scroller, *window, *annotator;
  GtkTextBuffer *plain_buffer;
  double open_plain[ROUNDS], open_ann[ROUNDS], reapply[ROUNDS], reapply_cpu[ROUNDS];
  double scroll_plain[ROUNDS], scroll_ann[ROUNDS];
  gint64 length, grammar, spelling;

  if (argc > 1 && g_str_equal (argv[1], "--switch"))
    return main_switch (argc - 2, argv + 2);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-text: no display (run it under xvfb-run)\n");
      return 1;
    }
  dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (dir, "big-text", "education");
  text = make_text ((gsize) kb * 1024, one_paragraph, cjk);
  length = g_utf8_strlen (text, -1);
  big = lw_project_get_item (project, lw_test_add_text (project, "big", text), &error);
  small = lw_project_get_item (project, lw_test_add_text (project, "small", "A short essay."), &error);
  g_assert_no_error (error);
  grammar = lw_test_class_id (project, "grammar");
  spelling = lw_test_class_id (project, "spelling");
  add_spans (project, big->id, length, n_spans, grammar, spelling);
  anns = lw_project_list_annotations (project, big->id, 0, &error);
  g_assert_no_error (error);
  if (one_paragraph)
    {
      /* The same sentences with line breaks, and the same number of spans. */
      g_autofree char *paragraphed = make_text ((gsize) kb * 1024, FALSE, cjk);

      para = lw_project_get_item (project, lw_test_add_text (project, "paragraphed", paragraphed), &error);
      g_assert_no_error (error);
      add_spans (project, para->id, g_utf8_strlen (paragraphed, -1), n_spans, grammar, spelling);
      para_anns = lw_project_list_annotations (project, para->id, 0, &error);
      g_assert_no_error (error);
    }
  class_list = lw_project_list_classes (project, &error);
  g_assert_no_error (error);
  g_ptr_array_set_free_func (class_list, NULL);
  for (guint i = 0; i < class_list->len; i++)
    g_hash_table_insert (classes, &((LwLabelClass *) class_list->pdata[i])->id, class_list->pdata[i]);

  plain_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (plain_window), 900, 700);
  plain_scroller = gtk_scrolled_window_new ();
  plain_view = gtk_text_view_new ();
  plain_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (plain_view));
  gtk_text_buffer_set_enable_undo (plain_buffer, FALSE);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (plain_view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (plain_view), GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (plain_scroller), plain_view);
  gtk_window_set_child (GTK_WINDOW (plain_window), plain_scroller);
  gtk_window_present (GTK_WINDOW (plain_window));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  annotator = lw_text_annotator_new ();
  gtk_window_set_child (GTK_WINDOW (window), annotator);
  gtk_window_present (GTK_WINDOW (window));
  draw_settled (plain_view);
  draw_settled (annotator);

  for (int r = 0; r < ROUNDS; r++)
    {
      GtkWidget *view = GTK_WIDGET (lw_text_annotator_get_view (LW_TEXT_ANNOTATOR (annotator)));
      g_autoptr(LwAnnotation) extra = lw_annotation_new (big->id, grammar, LW_ANNOTATION_SPAN);
      double v[2] = { 3, 9 };
      double t;

      gtk_text_buffer_set_text (plain_buffer, "", 0);
      draw_settled (plain_view);
      t = bench_now ();
      gtk_text_buffer_set_text (plain_buffer, text, -1);
      draw_settled (plain_view);
      open_plain[r] = bench_now () - t;

      if (para != NULL)
        {
          lw_text_annotator_set_item (LW_TEXT_ANNOTATOR (annotator), project, small, NULL, classes);
          draw_settled (view);
          t = bench_now ();
          lw_text_annotator_set_item (LW_TEXT_ANNOTATOR (annotator), project, para, para_anns, classes);
          draw_settled (view);
          open_para[r] = bench_now () - t;
        }
      lw_text_annotator_set_item (LW_TEXT_ANNOTATOR (annotator), project, small, NULL, classes);
      draw_settled (view);
      t = bench_now ();
      lw_text_annotator_set_item (LW_TEXT_ANNOTATOR (annotator), project, big, anns, classes);
      draw_settled (view);
      open_ann[r] = bench_now () - t;

      /* As after an edit: the same text, one span more. */
      lw_annotation_set_geometry (extra, v, 2);
      extra->id = G_MAXINT64 - r;
      g_clear_pointer (&more, g_ptr_array_unref);
      /* Borrowed pointers: a copy would take the free function of @anns. */
      more = g_ptr_array_new ();
      for (guint i = 0; i < anns->len; i++)
        g_ptr_array_add (more, anns->pdata[i]);
      g_ptr_array_add (more, extra);
      t = bench_now ();
      lw_text_annotator_set_item (LW_TEXT_ANNOTATOR (annotator), project, big, more, classes);
      reapply_cpu[r] = bench_now () - t;
      draw_settled (view);
      reapply[r] = bench_now () - t;

      t = bench_now ();
      scroll_through_middle (scroller_of (plain_view), plain_view);
      scroll_plain[r] = bench_now () - t;
      t = bench_now ();
      scroll_through_middle (scroller_of (view), view);
      scroll_ann[r] = bench_now () - t;
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller_of (plain_view)), 0);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller_of (view)), 0);
      g_clear_pointer (&more, g_ptr_array_unref);
    }

  {
    double op = bench_median (open_plain, ROUNDS), oa = bench_median (open_ann, ROUNDS);
    double re = bench_median (reapply, ROUNDS), rc = bench_median (reapply_cpu, ROUNDS);
    double sp = bench_median (scroll_plain, ROUNDS), sa = bench_median (scroll_ann, ROUNDS);

    printf ("{\"benchmark\": \"text-open\", \"kb\": %u, \"chars\": %" G_GINT64_FORMAT ", \"spans\": %u, "
            "\"plain_open_ms\": %.1f, \"open_ms\": %.1f, \"open_ratio\": %.2f, "
            "\"reapply_ms\": %.1f, \"reapply_vs_open\": %.3f, \"reapply_cpu_ms\": %.1f, "
            "\"plain_scroll_ms\": %.1f, \"scroll_ms\": %.1f, \"scroll_ratio\": %.2f}\n",
            kb, length, n_spans, op * 1e3, oa * 1e3, oa / op, re * 1e3, re / oa, rc * 1e3,
            sp * 1e3, sa * 1e3, sa / sp);
    if (para != NULL)
      {
        double pa = bench_median (open_para, ROUNDS);
        /* A second line: the one-paragraph text against its paragraphed twin. */
        printf ("{\"benchmark\": \"text-open-one-paragraph\", \"cjk\": %s, \"paragraphed_open_ms\": %.1f, "
                "\"open_ms\": %.1f, \"vs_paragraphed\": %.2f}\n", cjk ? "true" : "false",
                pa * 1e3, oa * 1e3, oa / pa);
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (plain_window));
  lw_project_close (project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
  return 0;
}
