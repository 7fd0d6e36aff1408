/* lw-thumbnails.c: the item list's thumbnails.
 *
 * GtkListView binds up to 200 rows around the view (GTK 4.8 keeps that many), so a bound row
 * does not ask at once: it waits until it is within half a screen of the list's view (checked
 * after layout, and again when the list scrolls or resizes). Only the rows in view therefore
 * cost a decode, whatever the size of the project. The decode runs in a GTask
 * worker with gdk_pixbuf_new_from_file_at_scale (loaders that can, decode at the small size);
 * the texture is kept in an LRU of a fixed number of entries keyed by size and path, so that
 * scrolling back is served without decoding. A row's request is cancelled when the row is
 * bound to another item or unbound; a request cancelled before its worker starts does no work.
 * A file that cannot be read leaves the row's icon in place (the canvas reports the error when
 * the item is opened; a list of a million rows should not raise a dialog per row). */
#define G_LOG_DOMAIN "lw-thumbnails"

#include "config.h"

#include "lw-thumbnails.h"

#define DEFAULT_SIZE 48

typedef struct {
  char       *key;
  GdkTexture *texture;
} Entry;

typedef struct {
  char *path;
  int   width;
  int   height;
} Request;

struct _LwThumbnails
{
  GObject     parent_instance;

  guint       capacity;
  int         size;
  GHashTable *index;    /* key -> GList link in lru */
  GtkWidget  *view;     /* weak: the list whose visible rows ask */
  GHashTable *waiting;  /* bound rows (owned) that wait to be in view */
  guint       check_id;
  GQueue      lru;      /* Entry*, most recently used first */
  guint       n_decodes; /* atomic: workers run in other threads */
};

G_DEFINE_FINAL_TYPE (LwThumbnails, lw_thumbnails, G_TYPE_OBJECT)

enum { PROP_0, PROP_SIZE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request);
}

static char *
make_key (const char *path, int width, int height)
{
  return g_strdup_printf ("%dx%d:%s", width, height, path);
}

GdkTexture *
lw_thumbnails_lookup (LwThumbnails *self, const char *path, int width, int height)
{
  g_autofree char *key = NULL;
  GList *link;

  g_return_val_if_fail (LW_IS_THUMBNAILS (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  key = make_key (path, width, height);
  link = g_hash_table_lookup (self->index, key);
  if (link == NULL)
    return NULL;
  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((Entry *) link->data)->texture;
}

static void
insert (LwThumbnails *self, const char *key, GdkTexture *texture)
{
  Entry *entry;
  GList *link = g_hash_table_lookup (self->index, key);

  if (link != NULL)
    {
      /* Two rows asked for the same file at once: keep the first, it is the same picture. */
      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      return;
    }
  entry = g_new0 (Entry, 1);
  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->index, entry->key, self->lru.head);
  while (self->lru.length > self->capacity)
    {
      Entry *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->index, old->key);
      entry_free (old);
    }
}

