/* test-text-long.c: a long text without line breaks, shown with display breaks: the breaks
 * are where they should be and never split a character, and spans by keyboard and by click,
 * copies and the stored text stay in the item's code points */
#include "config.h"

#include <pango/pango.h>
#include <string.h>

#include "lw-gui-input.h"
#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-text-annotator.h"
#include "lw-text-display.h"

/* ---- the mapping alone ---- */

/* English sentences (a space after each: those spaces become the breaks), then Chinese ones
 * with an emoji and no space (breaks are inserted after 。). One paragraph. */
static char *
make_long_text (guint english, guint chinese)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < english; i++)
    g_string_append_printf (text, "Sentence %u has words and an emoji \U0001F600 in it. ", i);
  for (guint i = 0; i < chinese; i++)
    g_string_append_printf (text, "学生第%u句写了字\U0001F600。", i);
  return g_string_free (text, FALSE);
}

/* The displayed text with each inserted break taken out and each other break back to the
 * character it shows (a space), built by walking the buffer offsets through the mapping. */
static char *
undo_display (const LwTextDisplay *display)
{
  const char *shown = lw_text_display_get_text (display);
  const char *item = lw_text_display_get_item_text (display);
  GString *out = g_string_new (NULL);
  gint64 b = 0;

  for (const char *p = shown; *p != '\0'; p = g_utf8_next_char (p), b++)
    {
      if (lw_text_display_is_inserted_break (display, b))
        {
          g_assert_true (*p == '\n');
          continue;
        }
      if (*p == '\n' && g_utf8_get_char (g_utf8_offset_to_pointer (item, lw_text_display_to_item (display, b))) == ' ')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, g_utf8_get_char (p));
    }
  return g_string_free (out, FALSE);
}

static void
check_round_trip (const LwTextDisplay *display)
{
  gint64 length = lw_text_display_get_length (display);
  gint64 previous = -1;

  for (gint64 o = 0; o <= length; o++)
    {
      gint64 start = lw_text_display_to_buffer (display, o, FALSE);
      gint64 end = lw_text_display_to_buffer (display, o, TRUE);

      g_assert_cmpint (lw_text_display_to_item (display, start), ==, o);
      g_assert_cmpint (lw_text_display_to_item (display, end), ==, o);
      g_assert_cmpint (end, <=, start);
      g_assert_cmpint (end, >, previous);
      /* A span's end stays before an inserted break; its start after it. */
      if (end != start)
        {
          g_assert_cmpint (start, ==, end + 1);
          g_assert_true (lw_text_display_is_inserted_break (display, end));
        }
      previous = start;
    }
}

/* The longest run of characters between two line breaks of the shown text. */
static glong
longest_line (const char *shown)
{
  g_auto(GStrv) lines = g_strsplit (shown, "\n", -1);
  glong longest = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    longest = MAX (longest, g_utf8_strlen (lines[i], -1));
  return longest;
}

static void
test_display_short_and_paragraphed (void)
{
  g_autoptr(GString) paragraphed = g_string_new (NULL);
  g_autoptr(LwTextDisplay) empty = lw_text_display_new ("");
  g_autoptr(LwTextDisplay) small = lw_text_display_new ("我们\U0001F600学习 cafe\u0301 好");
  g_autoptr(LwTextDisplay) display = NULL;

  g_assert_cmpstr (lw_text_display_get_text (empty), ==, "");
  g_assert_cmpint (lw_text_display_get_length (small), ==, 13);
  g_assert_cmpstr (lw_text_display_get_text (small), ==, "我们\U0001F600学习 cafe\u0301 好");
  /* Paragraphs of their own, shorter than the limit: shown as they are. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (paragraphed, "Sentence %u has a few words. Another one follows it.%s", i,
                            i % 8 == 7 ? "\n" : " ");
  display = lw_text_display_new (paragraphed->str);
  g_assert_cmpstr (lw_text_display_get_text (display), ==, paragraphed->str);
  g_assert_cmpuint (lw_text_display_n_inserted (display), ==, 0);
}

static void
test_display_long_paragraph (void)
{
  g_autofree char *text = make_long_text (400, 1200);
  g_autoptr(LwTextDisplay) display = lw_text_display_new (text);
  g_autofree char *back = undo_display (display);
  const char *shown = lw_text_display_get_text (display);
  g_autofree char *slice = NULL;
  guint replaced = 0;
  gint64 b = 0;

  g_assert_cmpint (lw_text_display_get_length (display), ==, g_utf8_strlen (text, -1));
  g_assert_cmpstr (back, ==, text);
  g_assert_cmpuint (lw_text_display_n_inserted (display), >, 4);
  g_assert_cmpint (longest_line (shown), <=, 1700);
  /* Every break follows a sentence end here: "." (a space shown as a break) or "。". */
  for (const char *p = shown; *p != '\0'; p = g_utf8_next_char (p), b++)
    if (*p == '\n')
      {
        gunichar before = g_utf8_get_char (g_utf8_prev_char (p));

        if (lw_text_display_is_inserted_break (display, b))
          g_assert_cmpuint (before, ==, 0x3002);
        else
          {
            g_assert_cmpuint (before, ==, '.');
            replaced++;
          }
      }
  g_assert_cmpuint (replaced, >, 4);
  check_round_trip (display);
  slice = lw_text_display_dup_item_slice (display, 0, lw_text_display_get_length (display));
  g_assert_cmpstr (slice, ==, text);
}

