/* test-thumbnails.c: the item list's thumbnails: real PNGs shown in their rows at the
 * thumbnail size (aspect kept), decoded once and then served from the cache, the LRU's
 * bound, a cancelled request that decodes nothing, a missing file that keeps the icon
 * without an error dialog, text items that keep theirs, and a change of the thumbnail-size
 * setting that binds the rows again at the new size */
#include "config.h"

#include <adwaita.h>
#include <labelwright.h>
#include <string.h>

#include "lw-gui-test.h"
#include "lw-test-util.h"
#include "lw-thumbnails.h"
#include "lw-window.h"

typedef struct {
  const char *name;
  int         width, height;
  guint8      r, g, b;
} Picture;

/* Thumbnails are at most 48x36 (the setting's default): landscape, portrait, wide, 16:10. */
static const Picture pictures[] = {
  { "wide.png",     200, 150, 200,  30,  30 },
  { "tall.png",      80, 160,  30, 200,  30 },
  { "panorama.png", 300, 100,  30,  30, 200 },
  /* 16:10, as a dashcam's or a screen's: 48x30, narrower than the slot is high for. */
  { "screen.png",   320, 200, 200, 200,  30 },
};

typedef struct {
  char     *dir;
  char     *path;
  char     *files[G_N_ELEMENTS (pictures)];
  LwWindow *window;
} Fixture;

static void
write_png (const char *path, const Picture *p)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, p->width, p->height);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, ((guint32) p->r << 24) | ((guint32) p->g << 16) | ((guint32) p->b << 8) | 0xff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwProject) project = NULL;

  f->dir = lw_test_tmpdir_new ();
  project = lw_test_project_new (f->dir, "thumbs", "traffic");
  f->path = g_strdup (lw_project_get_path (project));
  g_assert_true (lw_project_begin (project, &error));
  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      f->files[i] = g_build_filename (f->dir, pictures[i].name, NULL);
      write_png (f->files[i], &pictures[i]);
      lw_test_add_image (project, pictures[i].name, pictures[i].width, pictures[i].height);
    }
  lw_test_add_image (project, "missing.png", 64, 48);
  lw_test_add_text (project, "note", "A text item has no thumbnail.");
  g_assert_true (lw_project_commit (project, &error));
  lw_project_close (project);

  f->window = lw_gui_test_open_window (f->path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lw_gui_test_close_window (f->window);
  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    g_free (f->files[i]);
  lw_test_tmpdir_free (f->dir);
  g_free (f->path);
}

/* The item list's row box whose title is @name, or NULL. */
static GtkWidget *
find_row (GtkWidget *widget, const char *name)
{
  if (gtk_widget_has_css_class (widget, "lw-item-row"))
    {
      GtkLabel *title = g_object_get_data (G_OBJECT (widget), "title");
      return g_strcmp0 (gtk_label_get_text (title), name) == 0 ? widget : NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The thumbnail the row of @name shows, or NULL while it shows its icon. */
static GdkPaintable *
row_thumbnail (Fixture *f, const char *name)
{
  GtkWidget *row = find_row (GTK_WIDGET (f->window), name);
  GtkWidget *picture;

  g_assert_nonnull (row);
  picture = g_object_get_data (G_OBJECT (row), "thumbnail");
  g_assert_true (GTK_IS_PICTURE (picture));
  if (!gtk_widget_get_visible (picture))
    return NULL;
  return gtk_picture_get_paintable (GTK_PICTURE (picture));
}

static gboolean
row_icon_visible (Fixture *f, const char *name)
{
  GtkWidget *row = find_row (GTK_WIDGET (f->window), name);

  g_assert_nonnull (row);
  return gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "icon"));
}

typedef struct {
  Fixture *f;
  int      width;  /* of the first picture's thumbnail */
} Wait;

static gboolean
all_shown (gpointer data)
{
  Wait *w = data;

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    if (row_thumbnail (w->f, pictures[i].name) == NULL)
      return FALSE;
  return gdk_paintable_get_intrinsic_width (row_thumbnail (w->f, pictures[0].name)) == w->width;
}

