/* lw-item-model.c: the project's items as a lazy GListModel
 *
 * GtkListView asks for the rows it shows, by position. We answer from a small cache of
 * pages; a missing page is fetched with one position look-up (lw_project_item_at) and one
 * keyset query (lw_project_list_items), or with the keyset query alone when the page before
 * it is cached, which is the common case while scrolling. Opening a project costs one
 * count, whatever the number of items.
 */
#define G_LOG_DOMAIN "lw-item-model"

#include "lw-item-model.h"
#include "lw-item-object.h"

struct _LwItemModel
{
  GObject       parent_instance;

  LwProject    *project;
  gulong        changed_id;
  LwItemFilter  filter;
  char         *search;
  char         *split;
  guint         n_items;

  GHashTable   *pages;   /* page index -> GPtrArray of LwItemObject */
  GQueue        lru;     /* page indices, most recent first */
  guint         n_fetches;
};

static void lw_item_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwItemModel, lw_item_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      lw_item_model_list_model_init))

static void
clear_cache (LwItemModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static guint
count_items (LwItemModel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n = lw_project_count_items (self->project, &self->filter, &error);

  if (n < 0)
    {
      g_warning ("Cannot count the items: %s", error ? error->message : "unknown error");
      return 0;
    }
  return (guint) MIN (n, G_MAXUINT);
}

static void
touch_page (LwItemModel *self, guint page)
{
  GList *link = g_queue_find (&self->lru, GUINT_TO_POINTER (page));

  if (link != NULL)
    g_queue_unlink (&self->lru, link), g_list_free (link);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->lru) > LW_ITEM_MODEL_MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
fetch_page (LwItemModel *self, guint page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *objects;
  GPtrArray *before;
  gint64 after_id;

  before = page > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1)) : NULL;
  if (before != NULL && before->len == LW_ITEM_MODEL_PAGE_SIZE)
    after_id = lw_item_object_get_id (g_ptr_array_index (before, before->len - 1));
  else if (page == 0)
    after_id = 0;
  else
    {
      gint64 first = lw_project_item_at (self->project, &self->filter,
                                         (gint64) page * LW_ITEM_MODEL_PAGE_SIZE, &error);
      if (first <= 0)
        {
          if (error != NULL)
            g_warning ("Cannot page the items: %s", error->message);
          return NULL;
        }
      after_id = first - 1;
    }

  items = lw_project_list_items (self->project, &self->filter, after_id,
                                 LW_ITEM_MODEL_PAGE_SIZE, &error);
  if (items == NULL)
    {
      g_warning ("Cannot list the items: %s", error ? error->message : "unknown error");
      return NULL;
    }
  self->n_fetches++;

  objects = g_ptr_array_new_full (items->len, g_object_unref);
  /* The LwItems move into the objects: steal them from the result array. */
  g_ptr_array_set_free_func (items, NULL);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (objects, lw_item_object_new (g_ptr_array_index (items, i)));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), objects);
  return objects;
}

static GType
lw_item_model_get_item_type (GListModel *model)
{
  return LW_TYPE_ITEM_OBJECT;
}

static guint
lw_item_model_get_n_items (GListModel *model)
{
  return LW_ITEM_MODEL (model)->n_items;
}

static gpointer
lw_item_model_get_item (GListModel *model, guint position)
{
  LwItemModel *self = LW_ITEM_MODEL (model);
  guint page = position / LW_ITEM_MODEL_PAGE_SIZE;
  guint index = position % LW_ITEM_MODEL_PAGE_SIZE;
  GPtrArray *objects;

  if (position >= self->n_items)
    return NULL;

  objects = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (objects == NULL)
    objects = fetch_page (self, page);
  if (objects == NULL)
    return NULL;
  touch_page (self, page);

  if (index >= objects->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (objects, index));
}

static void
lw_item_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lw_item_model_get_item_type;
  iface->get_n_items = lw_item_model_get_n_items;
  iface->get_item = lw_item_model_get_item;
}

/* A keyset look-up, so its cost does not grow with the item's position. */
static gboolean
item_matches (LwItemModel *self, gint64 item_id)
{
  return lw_project_next_item (self->project, &self->filter, item_id - 1, FALSE, NULL) == item_id;
}

static void
reset (LwItemModel *self)
{
  guint old = self->n_items;

  clear_cache (self);
  self->n_items = count_items (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/* One item changed: tell the view about that row only, or about the row that left or
 * joined the filtered list, so that scrolling position and selection survive. */
static void
on_project_changed (LwProject *project, gint64 item_id, LwItemModel *self)
{
  g_autoptr(GError) error = NULL;
  guint old = self->n_items;
  guint now;
  gint64 pos;

  if (item_id == 0)
    {
      reset (self);
      return;
    }

  clear_cache (self);
  now = count_items (self);
  pos = lw_project_item_position (project, &self->filter, item_id, &error);
  if (pos < 0 || pos > (gint64) MIN (old, now))
    {
      self->n_items = now;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, now);
      return;
    }

  self->n_items = now;
  if (now == old + 1)
    g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  else if (now + 1 == old)
    g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  else if (now == old)
    {
      if (pos < now && item_matches (self, item_id))
        g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
    }
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, now);
}

