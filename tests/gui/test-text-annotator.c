/* test-text-annotator.c: labelling text in the window by keyboard: spans, their offsets in code
 * points, overlaps, delete, class change, document tags and undo, checked in the store */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lw-attribute-editor.h"
#include "lw-doc-tags.h"
#include "lw-gui-test.h"
#include "lw-sample.h"
#include "lw-test-util.h"
#include "lw-text-annotator.h"

/* Code points: 0 我, 1 们, 2 😀 (U+1F600, astral), 3 学, 4 习, 5 ' ', 6 c, 7 a, 8 f, 9 e,
 * 10 U+0301 (combining acute: "é" is one cursor position of two code points), 11 ' ', 12 好. */
#define TEXT "我们\U0001F600学习 cafe\u0301 好"

typedef struct
{
  char              *dir;
  char              *path;
  gint64             text_id;
  gint64             prediction_id;
  LwWindow          *window;
  LwTextAnnotator   *annotator;
  LwDocTags         *doc_tags;
  GtkTextView       *view;
  GtkEventController *hotkeys;
} Fixture;

static GtkWidget *
find_descendant (GtkWidget *widget, GType type, const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (label == NULL
          || (GTK_IS_CHECK_BUTTON (widget)
              && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, label);
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

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "essays", "education");
  f->path = g_strdup (lw_project_get_path (project));
  f->text_id = lw_test_add_text (project, "essay-1", TEXT);
  lw_test_add_text (project, "essay-2", "second essay");
  {
    /* A model's guess on "好": the annotator accepts it with a class key. */
    g_autoptr(LwAnnotation) ann = lw_annotation_new (f->text_id, lw_test_class_id (project, "praise"),
                                                     LW_ANNOTATION_SPAN);
    const double span[] = { 12, 13 };
    lw_annotation_set_geometry (ann, span, 2);
    ann->source = LW_SOURCE_PREDICTION;
    ann->score = 0.75;
    ann->annotator_id = lw_project_ensure_annotator (project, "model", &error);
    g_assert_no_error (error);
    g_assert_true (lw_project_import_annotation (project, ann, &error));
    g_assert_no_error (error);
    f->prediction_id = ann->id;
  }
  lw_project_close (project);

  f->window = lw_gui_test_open_window (f->path);
  lw_window_show_item (f->window, f->text_id);
  lw_gui_test_spin ();
  f->annotator = LW_TEXT_ANNOTATOR (find_descendant (GTK_WIDGET (f->window), LW_TYPE_TEXT_ANNOTATOR, NULL));
  f->doc_tags = LW_DOC_TAGS (find_descendant (GTK_WIDGET (f->window), LW_TYPE_DOC_TAGS, NULL));
  g_assert_nonnull (f->annotator);
  g_assert_nonnull (f->doc_tags);
  f->view = lw_text_annotator_get_view (f->annotator);
  f->hotkeys = find_controller (GTK_WIDGET (f->window), "lw-class-hotkeys");
  g_assert_nonnull (f->hotkeys);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (f->view)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->doc_tags)));
  /* Beside the text with room for its names: the centre asks only for the text's width, not
   * for the image page's tool bar (which once squeezed the panel to nothing). */
  {
    GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (f->annotator));
    int minimum = 0, natural = 0;

    g_assert_true (GTK_IS_STACK (stack));
    gtk_widget_measure (stack, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
    g_assert_cmpint (minimum, <, 500);
  }
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

/* A key as the window receives it: through its class-hotkey controller, then (unhandled)
 * nowhere else, as no other handler would label anything. */
static gboolean
press (Fixture *f, guint keyval, GdkModifierType state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (f->hotkeys, "key-pressed", keyval, 0, state, &handled);
  lw_gui_test_spin ();
  return handled;
}

/* What Shift+Right (extend) or Right does in a GtkTextView: the binding's signal. */
static void
move (Fixture *f, GtkMovementStep step, int count, gboolean extend)
{
  g_signal_emit_by_name (f->view, "move-cursor", step, count, extend);
  lw_gui_test_spin ();
}