/* The texture's pixel in the middle, as 0xRRGGBB. */
static guint32
middle_pixel (GdkPaintable *paintable)
{
  GdkTexture *texture = GDK_TEXTURE (paintable);
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *px = g_new (guint32, (gsize) w * h);

  /* gdk_texture_download writes CAIRO_FORMAT_ARGB32: native-endian 0xAARRGGBB. */
  gdk_texture_download (texture, (guchar *) px, (gsize) w * 4);
  return px[(h / 2) * w + w / 2] & 0xffffff;
}

/* Where the title of the row of @name starts, in the window's coordinates. */
static double
title_x (Fixture *f, const char *name)
{
  GtkWidget *row = find_row (GTK_WIDGET (f->window), name);
  graphene_rect_t bounds;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (g_object_get_data (G_OBJECT (row), "title"),
                                            GTK_WIDGET (f->window), &bounds));
  return bounds.origin.x;
}

static gboolean
pictures_laid_out (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      GtkWidget *row = find_row (GTK_WIDGET (f->window), pictures[i].name);
      if (gtk_widget_get_width (g_object_get_data (G_OBJECT (row), "thumbnail")) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
tried_all (gpointer data)
{
  return lw_thumbnails_get_n_decodes (data) >= G_N_ELEMENTS (pictures) + 1;
}

static void
test_rows (Fixture *f, gconstpointer data)
{
  LwThumbnails *thumbs = lw_window_get_thumbnails (f->window);
  Wait w = { f, 48 };
  GList *toplevels;
  guint visible = 0;

  g_assert_nonnull (thumbs);
  g_assert_cmpint (lw_thumbnails_get_size (thumbs), ==, 48);
  lw_gui_test_spin_until (all_shown, &w);

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      GdkPaintable *p = row_thumbnail (f, pictures[i].name);
      const Picture *pic = &pictures[i];
      /* Scaled into 48x36 with the aspect ratio kept. */
      double scale = MIN (48.0 / pic->width, 36.0 / pic->height);

      g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, (int) (pic->width * scale + 0.5));
      g_assert_cmpint (gdk_paintable_get_intrinsic_height (p), ==, (int) (pic->height * scale + 0.5));
      g_assert_cmphex (middle_pixel (p), ==, ((guint32) pic->r << 16) | ((guint32) pic->g << 8) | pic->b);
      g_assert_false (row_icon_visible (f, pic->name));
    }

  /* The missing file and the text keep their icons; nothing asks the user about the file. */
  g_assert_null (row_thumbnail (f, "missing.png"));
  g_assert_true (row_icon_visible (f, "missing.png"));
  g_assert_null (row_thumbnail (f, "note"));
  g_assert_true (row_icon_visible (f, "note"));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    visible += gtk_widget_get_visible (l->data) ? 1 : 0;
  g_list_free (toplevels);
  g_assert_cmpuint (visible, ==, 1);
  /* Every row's name starts at the same x: a picture of any shape, the icon of a file that
   * cannot be read, and a text's icon take the same slot. The pictures are laid out at the
   * next frame. */
  lw_gui_test_spin_until (pictures_laid_out, f);
  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      g_test_message ("%s: title at %g, the text's at %g", pictures[i].name, title_x (f, pictures[i].name),
                      title_x (f, "note"));
      g_assert_cmpfloat (title_x (f, pictures[i].name), ==, title_x (f, "note"));
    }
  g_assert_cmpfloat (title_x (f, "missing.png"), ==, title_x (f, "note"));
  /* Three pictures, cached; the missing one is tried too (its worker may end after the
   * pictures are shown) and is not cached. */
  lw_gui_test_spin_until (tried_all, thumbs);
  g_assert_cmpuint (lw_thumbnails_get_n_cached (thumbs), ==, G_N_ELEMENTS (pictures));
}

typedef struct {
  GdkTexture *texture;
  GError     *error;
  gboolean    done;
} Load;

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  Load *load = data;

  load->texture = lw_thumbnails_load_finish (LW_THUMBNAILS (source), result, &load->error);
  load->done = TRUE;
}