/* No space and no sentence end at all: breaks at the hard limit fall at line-break
 * opportunities, never inside a grapheme (a ZWJ family, a flag, a base with its mark). */
static void
test_display_hard_limit (void)
{
  static const char *const pieces[] = {
    "字", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F1E8\U0001F1F3", "e\u0301", "学",
    "\U0001F44D\U0001F3FD",
  };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LwTextDisplay) display = NULL;
  g_autofree PangoLogAttr *attrs = NULL;
  g_autofree char *back = NULL;
  glong n;

  for (guint i = 0; i < 12000; i++)
    g_string_append (text, pieces[(i * 7) % G_N_ELEMENTS (pieces)]);
  display = lw_text_display_new (text->str);
  back = undo_display (display);
  g_assert_cmpstr (back, ==, text->str);
  g_assert_cmpuint (lw_text_display_n_inserted (display), >=, 3);
  g_assert_cmpint (longest_line (lw_text_display_get_text (display)), <=, 3200 + 64);
  check_round_trip (display);

  n = g_utf8_strlen (text->str, -1);
  attrs = g_new0 (PangoLogAttr, n + 1);
  pango_get_log_attrs (text->str, (int) text->len, -1, pango_language_from_string ("en"), attrs, (int) n + 1);
  for (gint64 o = 0; o < n; o++)
    if (lw_text_display_to_buffer (display, o, FALSE) != lw_text_display_to_buffer (display, o, TRUE))
      g_assert_true (attrs[o].is_cursor_position);
}

/* ---- in the window ---- */

#define ENGLISH 60
#define CHINESE 800

typedef struct
{
  char               *dir;
  char               *path;
  char               *text;
  gint64              text_id;
  gint64              far_span;      /* on 学生第700句, after many inserted breaks */
  LwWindow           *window;
  LwTextAnnotator    *annotator;
  GtkTextView        *view;
  GtkTextBuffer      *buffer;
  GtkEventController *hotkeys;
} Fixture;

static GtkWidget *
find_annotator (GtkWidget *widget)
{
  if (LW_IS_TEXT_ANNOTATOR (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_annotator (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget, const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;
    }
  return NULL;
}

static char *
dup_shown (Fixture *f)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (f->buffer, &start, &end);
  return gtk_text_buffer_get_text (f->buffer, &start, &end, TRUE);
}

/* The number of the first Chinese sentence after sentence @from that the view shows after an
 * inserted break. */
static guint
sentence_after_inserted_break (Fixture *f, guint from)
{
  g_autofree char *shown = dup_shown (f);
  g_autofree char *start = g_strdup_printf ("学生第%u句", from);
  const char *at = strstr (shown, start);

  g_assert_nonnull (at);
  at = strstr (at, "。\n学生第");
  g_assert_nonnull (at);
  return (guint) strtoul (at + strlen ("。\n学生第"), NULL, 10);
}

/* The item offset of @needle in the item's text, found in the text itself. */
static gint64
item_offset_of (Fixture *f, const char *needle)
{
  const char *at = strstr (f->text, needle);

  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, needle));
  return g_utf8_pointer_to_offset (f->text, at);
}