static void
cursor_to (Fixture *f, int offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (f->view);
  GtkTextIter iter;

  /* Ctrl+Home, then Right presses: the cursor lands where the keyboard would put it. */
  move (f, GTK_MOVEMENT_BUFFER_ENDS, -1, FALSE);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 0);
  while (gtk_text_iter_get_offset (&iter) < offset)
    {
      move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, FALSE);
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    }
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, offset);
}

/* The item's annotations as committed, read through a connection of its own:
 * "class kind [start end] source" lines in id order. */
static char *
stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) anns = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  anns = lw_project_list_annotations (project, f->text_id, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < anns->len; i++)
    {
      const LwAnnotation *ann = anns->pdata[i];
      g_autoptr(LwLabelClass) klass = lw_project_get_class (project, ann->class_id, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "%s%s %s", out->len ? "; " : "", klass->name,
                              lw_annotation_kind_to_string (ann->kind));
      if (ann->kind == LW_ANNOTATION_SPAN)
        g_string_append_printf (out, " %g %g", lw_annotation_value (ann, 0), lw_annotation_value (ann, 1));
      if (ann->source == LW_SOURCE_PREDICTION)
        g_string_append (out, " prediction");
    }
  return g_string_free (out, FALSE);
}

static gint64
last_annotation_id (Fixture *f)
{
  g_autoptr(GPtrArray) anns = lw_project_list_annotations (lw_window_get_project (f->window),
                                                           f->text_id, 0, NULL);
  g_assert_nonnull (anns);
  g_assert_cmpuint (anns->len, >, 0);
  return ((LwAnnotation *) anns->pdata[anns->len - 1])->id;
}

static void
undo (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  lw_gui_test_spin ();
}

/* Shift+Right over CJK, an astral emoji and a base with its combining mark, then a hotkey:
 * the stored offsets are code points. */
static void
test_keyboard_span (Fixture *f, gconstpointer data)
{
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  cursor_to (f, 0);
  for (int i = 0; i < 3; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);   /* 我 们 😀 */
  g_assert_true (press (f, GDK_KEY_g, 0));              /* grammar */
  s1 = stored (f);
  g_assert_cmpstr (s1, ==, "praise span 12 13 prediction; grammar span 0 3");
  /* The new span is selected and the text selection gone: the next key would correct it. */
  g_assert_cmpint (lw_text_annotator_get_selected_span (f->annotator), ==, last_annotation_id (f));
  g_assert_false (gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (f->view)));

  /* Four Shift+Right from "c" cover "café": the last step takes e and U+0301 together. */
  cursor_to (f, 6);
  for (int i = 0; i < 4; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_s, 0));              /* spelling */
  s2 = stored (f);
  g_assert_cmpstr (s2, ==, "praise span 12 13 prediction; grammar span 0 3; spelling span 6 11");

  /* Ctrl+Shift+Right is word-wise; upper case and keypad keys are the same hotkey. From the
   * space before "café" to the space after it, trimmed to the word. */
  cursor_to (f, 5);
  move (f, GTK_MOVEMENT_WORDS, 1, TRUE);
  move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_W, GDK_SHIFT_MASK)); /* word choice */
  s3 = stored (f);
  g_assert_cmpstr (s3, ==, "praise span 12 13 prediction; grammar span 0 3; spelling span 6 11; "
                           "word choice span 6 11");
  undo (f);
  g_clear_pointer (&s3, g_free);
  s3 = stored (f);
  g_assert_cmpstr (s3, ==, s2);
}