static gboolean
load_done (gpointer data)
{
  return ((Load *) data)->done;
}

/* Loads @path at @w x @h and returns the texture (owned), or NULL with *error set. */
static GdkTexture *
load (LwThumbnails *thumbs, const char *path, int w, int h, GCancellable *cancellable, GError **error)
{
  Load l = { 0 };

  lw_thumbnails_load_async (thumbs, path, w, h, cancellable, on_loaded, &l);
  lw_gui_test_spin_until (load_done, &l);
  if (l.error != NULL)
    g_propagate_error (error, l.error);
  return l.texture;
}

static void
test_cache (Fixture *f, gconstpointer data)
{
  LwThumbnails *thumbs = lw_window_get_thumbnails (f->window);
  Wait w = { f, 48 };
  g_autoptr(LwThumbnails) small = lw_thumbnails_new (2);
  g_autoptr(GdkTexture) again = NULL, bigger = NULL, bigger_again = NULL;
  g_autoptr(GError) error = NULL;
  guint decodes;

  lw_gui_test_spin_until (all_shown, &w);
  lw_gui_test_spin_until (tried_all, thumbs);   /* the missing file's worker may end later */
  decodes = lw_thumbnails_get_n_decodes (thumbs);

  /* A second request for what a row shows is the row's texture, without a decode. */
  again = load (thumbs, f->files[0], 48, 36, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (GDK_PAINTABLE (again) == row_thumbnail (f, pictures[0].name));
  g_assert_cmpuint (lw_thumbnails_get_n_decodes (thumbs), ==, decodes);

  /* Another size is another entry: one decode, then none. */
  bigger = load (thumbs, f->files[0], 96, 72, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (bigger), ==, 96);
  g_assert_cmpuint (lw_thumbnails_get_n_decodes (thumbs), ==, decodes + 1);
  bigger_again = load (thumbs, f->files[0], 96, 72, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bigger_again == bigger);
  g_assert_cmpuint (lw_thumbnails_get_n_decodes (thumbs), ==, decodes + 1);

  /* The LRU keeps its bound and drops the least recently used (three pictures in a cache
   * of two). */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GdkTexture) t = load (small, f->files[i], 48, 36, NULL, &error);
      g_assert_no_error (error);
      if (i == 1)
        g_assert_nonnull (lw_thumbnails_lookup (small, f->files[0], 48, 36));  /* 0 is now newest */
    }
  g_assert_cmpuint (lw_thumbnails_get_n_cached (small), ==, 2);
  g_assert_cmpuint (lw_thumbnails_get_n_decodes (small), ==, 3);
  g_assert_nonnull (lw_thumbnails_lookup (small, f->files[0], 48, 36));
  g_assert_null (lw_thumbnails_lookup (small, f->files[1], 48, 36));
  g_assert_nonnull (lw_thumbnails_lookup (small, f->files[2], 48, 36));
}

static void
test_cancel_and_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(LwThumbnails) thumbs = lw_thumbnails_new (8);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.png", NULL);

  /* Cancelled before a worker starts (a row bound to another item): no decode. */
  g_cancellable_cancel (cancellable);
  texture = load (thumbs, f->files[0], 48, 36, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (texture);
  g_assert_cmpuint (lw_thumbnails_get_n_decodes (thumbs), ==, 0);
  g_assert_cmpuint (lw_thumbnails_get_n_cached (thumbs), ==, 0);
  g_clear_error (&error);

  /* A missing file is an error that names it, and nothing is cached. */
  texture = load (thumbs, missing, 48, 36, NULL, &error);
  g_assert_null (texture);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.png"));
  g_assert_cmpuint (lw_thumbnails_get_n_cached (thumbs), ==, 0);
}

static void
test_size_setting (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Wait w = { f, 48 };
  GdkPaintable *p;

  lw_gui_test_spin_until (all_shown, &w);
  g_settings_set_int (settings, "thumbnail-size", 96);
  w.width = 96;
  lw_gui_test_spin_until (all_shown, &w);
  p = row_thumbnail (f, pictures[0].name);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (p), ==, 72);
  /* The slot grows with the setting, for text rows too: the names still line up. */
  lw_gui_test_spin_until (pictures_laid_out, f);
  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    g_assert_cmpfloat (title_x (f, pictures[i].name), ==, title_x (f, "note"));
  g_assert_cmpfloat (title_x (f, "note"), >=, 96);
  g_settings_reset (settings, "thumbnail-size");
}