/* The buffer offset of @needle in what the view shows. */
static int
buffer_offset_of (Fixture *f, const char *needle)
{
  g_autofree char *shown = dup_shown (f);
  const char *at;

  at = strstr (shown, needle);
  g_assert_nonnull (at);
  return (int) g_utf8_pointer_to_offset (shown, at);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = lw_test_tmpdir_new ();
  f->text = make_long_text (ENGLISH, CHINESE);
  project = lw_test_project_new (f->dir, "essays", "education");
  f->path = g_strdup (lw_project_get_path (project));
  f->text_id = lw_test_add_text (project, "long-essay", f->text);
  {
    g_autoptr(LwAnnotation) ann = lw_annotation_new (f->text_id, lw_test_class_id (project, "grammar"),
                                                     LW_ANNOTATION_SPAN);
    const char *at = strstr (f->text, "学生第700句");
    double span[2];

    span[0] = (double) g_utf8_pointer_to_offset (f->text, at);
    span[1] = span[0] + g_utf8_strlen ("学生第700句", -1);
    lw_annotation_set_geometry (ann, span, 2);
    g_assert_true (lw_project_import_annotation (project, ann, &error));
    g_assert_no_error (error);
    f->far_span = ann->id;
  }
  lw_project_close (project);

  f->window = lw_gui_test_open_window (f->path);
  lw_window_show_item (f->window, f->text_id);
  lw_gui_test_spin ();
  f->annotator = LW_TEXT_ANNOTATOR (find_annotator (GTK_WIDGET (f->window)));
  g_assert_nonnull (f->annotator);
  f->view = lw_text_annotator_get_view (f->annotator);
  f->buffer = gtk_text_view_get_buffer (f->view);
  f->hotkeys = find_controller (GTK_WIDGET (f->window), "lw-class-hotkeys");
  g_assert_nonnull (f->hotkeys);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  /* The text has display breaks, some of them inserted. */
  g_assert_cmpint (gtk_text_buffer_get_char_count (f->buffer), >, g_utf8_strlen (f->text, -1));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
  g_free (f->text);
}

static void
press (Fixture *f, guint keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (f->hotkeys, "key-pressed", keyval, 0, 0, &handled);
  lw_gui_test_spin ();
  g_assert_true (handled);
}

/* What (Ctrl+)(Shift+)Right/Left does in a GtkTextView: the binding's signal. */
static void
move (Fixture *f, GtkMovementStep step, int count, gboolean extend)
{
  g_signal_emit_by_name (f->view, "move-cursor", step, count, extend);
  lw_gui_test_spin ();
}

static void
place_cursor (Fixture *f, int buffer_offset)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, buffer_offset);
  gtk_text_buffer_place_cursor (f->buffer, &iter);
  lw_gui_test_spin ();
}

/* The item's spans and its text as committed, through a connection of its own. */
static char *
stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) anns = NULL;
  g_autoptr(LwItem) item = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  item = lw_project_get_item (project, f->text_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item->text, ==, f->text);
  anns = lw_project_list_annotations (project, f->text_id, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < anns->len; i++)
    {
      const LwAnnotation *ann = anns->pdata[i];
      g_autoptr(LwLabelClass) klass = lw_project_get_class (project, ann->class_id, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "%s%s %g %g", out->len ? "; " : "", klass->name,
                              lw_annotation_value (ann, 0), lw_annotation_value (ann, 1));
    }
  return g_string_free (out, FALSE);
}

/* Shift+Right six times from three characters before an inserted break, and Shift+Left four
 * times from two after it: the arrows step over the break as the item has no character
 * there, and the spans store item offsets, emoji and CJK counted as one code point each. */