/* What is refused is said under the text and changes nothing. */
static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *before = stored (f);
  g_autofree char *after = NULL;

  /* No selection, no span under the cursor. */
  cursor_to (f, 4);
  g_assert_true (press (f, GDK_KEY_g, 0));
  g_assert_nonnull (strstr (lw_text_annotator_get_info (f->annotator), "essay-1"));
  g_assert_nonnull (strstr (lw_text_annotator_get_info (f->annotator), "select some text"));
  /* Only white space selected: trimmed to nothing. */
  cursor_to (f, 5);
  move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_g, 0));
  g_assert_nonnull (strstr (lw_text_annotator_get_info (f->annotator), "only white space"));
  /* With Ctrl the key is not a hotkey, and a key of no class is not taken. */
  g_assert_false (press (f, GDK_KEY_g, GDK_CONTROL_MASK));
  g_assert_false (press (f, GDK_KEY_x, 0));
  after = stored (f);
  g_assert_cmpstr (after, ==, before);
}

/* Overlapping spans are drawn at different depths; moving the cursor into a span selects the
 * innermost; Delete removes it and undo brings it back; a class key changes its class. */
static void
test_overlap_delete_change (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL;
  gint64 outer, inner, crossing;

  cursor_to (f, 0);
  for (int i = 0; i < 5; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_l, 0));    /* logic and coherence [0, 5) */
  outer = last_annotation_id (f);
  cursor_to (f, 1);
  move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_w, 0));    /* word choice [1, 2) */
  inner = last_annotation_id (f);
  cursor_to (f, 3);
  for (int i = 0; i < 5; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_g, 0));    /* grammar [3, 8), crossing the outer's end */
  crossing = last_annotation_id (f);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; logic and coherence span 0 5; "
                          "word choice span 1 2; grammar span 3 8");
  g_assert_cmpint (lw_text_annotator_get_span_layer (f->annotator, outer), ==, 0);
  g_assert_cmpint (lw_text_annotator_get_span_layer (f->annotator, inner), ==, 1);
  g_assert_cmpint (lw_text_annotator_get_span_layer (f->annotator, crossing), ==, 1);
  g_assert_cmpint (lw_text_annotator_get_span_layer (f->annotator, f->prediction_id), ==, 0);

  /* The cursor inside both: the shorter one is selected. */
  cursor_to (f, 1);
  g_assert_cmpint (lw_text_annotator_get_selected_span (f->annotator), ==, inner);
  g_assert_true (press (f, GDK_KEY_Delete, 0));
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; logic and coherence span 0 5; grammar span 3 8");
  undo (f);
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; logic and coherence span 0 5; "
                          "word choice span 1 2; grammar span 3 8");

  /* Change a class: the same span, another class; undo restores it. */
  cursor_to (f, 6);
  g_assert_cmpint (lw_text_annotator_get_selected_span (f->annotator), ==, crossing);
  g_assert_true (press (f, GDK_KEY_u, 0));    /* punctuation */
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; logic and coherence span 0 5; "
                          "word choice span 1 2; punctuation span 3 8");
  g_assert_cmpint (lw_text_annotator_get_selected_span (f->annotator), ==, crossing);
  undo (f);
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; logic and coherence span 0 5; "
                          "word choice span 1 2; grammar span 3 8");

  /* A class key on a prediction accepts it: a manual span of that class. */
  cursor_to (f, 12);
  g_assert_cmpint (lw_text_annotator_get_selected_span (f->annotator), ==, f->prediction_id);
  g_assert_true (press (f, GDK_KEY_k, 0));    /* praise */
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13; logic and coherence span 0 5; "
                          "word choice span 1 2; grammar span 3 8");
}

/* Document tags: an exclusive group's hotkey replaces its other choice in one undo step; a
 * multi-choice tag toggles; the panel's buttons do the same; a text entry keeps its keys. */