#define N_MANY 400

typedef struct {
  LwWindow   *window;
  const char *name;
} RowWait;

static gboolean
row_has_thumbnail (gpointer data)
{
  RowWait *w = data;
  GtkWidget *row = find_row (GTK_WIDGET (w->window), w->name);

  return row != NULL && gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "thumbnail"));
}

/* Only the rows in view ask: a list of 400 pictures decodes about a screenful (not the 200
 * rows GTK binds), at the start and after a jump to the end. */
static void
test_visible_only (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "many", "traffic");
  g_autofree char *path = g_strdup (lw_project_get_path (project));
  g_autoptr(GError) error = NULL;
  LwWindow *window;
  LwThumbnails *thumbs;
  GtkWidget *list;
  RowWait first = { NULL, "p-0010.png" }, last = { NULL, NULL };
  g_autofree char *last_name = g_strdup_printf ("p-%04d.png", N_MANY - 1);
  guint at_start;

  g_assert_true (lw_project_begin (project, &error));
  for (int i = 0; i < N_MANY; i++)
    {
      g_autofree char *name = g_strdup_printf ("p-%04d.png", i);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      Picture p = { name, 16, 12, (guint8) i, 100, 50 };

      write_png (file, &p);
      lw_test_add_image (project, name, 16, 12);
    }
  g_assert_true (lw_project_commit (project, &error));
  lw_project_close (project);

  window = lw_gui_test_open_window (path);
  thumbs = lw_window_get_thumbnails (window);
  first.window = last.window = window;
  last.name = last_name;
  lw_gui_test_spin_until (row_has_thumbnail, &first);
  lw_gui_test_spin ();
  at_start = lw_thumbnails_get_n_decodes (thumbs);
  g_test_message ("decodes for the first screen: %u of %d", at_start, N_MANY);
  /* GTK 4.8 binds about 200 rows around the view; a screen holds about 16 of them. Row 10's
   * thumbnail is there; the workers finish the others in any order, so the count at this
   * moment is only bounded above. */
  g_assert_cmpuint (at_start, >, 0);
  g_assert_cmpuint (at_start, <, N_MANY / 8);
  g_assert_null (find_row (GTK_WIDGET (window), last_name));

  /* The item list is the list view that holds the rows (the window has others). */
  list = gtk_widget_get_ancestor (find_row (GTK_WIDGET (window), "p-0000.png"), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  /* As the keyboard's End does (setting the adjustment alone does not move a 4.8 list). */
  g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", N_MANY - 1));
  lw_gui_test_spin_until (row_has_thumbnail, &last);
  lw_gui_test_spin ();
  g_test_message ("decodes after the jump to the end: %u", lw_thumbnails_get_n_decodes (thumbs));
  g_assert_cmpuint (lw_thumbnails_get_n_decodes (thumbs) - at_start, <, N_MANY / 8);
  g_assert_null (find_row (GTK_WIDGET (window), "p-0000.png"));

  lw_gui_test_close_window (window);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  if (!lw_gui_test_init (&argc, &argv))
    return 0;
  g_test_add ("/gui/thumbnails/rows", Fixture, NULL, fixture_setup, test_rows, fixture_teardown);
  g_test_add ("/gui/thumbnails/cache", Fixture, NULL, fixture_setup, test_cache, fixture_teardown);
  g_test_add ("/gui/thumbnails/cancel-and-missing", Fixture, NULL, fixture_setup,
              test_cancel_and_missing, fixture_teardown);
  g_test_add ("/gui/thumbnails/size-setting", Fixture, NULL, fixture_setup, test_size_setting,
              fixture_teardown);
  g_test_add_func ("/gui/thumbnails/visible-only", test_visible_only);
  return lw_gui_test_run ();
}