static void
lw_item_model_dispose (GObject *object)
{
  LwItemModel *self = LW_ITEM_MODEL (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->changed_id, self->project);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (lw_item_model_parent_class)->dispose (object);
}

static void
lw_item_model_finalize (GObject *object)
{
  LwItemModel *self = LW_ITEM_MODEL (object);

  clear_cache (self);
  g_hash_table_unref (self->pages);
  g_free (self->search);
  g_free (self->split);
  G_OBJECT_CLASS (lw_item_model_parent_class)->finalize (object);
}

static void
lw_item_model_class_init (LwItemModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_item_model_dispose;
  object_class->finalize = lw_item_model_finalize;
}

static void
lw_item_model_init (LwItemModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

LwItemModel *
lw_item_model_new (LwProject *project)
{
  LwItemModel *self;

  g_return_val_if_fail (LW_IS_PROJECT (project), NULL);

  self = g_object_new (LW_TYPE_ITEM_MODEL, NULL);
  self->project = g_object_ref (project);
  self->changed_id = g_signal_connect (project, "changed", G_CALLBACK (on_project_changed), self);
  self->n_items = count_items (self);
  return self;
}

LwProject *
lw_item_model_get_project (LwItemModel *self)
{
  g_return_val_if_fail (LW_IS_ITEM_MODEL (self), NULL);
  return self->project;
}

void
lw_item_model_set_filter (LwItemModel *self,
                          guint        status_mask,
                          const char  *search)
{
  g_return_if_fail (LW_IS_ITEM_MODEL (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (self->filter.status_mask == status_mask && g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  self->filter.status_mask = status_mask;
  self->filter.search = self->search;
  reset (self);
}

void
lw_item_model_set_item_filter (LwItemModel        *self,
                               const LwItemFilter *filter)
{
  LwItemFilter empty = { 0 };
  const char *search;

  g_return_if_fail (LW_IS_ITEM_MODEL (self));

  if (filter == NULL)
    filter = &empty;
  search = filter->search != NULL && *filter->search != '\0' ? filter->search : NULL;
  if (self->filter.status_mask == filter->status_mask &&
      self->filter.class_id == filter->class_id &&
      self->filter.annotator_id == filter->annotator_id &&
      g_strcmp0 (self->split, filter->split) == 0 &&
      self->filter.predictions_only == filter->predictions_only &&
      g_strcmp0 (self->search, search) == 0 &&
      self->filter.kind_set == filter->kind_set &&
      self->filter.queue_annotator_id == filter->queue_annotator_id &&
      (!filter->kind_set || self->filter.kind == filter->kind))
    return;

  g_free (self->search);
  g_free (self->split);
  self->search = g_strdup (search);
  self->split = g_strdup (filter->split);
  self->filter = *filter;
  self->filter.search = self->search;
  self->filter.split = self->split;
  reset (self);
}

gboolean
lw_item_model_is_filtered (LwItemModel *self)
{
  const LwItemFilter *f;

  g_return_val_if_fail (LW_IS_ITEM_MODEL (self), FALSE);
  f = &self->filter;
  return f->status_mask != 0 || f->class_id > 0 || f->annotator_id > 0 || f->split != NULL ||
         f->predictions_only || f->search != NULL || f->kind_set || f->queue_annotator_id > 0;
}

const LwItemFilter *
lw_item_model_get_filter (LwItemModel *self)
{
  g_return_val_if_fail (LW_IS_ITEM_MODEL (self), NULL);
  return &self->filter;
}

gint64
lw_item_model_find (LwItemModel *self,
                    gint64       item_id)
{
  gint64 pos;

  g_return_val_if_fail (LW_IS_ITEM_MODEL (self), -1);

  if (item_id <= 0)
    return -1;
  pos = lw_project_item_position (self->project, &self->filter, item_id, NULL);
  if (pos < 0 || pos >= self->n_items)
    return -1;
  /* The position counts matching ids below @item_id; the item itself may not match. */
  if (!item_matches (self, item_id))
    return -1;
  return pos;
}

void
lw_item_model_reload (LwItemModel *self)
{
  g_return_if_fail (LW_IS_ITEM_MODEL (self));
  reset (self);
}

guint
lw_item_model_get_n_fetches (LwItemModel *self)
{
  g_return_val_if_fail (LW_IS_ITEM_MODEL (self), 0);
  return self->n_fetches;
}