static void
test_doc_tags (Fixture *f, gconstpointer data)
{
  g_autofree char *s = NULL;
  GtkWidget *button;
  GtkWidget *search;

  g_assert_true (press (f, GDK_KEY_3, 0));
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; score 3 tag");
  g_assert_true (press (f, GDK_KEY_KP_5, 0));
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; score 5 tag");
  g_assert_true (lw_doc_tags_is_active (f->doc_tags, lw_test_class_id (lw_window_get_project (f->window), "score 5")));
  undo (f);   /* one step: score 5 goes, score 3 comes back */
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; score 3 tag");

  g_assert_true (press (f, GDK_KEY_v, 0));   /* vocabulary: not exclusive */
  g_assert_true (press (f, GDK_KEY_m, 0));   /* argumentation */
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; score 3 tag; vocabulary tag; argumentation tag");
  g_assert_true (press (f, GDK_KEY_v, 0));   /* off again */
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; score 3 tag; argumentation tag");

  /* The panel: the radio button of score 6 replaces score 3; a check button toggles. */
  button = find_descendant (GTK_WIDGET (f->doc_tags), GTK_TYPE_CHECK_BUTTON, "score 3");
  g_assert_nonnull (button);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)));
  button = find_descendant (GTK_WIDGET (f->doc_tags), GTK_TYPE_CHECK_BUTTON, "score 6");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  lw_gui_test_spin ();
  button = find_descendant (GTK_WIDGET (f->doc_tags), GTK_TYPE_CHECK_BUTTON, "use of evidence");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  lw_gui_test_spin ();
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; argumentation tag; score 6 tag; use of evidence tag");
  button = find_descendant (GTK_WIDGET (f->doc_tags), GTK_TYPE_CHECK_BUTTON, "score 3");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)));

  /* Typed into the search entry, "2" is a letter of the search, not a score. */
  search = find_descendant (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_grab_focus (search));
  g_assert_false (press (f, GDK_KEY_2, 0));
  g_clear_pointer (&s, g_free);
  s = stored (f);
  g_assert_cmpstr (s, ==, "praise span 12 13 prediction; argumentation tag; score 6 tag; use of evidence tag");
}

/* Reloading the same item keeps buffer and cursor; another item resets them. */
static void
test_reload_keeps_cursor (Fixture *f, gconstpointer data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (f->view);
  GtkTextIter iter;
  gint64 other;

  cursor_to (f, 7);
  g_assert_true (press (f, GDK_KEY_3, 0));   /* a tag: the window reloads the item */
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 7);

  other = lw_project_next_item (lw_window_get_project (f->window), NULL, f->text_id, FALSE, NULL);
  g_assert_cmpint (other, >, 0);
  lw_window_show_item (f->window, other);
  lw_gui_test_spin ();
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 0);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, (int) strlen ("second essay"));
  g_assert_false (lw_doc_tags_is_active (f->doc_tags, lw_test_class_id (lw_window_get_project (f->window), "score 3")));
}