static void
decode_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LwThumbnails *self = source;
  Request *request = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  /* Scrolling fast cancels most requests before a worker gets to them. */
  if (g_task_return_error_if_cancelled (task))
    return;
  g_atomic_int_inc (&self->n_decodes);
  pixbuf = gdk_pixbuf_new_from_file_at_scale (request->path, request->width, request->height,
                                              TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

void
lw_thumbnails_load_async (LwThumbnails        *self,
                          const char          *path,
                          int                  width,
                          int                  height,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GdkTexture *cached;
  Request *request;

  g_return_if_fail (LW_IS_THUMBNAILS (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (width > 0 && height > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_thumbnails_load_async);
  cached = lw_thumbnails_lookup (self, path, width, height);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }
  request = g_new0 (Request, 1);
  request->path = g_strdup (path);
  request->width = width;
  request->height = height;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  /* GTask's pool runs higher priorities first: the canvas's image decode goes ahead of a
   * screenful of thumbnails. */
  g_task_set_priority (task, G_PRIORITY_LOW);
  g_task_run_in_thread (task, decode_thread);
}

GdkTexture *
lw_thumbnails_load_finish (LwThumbnails  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  GdkTexture *texture;
  Request *request;

  g_return_val_if_fail (LW_IS_THUMBNAILS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  texture = g_task_propagate_pointer (G_TASK (result), error);
  request = g_task_get_task_data (G_TASK (result));
  if (texture != NULL && request != NULL)
    {
      g_autofree char *key = make_key (request->path, request->width, request->height);
      insert (self, key, texture);
    }
  return texture;
}

int
lw_thumbnails_get_size (LwThumbnails *self)
{
  g_return_val_if_fail (LW_IS_THUMBNAILS (self), DEFAULT_SIZE);
  return self->size;
}

void
lw_thumbnails_set_size (LwThumbnails *self, int size)
{
  g_return_if_fail (LW_IS_THUMBNAILS (self));

  size = MAX (size, 16);
  if (size == self->size)
    return;
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

guint
lw_thumbnails_get_n_decodes (LwThumbnails *self)
{
  g_return_val_if_fail (LW_IS_THUMBNAILS (self), 0);
  return (guint) g_atomic_int_get (&self->n_decodes);
}

guint
lw_thumbnails_get_n_cached (LwThumbnails *self)
{
  g_return_val_if_fail (LW_IS_THUMBNAILS (self), 0);
  return self->lru.length;
}

/* Rows */

typedef struct {
  GtkWidget    *row;
  GtkWidget    *icon;
  GtkPicture   *picture;
} RowRequest;

static void
show_texture (GtkWidget *icon, GtkPicture *picture, GdkTexture *texture)
{
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (picture), texture != NULL);
  gtk_widget_set_visible (icon, texture == NULL);
}

static void
on_row_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RowRequest *rr = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = lw_thumbnails_load_finish (LW_THUMBNAILS (source), result, &error);

  if (texture != NULL)
    {
      show_texture (rr->icon, rr->picture, texture);
      /* Done: the row no longer needs to cancel it. */
      g_object_set_data (G_OBJECT (rr->row), "lw-thumbnail-cancellable", NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("no thumbnail: %s", error->message);
      g_object_set_data (G_OBJECT (rr->row), "lw-thumbnail-cancellable", NULL);
    }
  g_object_unref (rr->row);
  g_object_unref (rr->icon);
  g_object_unref (rr->picture);
  g_free (rr);
}

static void
start_request (LwThumbnails *self, GtkWidget *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "lw-thumbnail-path");
  GCancellable *cancellable = g_cancellable_new ();
  RowRequest *rr = g_new0 (RowRequest, 1);

  g_object_set_data_full (G_OBJECT (row), "lw-thumbnail-cancellable", cancellable, g_object_unref);
  rr->row = g_object_ref (row);
  rr->icon = g_object_ref (g_object_get_data (G_OBJECT (row), "lw-thumbnail-icon"));
  rr->picture = g_object_ref (g_object_get_data (G_OBJECT (row), "lw-thumbnail-picture"));
  lw_thumbnails_load_async (self, path, self->size, self->size * 3 / 4, cancellable,
                            on_row_loaded, rr);
}

/* Within half a screen of the view (or no view to ask: then every row is). */
static gboolean
row_in_view (LwThumbnails *self, GtkWidget *row)
{
  graphene_rect_t bounds;
  double height, margin;

  if (self->view == NULL)
    return TRUE;
  if (!gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, self->view, &bounds))
    return FALSE;
  height = gtk_widget_get_height (self->view);
  margin = height / 2;
  return bounds.origin.y + bounds.size.height > -margin && bounds.origin.y < height + margin;
}

static gboolean
check_waiting (gpointer data)
{
  LwThumbnails *self = data;
  g_autoptr(GPtrArray) ready = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer row;

  self->check_id = 0;
  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (row_in_view (self, row))
      {
        g_hash_table_iter_steal (&iter);
        g_ptr_array_add (ready, row);
      }
  for (guint i = 0; i < ready->len; i++)
    start_request (self, g_ptr_array_index (ready, i));
  return G_SOURCE_REMOVE;
}

/* After layout: G_PRIORITY_LOW runs once the frame clock's work is done. */
static void
queue_check (LwThumbnails *self)
{
  if (self->check_id == 0 && g_hash_table_size (self->waiting) > 0)
    self->check_id = g_idle_add_full (G_PRIORITY_LOW, check_waiting, self, NULL);
}

void
lw_thumbnails_unbind_row (LwThumbnails *self, GtkWidget *row)
{
  GCancellable *pending = g_object_get_data (G_OBJECT (row), "lw-thumbnail-cancellable");

  g_return_if_fail (LW_IS_THUMBNAILS (self));

  g_hash_table_remove (self->waiting, row);
  if (pending != NULL)
    {
      g_cancellable_cancel (pending);
      g_object_set_data (G_OBJECT (row), "lw-thumbnail-cancellable", NULL);
    }
}

void
lw_thumbnails_bind_row (LwThumbnails *self,
                        GtkWidget    *row,
                        GtkWidget    *icon,
                        GtkPicture   *picture,
                        const char   *path)
{
  int width, height;
  GdkTexture *cached;

  g_return_if_fail (LW_IS_THUMBNAILS (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  lw_thumbnails_unbind_row (self, row);
  width = self->size;
  height = self->size * 3 / 4;
  gtk_widget_set_size_request (GTK_WIDGET (picture), width, height);
  /* The icon takes the thumbnail's width, so that every row's title starts at the same x;
   * their slot, when they share one, the thumbnail's size. */
  gtk_widget_set_size_request (icon, width, -1);
  if (gtk_widget_get_parent (icon) != NULL && gtk_widget_get_parent (icon) == gtk_widget_get_parent (GTK_WIDGET (picture)))
    gtk_widget_set_size_request (gtk_widget_get_parent (icon), width, height);
  cached = path != NULL ? lw_thumbnails_lookup (self, path, width, height) : NULL;
  /* Until the thumbnail is there, the row shows the kind's icon, as a text item does. */
  show_texture (icon, picture, cached);
  if (path == NULL || cached != NULL)
    return;

  g_object_set_data_full (G_OBJECT (row), "lw-thumbnail-path", g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (row), "lw-thumbnail-icon", icon);
  g_object_set_data (G_OBJECT (row), "lw-thumbnail-picture", picture);
  g_hash_table_add (self->waiting, g_object_ref (row));
  queue_check (self);
}

static void
on_view_moved (LwThumbnails *self)
{
  queue_check (self);
}

void
lw_thumbnails_set_view (LwThumbnails *self, GtkWidget *view)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (LW_IS_THUMBNAILS (self));
  g_return_if_fail (GTK_IS_SCROLLABLE (view));
  g_return_if_fail (self->view == NULL);

  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  if (adjustment != NULL)
    {
      g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_view_moved), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_view_moved), self,
                               G_CONNECT_SWAPPED);
    }
}