static void
test_keyboard_across_inserted_break (Fixture *f, gconstpointer data)
{
  g_autofree char *s1 = NULL, *s2 = NULL, *expect = NULL;
  g_autofree char *sentence = g_strdup_printf ("学生第%u句", sentence_after_inserted_break (f, 200));
  int b = buffer_offset_of (f, sentence) - 1;   /* the inserted break */
  gint64 o = item_offset_of (f, sentence);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, b);
  g_assert_cmpuint (gtk_text_iter_get_char (&iter), ==, '\n');
  g_assert_cmpint (b, >, o);   /* earlier breaks were inserted: offsets differ */

  place_cursor (f, b - 3);
  for (int i = 0; i < 6; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);   /* 字 😀 。 | 学 生 第 */
  press (f, GDK_KEY_g);
  s1 = stored (f);
  expect = g_strdup_printf ("grammar %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "; grammar %"
                            G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                            item_offset_of (f, "学生第700句"), item_offset_of (f, "学生第700句") + 7,
                            o - 3, o + 3);
  g_assert_cmpstr (s1, ==, expect);

  place_cursor (f, b + 3);                               /* after 学生 */
  for (int i = 0; i < 4; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, -1, TRUE);  /* 生 学 | 。 😀 */
  press (f, GDK_KEY_s);
  s2 = stored (f);
  g_free (expect);
  expect = g_strdup_printf ("%s; spelling %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, s1, o - 2, o + 2);
  g_assert_cmpstr (s2, ==, expect);
  /* The tags cover the spans' characters in the buffer, and only those: 字 to 第. */
  for (int k = -4; k <= 4; k++)
    {
      GSList *tags;

      gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, b + k);
      tags = gtk_text_iter_get_tags (&iter);
      if (k == -4 || k == 4)
        g_assert_null (tags);
      else
        g_assert_nonnull (tags);
      g_slist_free (tags);
    }
}

/* Ctrl+Shift+Right word-wise over a space shown as a break ("it.⏎Sentence"), and a selection
 * that starts on that break, trimmed of the space it is in the item. */
static void
test_keyboard_words_across_space_break (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL, *expect = NULL;
  g_autofree char *needle = NULL;
  int b = -1;
  gint64 o;

  /* The first break after a sentence of the English part. */
  for (guint i = 0; i < ENGLISH && b < 0; i++)
    {
      g_autofree char *shown = dup_shown (f);
      g_autofree char *probe = g_strdup_printf ("it.\nSentence %u ", i);

      if (strstr (shown, probe) != NULL)
        {
          b = buffer_offset_of (f, probe);
          needle = g_strdup_printf ("it. Sentence %u ", i);
        }
    }
  g_assert_cmpint (b, >, 0);
  o = item_offset_of (f, needle);

  place_cursor (f, b);                                  /* before "it" */
  move (f, GTK_MOVEMENT_WORDS, 2, TRUE);                /* "it.⏎Sentence" */
  press (f, GDK_KEY_w);
  place_cursor (f, b + 3);                              /* on the break: the item's space */
  for (int i = 0; i < 9; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);   /* " Sentence" */
  press (f, GDK_KEY_s);
  s = stored (f);
  expect = g_strdup_printf ("grammar %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "; word choice %"
                            G_GINT64_FORMAT " %" G_GINT64_FORMAT "; spelling %" G_GINT64_FORMAT
                            " %" G_GINT64_FORMAT,
                            item_offset_of (f, "学生第700句"), item_offset_of (f, "学生第700句") + 7,
                            o, o + 12, o + 4, o + 12);
  g_assert_cmpstr (s, ==, expect);
}

static gboolean
iter_visible (gpointer data)
{
  Fixture *f = data;
  GtkTextIter iter;
  GdkRectangle rect, visible;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, buffer_offset_of (f, "学生第700句"));
  gtk_text_view_get_iter_location (f->view, &iter, &rect);
  gtk_text_view_get_visible_rect (f->view, &visible);
  return rect.y >= visible.y && rect.y + rect.height <= visible.y + visible.height;
}

static gboolean
far_span_selected (gpointer data)
{
  Fixture *f = data;

  return lw_text_annotator_get_selected_span (f->annotator) == f->far_span;
}