static char *
stored_attributes (Fixture *f, gint64 annotation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = lw_project_open (f->path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr(LwAnnotation) ann = NULL;

  g_assert_no_error (error);
  ann = lw_project_get_annotation (project, annotation_id, &error);
  g_assert_no_error (error);
  return g_strdup (ann->attributes);
}

/* The selected span's attributes: a correction typed and saved with Enter, a choice picked,
 * each one undoable step; a span of a class without attributes shows no editor. */
static void
test_attributes (Fixture *f, gconstpointer data)
{
  LwAttributeEditor *editor = LW_ATTRIBUTE_EDITOR (lw_text_annotator_get_attribute_editor (f->annotator));
  g_autofree char *a1 = NULL, *a2 = NULL, *a3 = NULL;
  GtkWidget *correction, *severity;
  gint64 id;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  cursor_to (f, 6);
  for (int i = 0; i < 4; i++)
    move (f, GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (press (f, GDK_KEY_s, 0));    /* spelling "café" */
  id = last_annotation_id (f);
  g_assert_cmpint (lw_attribute_editor_get_annotation (editor), ==, id);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  correction = lw_attribute_editor_get_field (editor, "correction");
  severity = lw_attribute_editor_get_field (editor, "severity");
  g_assert_true (GTK_IS_ENTRY (correction));
  g_assert_true (GTK_IS_DROP_DOWN (severity));

  /* Typed into the field, class keys are letters: "s" does not relabel the span. */
  g_assert_true (gtk_widget_grab_focus (correction));
  g_assert_false (press (f, GDK_KEY_s, 0));
  gtk_editable_set_text (GTK_EDITABLE (correction), "café (accent: é)");
  g_signal_emit_by_name (correction, "activate");
  lw_gui_test_spin ();
  a1 = stored_attributes (f, id);
  g_assert_cmpstr (a1, ==, "{\"correction\":\"café (accent: é)\"}");
  /* The field survived the reload, with the focus. */
  g_assert_true (lw_attribute_editor_get_field (editor, "correction") == correction);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (severity), 2);   /* none, minor, major */
  lw_gui_test_spin ();
  a2 = stored_attributes (f, id);
  g_assert_cmpstr (a2, ==, "{\"correction\":\"café (accent: é)\",\"severity\":\"major\"}");
  undo (f);
  a3 = stored_attributes (f, id);
  g_assert_cmpstr (a3, ==, a1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (severity)), ==, 0);

  /* Emptying the text removes the member. */
  gtk_editable_set_text (GTK_EDITABLE (correction), "  ");
  g_signal_emit_by_name (correction, "activate");
  lw_gui_test_spin ();
  g_clear_pointer (&a3, g_free);
  a3 = stored_attributes (f, id);
  g_assert_cmpstr (a3, ==, "{}");
}

/* Image items have the same tag keys (weather is one choice, time of day another); their tags
 * are shown in the canvas's class palette, so the tags panel stays hidden. */
static void
test_image_tags (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "streets", "traffic");
  Fixture f = { 0 };
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  f.path = g_strdup (lw_project_get_path (project));
  f.text_id = lw_test_add_image (project, "street.png", 64, 48);
  lw_project_close (project);
  f.window = lw_gui_test_open_window (f.path);
  lw_window_show_item (f.window, f.text_id);
  lw_gui_test_spin ();
  f.doc_tags = LW_DOC_TAGS (find_descendant (GTK_WIDGET (f.window), LW_TYPE_DOC_TAGS, NULL));
  f.hotkeys = find_controller (GTK_WIDGET (f.window), "lw-class-hotkeys");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.doc_tags)));

  g_assert_true (press (&f, GDK_KEY_c, 0));   /* clear */
  g_assert_true (press (&f, GDK_KEY_i, 0));   /* night */
  s1 = stored (&f);
  g_assert_cmpstr (s1, ==, "clear tag; night tag");
  g_assert_true (press (&f, GDK_KEY_r, 0));   /* rain replaces clear */
  s2 = stored (&f);
  g_assert_cmpstr (s2, ==, "night tag; rain tag");
  undo (&f);
  s3 = stored (&f);
  g_assert_cmpstr (s3, ==, s1);
  g_assert_cmpint (lw_window_get_current_item (f.window), ==, f.text_id);
  lw_gui_test_close_window (f.window);
  g_free (f.path);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The education sample opens with labelled and new essays and answers, English and Chinese,
 * and a new one can be labelled end to end: a span, a score, a knowledge point, done. */