/* Object */

static void
lw_thumbnails_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwThumbnails *self = LW_THUMBNAILS (object);

  switch (prop_id)
    {
    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_thumbnails_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwThumbnails *self = LW_THUMBNAILS (object);

  switch (prop_id)
    {
    case PROP_SIZE:
      lw_thumbnails_set_size (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_thumbnails_finalize (GObject *object)
{
  LwThumbnails *self = LW_THUMBNAILS (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
  g_hash_table_destroy (self->waiting);
  g_hash_table_destroy (self->index);
  g_queue_clear_full (&self->lru, (GDestroyNotify) entry_free);
  G_OBJECT_CLASS (lw_thumbnails_parent_class)->finalize (object);
}

static void
lw_thumbnails_class_init (LwThumbnailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lw_thumbnails_get_property;
  object_class->set_property = lw_thumbnails_set_property;
  object_class->finalize = lw_thumbnails_finalize;

  properties[PROP_SIZE] = g_param_spec_int ("size", NULL, NULL, 16, 1024, DEFAULT_SIZE,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                            G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_thumbnails_init (LwThumbnails *self)
{
  self->size = DEFAULT_SIZE;
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->waiting = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

LwThumbnails *
lw_thumbnails_new (guint capacity)
{
  LwThumbnails *self = g_object_new (LW_TYPE_THUMBNAILS, NULL);

  self->capacity = MAX (capacity, 1);
  return self;
}