/* A click on a span far beyond many inserted breaks selects that span. */
static void
test_click_span_beyond_breaks (Fixture *f, gconstpointer data)
{
  int b;
  GtkTextIter iter;
  GdkRectangle rect, visible, seen;
  int x, y;

  if (!lw_gui_input_available ())
    {
      g_test_skip ("no XTest on this display");
      return;
    }
  b = buffer_offset_of (f, "学生第700句");
  /* More breaks before it than its length: read as an item offset, the buffer offset of the
   * character clicked would fall beyond the span. */
  g_assert_cmpint (b, >=, item_offset_of (f, "学生第700句") + 7);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, b + 1);
  gtk_text_view_scroll_to_iter (f->view, &iter, 0, TRUE, 0, 0.5);
  /* GTK scrolls once the lines above are laid out. */
  lw_gui_test_spin_until (iter_visible, f);
  /* Lines above are laid out in idle steps and move what follows: wait until the character
   * stays where it is across a frame. */
  for (int tries = 0; tries < 600; tries++)
    {
      GdkRectangle before;

      gtk_text_view_get_iter_location (f->view, &iter, &before);
      gtk_text_view_get_visible_rect (f->view, &visible);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (f->view));
      lw_gui_test_spin ();
      gtk_text_view_get_iter_location (f->view, &iter, &rect);
      gtk_text_view_get_visible_rect (f->view, &seen);
      if (gdk_rectangle_equal (&before, &rect) && gdk_rectangle_equal (&visible, &seen) && iter_visible (f))
        break;
    }
  g_assert_true (iter_visible (f));
  g_assert_cmpint (lw_text_annotator_get_selected_span (f->annotator), ==, 0);
  gtk_text_view_buffer_to_window_coords (f->view, GTK_TEXT_WINDOW_WIDGET, rect.x + rect.width / 2,
                                         rect.y + rect.height / 2, &x, &y);
  lw_gui_input_click (GTK_WIDGET (f->view), x, y);
  lw_gui_test_spin_until (far_span_selected, f);
  /* Its tag covers what it labels in the buffer, not the characters before it. */
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, b);
  g_assert_nonnull (gtk_text_iter_get_tags (&iter));
  g_slist_free (gtk_text_iter_get_tags (&iter));
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, b - 2);
  g_assert_null (gtk_text_iter_get_tags (&iter));
}

typedef struct
{
  char     *text;
  gboolean  done;
} ReadText;

static void
on_read_text (GObject *source, GAsyncResult *result, gpointer data)
{
  ReadText *read = data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ReadText *) data)->done;
}

static char *
read_clipboard (GdkClipboard *clipboard)
{
  ReadText read = { NULL, FALSE };

  gdk_clipboard_read_text_async (clipboard, NULL, on_read_text, &read);
  lw_gui_test_spin_until (read_done, &read);
  return read.text;
}

static char *
clipboard_text (Fixture *f)
{
  return read_clipboard (gtk_widget_get_clipboard (GTK_WIDGET (f->view)));
}

/* Copy (Ctrl+C's signal, and the context menu's action) gives the item's text: spaces where
 * the view shows them as breaks, and no inserted break. So does the primary selection
 * (middle-click paste) of a selection. */
static void
test_copy_original (Fixture *f, gconstpointer data)
{
  g_autofree char *all = NULL, *part = NULL, *expect = NULL, *primary = NULL;
  GtkTextIter start, end;
  int from = buffer_offset_of (f, "Sentence 30 ");
  int to = buffer_offset_of (f, "学生第250句");

  gtk_text_buffer_get_bounds (f->buffer, &start, &end);
  gtk_text_buffer_select_range (f->buffer, &start, &end);
  g_signal_emit_by_name (f->view, "copy-clipboard");
  all = clipboard_text (f);
  g_assert_cmpstr (all, ==, f->text);

  /* From an English sentence, over space breaks and inserted ones, to a Chinese one. */
  gtk_text_buffer_get_iter_at_offset (f->buffer, &start, from);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &end, to);
  gtk_text_buffer_select_range (f->buffer, &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "clipboard.copy", NULL));
  part = clipboard_text (f);
  expect = g_strndup (strstr (f->text, "Sentence 30 "),
                      strstr (f->text, "学生第250句") - strstr (f->text, "Sentence 30 "));
  g_assert_cmpstr (part, ==, expect);
  g_assert_null (strchr (part, '\n'));
  primary = read_clipboard (gtk_widget_get_primary_clipboard (GTK_WIDGET (f->view)));
  g_assert_cmpstr (primary, ==, expect);
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/text-display/short-and-paragraphed", test_display_short_and_paragraphed);
  g_test_add_func ("/text-display/long-paragraph", test_display_long_paragraph);
  g_test_add_func ("/text-display/hard-limit", test_display_hard_limit);
  g_test_add ("/gui/text/long/keyboard-inserted-break", Fixture, NULL, fixture_setup,
              test_keyboard_across_inserted_break, fixture_teardown);
  g_test_add ("/gui/text/long/keyboard-words-space-break", Fixture, NULL, fixture_setup,
              test_keyboard_words_across_space_break, fixture_teardown);
  g_test_add ("/gui/text/long/click-span", Fixture, NULL, fixture_setup,
              test_click_span_beyond_breaks, fixture_teardown);
  g_test_add ("/gui/text/long/copy", Fixture, NULL, fixture_setup, test_copy_original, fixture_teardown);
  return lw_gui_test_run ();
}