static void
test_education_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autofree char *path = lw_sample_build_education (dir, &error);
  g_autoptr(LwProject) project = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  gint64 counts[LW_ANNOTATION_N_KINDS] = { 0 };
  gint64 status[LW_ITEM_N_STATUSES] = { 0 };
  Fixture f = { 0 };
  guint chinese = 0, corrections = 0, predictions = 0;
  g_autofree char *s = NULL;
  const char *text;
  gint64 start;

  g_assert_no_error (error);
  project = lw_project_open (path, LW_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (lw_project_check (project, problems, &error));
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, 6);
  g_assert_cmpint (lw_project_count_by_status (project, status, &error), ==, 6);
  g_assert_cmpint (status[LW_ITEM_STATUS_DONE], >=, 2);
  g_assert_cmpint (status[LW_ITEM_STATUS_NEW], >=, 2);
  g_assert_cmpint (lw_project_count_annotations_by_kind (project, counts, &error), >, 10);
  g_assert_cmpint (counts[LW_ANNOTATION_SPAN], >=, 6);
  g_assert_cmpint (counts[LW_ANNOTATION_TAG], >=, 4);
  for (gint64 id = lw_project_next_item (project, NULL, 0, FALSE, NULL); id > 0;
       id = lw_project_next_item (project, NULL, id, FALSE, NULL))
    {
      g_autoptr(LwItem) item = lw_project_get_item (project, id, &error);
      g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, id, 0, &error);

      g_assert_no_error (error);
      g_assert_cmpint (item->kind, ==, LW_ITEM_KIND_TEXT);
      chinese += g_utf8_strchr (item->text, -1, 0x7684 /* 的 */) != NULL;
      for (guint i = 0; i < anns->len; i++)
        {
          const LwAnnotation *ann = anns->pdata[i];
          corrections += strstr (ann->attributes, "\"correction\"") != NULL;
          predictions += ann->source == LW_SOURCE_PREDICTION;
        }
    }
  g_assert_cmpuint (chinese, >=, 2);
  g_assert_cmpuint (corrections, >=, 4);
  g_assert_cmpuint (predictions, >=, 1);
  lw_project_close (project);

  /* Label a new essay from the keyboard. */
  f.path = path;
  f.window = lw_gui_test_open_window (path);
  f.text_id = lw_project_find_item_by_name (lw_window_get_project (f.window), "essay-en-02");
  g_assert_cmpint (f.text_id, >, 0);
  lw_window_show_item (f.window, f.text_id);
  lw_gui_test_spin ();
  f.annotator = LW_TEXT_ANNOTATOR (find_descendant (GTK_WIDGET (f.window), LW_TYPE_TEXT_ANNOTATOR, NULL));
  f.view = lw_text_annotator_get_view (f.annotator);
  f.hotkeys = find_controller (GTK_WIDGET (f.window), "lw-class-hotkeys");
  gtk_widget_grab_focus (GTK_WIDGET (f.view));
  text = "Reading books is more better than watching videos";
  start = g_utf8_strlen ("Reading books is ", -1);
  cursor_to (&f, (int) start);
  move (&f, GTK_MOVEMENT_WORDS, 2, TRUE);      /* Ctrl+Shift+Right twice: "more better" */
  g_assert_true (press (&f, GDK_KEY_g, 0));
  g_assert_true (press (&f, GDK_KEY_2, 0));
  g_assert_true (press (&f, GDK_KEY_t, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.mark-done", NULL));
  lw_gui_test_spin ();
  s = stored (&f);
  g_assert_cmpstr (s, ==, "grammar span 17 28; score 2 tag; sentence structure tag");
  g_assert_true (g_str_has_prefix (text + 17, "more better"));
  g_assert_cmpint (lw_gui_test_stored_status (path, f.text_id), ==, LW_ITEM_STATUS_DONE);
  lw_gui_test_close_window (f.window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char *argv[])
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add ("/gui/text/keyboard-span", Fixture, NULL, fixture_setup, test_keyboard_span, fixture_teardown);
  g_test_add ("/gui/text/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/gui/text/overlap-delete-change", Fixture, NULL, fixture_setup,
              test_overlap_delete_change, fixture_teardown);
  g_test_add ("/gui/text/doc-tags", Fixture, NULL, fixture_setup, test_doc_tags, fixture_teardown);
  g_test_add ("/gui/text/reload-keeps-cursor", Fixture, NULL, fixture_setup,
              test_reload_keeps_cursor, fixture_teardown);
  g_test_add ("/gui/text/attributes", Fixture, NULL, fixture_setup, test_attributes, fixture_teardown);
  g_test_add_func ("/gui/text/education-sample", test_education_sample);
  g_test_add_func ("/gui/tags/image", test_image_tags);
  return lw_gui_test_run ();
}
