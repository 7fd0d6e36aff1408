#define G_LOG_DOMAIN "lw-export"

#include <math.h>
#include <string.h>

#include "lw-annotation.h"
#include "lw-error.h"
#include "lw-item.h"
#include "lw-model-private.h"
#include "lw-project-private.h"
#include "lw-schema.h"
#include "formats/lw-write-private.h"

#define PAGE_SIZE 256

static const char *const format_names[LW_EXPORT_N_FORMATS] = {
  "coco", "yolo", "voc", "labelme", "jsonl", "csv", "native", "bio",
};

static const LwFormatWriter *
writer_for (LwExportFormat format)
{
  switch (format)
    {
    case LW_EXPORT_COCO:    return &_lw_coco_writer;
    case LW_EXPORT_YOLO:    return &_lw_yolo_writer;
    case LW_EXPORT_VOC:     return &_lw_voc_writer;
    case LW_EXPORT_LABELME: return &_lw_labelme_writer;
    case LW_EXPORT_JSONL:   return &_lw_jsonl_writer;
    case LW_EXPORT_CSV:     return &_lw_csv_writer;
    case LW_EXPORT_NATIVE:  return &_lw_native_writer;
    case LW_EXPORT_BIO:     return &_lw_bio_writer;
    case LW_EXPORT_N_FORMATS:
    default:
      return NULL;
    }
}

void
lw_export_options_init (LwExportOptions *opts)
{
  g_return_if_fail (opts != NULL);
  memset (opts, 0, sizeof *opts);
  opts->format = LW_EXPORT_COCO;
}

static void
clear_splits (LwExportOptions *opts)
{
  for (guint i = 0; i < opts->n_splits; i++)
    g_clear_pointer (&opts->splits[i].name, g_free);
  opts->n_splits = 0;
}

void
lw_export_options_clear (LwExportOptions *opts)
{
  g_return_if_fail (opts != NULL);
  clear_splits (opts);
  g_clear_pointer (&opts->classes, g_strfreev);
}

const char *
lw_export_format_to_string (LwExportFormat format)
{
  g_return_val_if_fail (format < LW_EXPORT_N_FORMATS, NULL);
  return format_names[format];
}

gboolean
lw_export_format_from_string (const char *str, LwExportFormat *out)
{
  for (guint i = 0; str != NULL && i < LW_EXPORT_N_FORMATS; i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
valid_split_name (const char *name)
{
  if (name[0] == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
lw_export_parse_splits (LwExportOptions *opts, const char *spec, GError **error)
{
  g_auto(GStrv) parts = NULL;
  double sum = 0;

  g_return_val_if_fail (opts != NULL && spec != NULL, FALSE);

  clear_splits (opts);
  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq, *end = NULL;
      double fraction;

      g_strstrip (parts[i]);
      eq = strchr (parts[i], '=');
      if (eq == NULL)
        goto bad;
      *eq = '\0';
      g_strstrip (parts[i]);
      fraction = g_ascii_strtod (eq + 1, &end);
      if (end == eq + 1 || *end != '\0' || !(fraction > 0) || fraction > 1 ||
          !valid_split_name (parts[i]) || opts->n_splits == LW_EXPORT_MAX_SPLITS)
        {
          *eq = '=';
          goto bad;
        }
      for (guint j = 0; j < opts->n_splits; j++)
        if (strcmp (opts->splits[j].name, parts[i]) == 0)
          {
            *eq = '=';
            goto bad;
          }
      opts->splits[opts->n_splits].name = g_strdup (parts[i]);
      opts->splits[opts->n_splits].fraction = fraction;
      opts->n_splits++;
      sum += fraction;
      continue;
    bad:
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
                   "Invalid split “%s” in “%s” (expected NAME=FRACTION with a fraction in (0, 1], "
                   "each name once, e.g. train=0.8,val=0.1,test=0.1)", parts[i], spec);
      clear_splits (opts);
      return FALSE;
    }
  if (fabs (sum - 1.0) > 1e-6)
    {
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
                   "The split fractions in “%s” sum to %g, not 1", spec, sum);
      clear_splits (opts);
      return FALSE;
    }
  return TRUE;
}

gboolean
lw_export_parse_statuses (const char *spec, guint *mask_out, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);
  guint mask = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      LwItemStatus status;
      g_strstrip (parts[i]);
      if (!lw_item_status_from_string (parts[i], &status))
        {
          g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
                       "Unknown status “%s” (expected new, in_progress, done, accepted, rejected)",
                       parts[i]);
          return FALSE;
        }
      mask |= 1u << status;
    }
  *mask_out = mask;
  return TRUE;
}

/* Splits: ranked by a hash of the seed and the item's content, so that two projects holding
 * the same items in another order split them alike; stratified by the item's rarest class so
 * that a class with few items still reaches every split. */

typedef struct {
  gint64  item_id;
  gint64  stratum;   /* the rarest class of the item, 0 for items without annotations */
  guint64 rank;
  int     split;
} SplitEntry;

static guint64
mix64 (guint64 z)
{
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint64
rank_hash (guint64 seed, const char *key)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ mix64 (seed);

  for (const guchar *p = (const guchar *) key; *p; p++)
    {
      h ^= *p;
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return mix64 (h ^ seed);
}

static int
compare_stratum_rank (gconstpointer a, gconstpointer b)
{
  const SplitEntry *x = a, *y = b;

  if (x->stratum != y->stratum)
    return x->stratum < y->stratum ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

static int
compare_item_id (gconstpointer a, gconstpointer b)
{
  const LwSplitAssignment *x = a, *y = b;

  return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

/* Counts per split for a stratum of @n items: whole shares first; the items left over go
 * to the splits furthest below their share of everything assigned so far (@global, @total),
 * so that many small strata (a class on one image each) still fill every split in proportion;
 * then, where there are enough items, at least one in every split. */
static void
stratum_counts (const LwExportOptions *opts, guint n, guint *counts,
                const guint64 *global, guint64 total)
{
  double remainders[LW_EXPORT_MAX_SPLITS];
  guint assigned = 0;

  for (guint s = 0; s < opts->n_splits; s++)
    {
      double exact = n * opts->splits[s].fraction;
      counts[s] = (guint) floor (exact);
      remainders[s] = exact - counts[s];
      assigned += counts[s];
    }
  while (assigned < n)
    {
      int best = -1;
      double best_deficit = -G_MAXDOUBLE;
      for (guint s = 0; s < opts->n_splits; s++)
        {
          double deficit = opts->splits[s].fraction * (double) (total + n) - (double) (global[s] + counts[s]);
          if (remainders[s] >= 0 && deficit > best_deficit + 1e-9)
            {
              best = s;
              best_deficit = deficit;
            }
        }
      g_assert (best >= 0);
      counts[best]++;
      remainders[best] = -1;
      assigned++;
    }
  if (n >= opts->n_splits)
    for (guint s = 0; s < opts->n_splits; s++)
      if (counts[s] == 0)
        {
          guint most = 0;
          for (guint t = 1; t < opts->n_splits; t++)
            if (counts[t] > counts[most])
              most = t;
          counts[most]--;
          counts[s]++;
        }
}

static gboolean
class_item_counts (LwProject *project, gint64 annotator_id, GHashTable *counts, GError **error)
{
  sqlite3_stmt *stmt = _lw_project_stmt (project,
      "SELECT class_id, count(DISTINCT item_id) FROM annotation "
      "WHERE (?1 = 0 OR annotator_id = ?1) GROUP BY class_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, annotator_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *key = g_new (gint64, 1);
      *key = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (counts, key, GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _lw_project_sql_error (project, rc, "counting classes", error);
  return TRUE;
}

/* Each item's rarest class (fewest items in @counts, then the lowest id; 0 for an item
 * without annotations), from the export's annotation cursor, reading classes only, walked
 * alongside the items, which come in increasing id order. A query per item took 0.95 s of a 100,000-image
 * export with splits (labelwright-cli export --split, 2.14 s against 1.20 s without). */
static gboolean
rarest_class (LwAnnotationCursor *cursor, GHashTable *counts, gint64 item_id, gint64 *out,
              GError **error)
{
  GPtrArray *anns = _lw_annotation_cursor_next (cursor, item_id, error);
  int best_count = G_MAXINT;
  gint64 best = 0;

  if (anns == NULL)
    return FALSE;
  for (guint i = 0; i < anns->len; i++)
    {
      gint64 class_id = ((const LwAnnotation *) anns->pdata[i])->class_id;
      int count = GPOINTER_TO_INT (g_hash_table_lookup (counts, &class_id));
      if (count < best_count || (count == best_count && class_id < best))
        {
          best_count = count;
          best = class_id;
        }
    }
  *out = best;
  return TRUE;
}

GArray *
_lw_export_assign_splits (LwProject             *project,
                          const LwExportOptions *opts,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SplitEntry));
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (LwSplitAssignment));
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  LwItemFilter filter = { .status_mask = opts->status_mask };
  guint64 global[LW_EXPORT_MAX_SPLITS] = { 0 }, total = 0;
  gint64 after = 0;
  g_autoptr(LwAnnotationCursor) cursor = NULL;

  if (!class_item_counts (project, opts->annotator_id, counts, error))
    return NULL;
  cursor = _lw_annotation_cursor_new (project, opts->annotator_id, LW_CURSOR_CLASS, error);
  if (cursor == NULL)
    return NULL;
  for (;;)
    {
      g_autoptr(GPtrArray) page = _lw_project_list_items_uncounted (project, &filter, after,
                                                                    PAGE_SIZE, FALSE, error);
      if (page == NULL)
        return NULL;
      if (page->len == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; i < page->len; i++)
        {
          const LwItem *item = page->pdata[i];
          SplitEntry e = { .item_id = item->id, .split = -1 };
          const char *key = item->sha256 ? item->sha256 : item->ext_id ? item->ext_id : item->name;

          after = item->id;
          if (item->split != NULL && item->split[0] != '\0')
            continue;
          if (!rarest_class (cursor, counts, item->id, &e.stratum, error))
            return NULL;
          e.rank = rank_hash (opts->seed, key ? key : "");
          g_array_append_val (entries, e);
        }
    }

  g_array_sort (entries, compare_stratum_rank);
  for (guint start = 0; start < entries->len;)
    {
      guint end = start, counts_per_split[LW_EXPORT_MAX_SPLITS], s = 0, used = 0;

      while (end < entries->len &&
             g_array_index (entries, SplitEntry, end).stratum ==
             g_array_index (entries, SplitEntry, start).stratum)
        end++;
      stratum_counts (opts, end - start, counts_per_split, global, total);
      for (guint k = 0; k < opts->n_splits; k++)
        global[k] += counts_per_split[k];
      total += end - start;
      for (guint i = start; i < end; i++)
        {
          LwSplitAssignment a;
          while (s < opts->n_splits && used >= counts_per_split[s])
            {
              s++;
              used = 0;
            }
          g_assert (s < opts->n_splits);
          a.item_id = g_array_index (entries, SplitEntry, i).item_id;
          a.split = s;
          used++;
          g_array_append_val (result, a);
        }
      start = end;
    }
  g_array_sort (result, compare_item_id);
  return g_steal_pointer (&result);
}

int
_lw_export_lookup_split (GArray *assignments, gint64 item_id)
{
  guint lo = 0, hi = assignments ? assignments->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const LwSplitAssignment *a = &g_array_index (assignments, LwSplitAssignment, mid);
      if (a->item_id == item_id)
        return a->split;
      if (a->item_id < item_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

/* The context the writers share. */

int
_lw_write_class_index (LwWriteContext *ctx, gint64 class_id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (ctx->class_index, &class_id)) - 1;
}

const LwLabelClass *
_lw_write_class (LwWriteContext *ctx, gint64 class_id)
{
  int i = _lw_write_class_index (ctx, class_id);

  return i < 0 ? NULL : ctx->classes->pdata[i];
}

gboolean
_lw_write_media (LwWriteContext *ctx, const LwWriteItem *wi, const char *entry, GError **error)
{
  if (wi->media_src == NULL)
    return TRUE;
  return _lw_export_sink_add_media (ctx->sink, entry, wi->media_src, wi->item->name,
                                    ctx->opts->strip_metadata && wi->item->kind == LW_ITEM_KIND_IMAGE,
                                    error);
}

static void
context_clear (LwWriteContext *ctx)
{
  g_clear_pointer (&ctx->classes, g_ptr_array_unref);
  g_clear_pointer (&ctx->class_index, g_hash_table_unref);
  g_clear_pointer (&ctx->split_names, g_ptr_array_unref);
  g_clear_pointer (&ctx->domain, g_free);
  g_clear_pointer (&ctx->project_name, g_free);
}

static char *
media_source (LwProject *project, const LwItem *item)
{
  if (item->media_path == NULL || item->media_path[0] == '\0')
    return NULL;
  if (g_path_is_absolute (item->media_path))
    return g_strdup (item->media_path);
  /* g_build_filename's separator handling cost 1,200 instructions an item; a relative path
   * needs one separator after the folder (which has no trailing one but at the root). */
  {
    const char *folder = lw_project_get_folder (project);
    return g_strconcat (folder, g_str_has_suffix (folder, G_DIR_SEPARATOR_S) ? "" : G_DIR_SEPARATOR_S,
                        item->media_path, NULL);
  }
}

static char *
dup_stem (const char *file_name)
{
  const char *dot = strrchr (file_name, '.');

  return dot && dot != file_name ? g_strndup (file_name, dot - file_name) : g_strdup (file_name);
}

/* --anonymize-names: the item's content hash. The stored sha256 where there is one; else the
 * hash of the media file or the text; an item with neither gets the hash of its id, which
 * says nothing about its name. */
static char *
dup_content_hash (const LwItem *item, const char *media_src)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  if (item->sha256 != NULL && *item->sha256)
    {
      for (const char *p = item->sha256; *p; p++)
        if (!g_ascii_isalnum (*p))
          return g_compute_checksum_for_string (G_CHECKSUM_SHA256, item->sha256, -1);
      return g_ascii_strdown (item->sha256, -1);
    }
  if (item->text != NULL)
    return g_compute_checksum_for_string (G_CHECKSUM_SHA256, item->text, -1);
  if (media_src != NULL && (mapped = g_mapped_file_new (media_src, FALSE, NULL)) != NULL)
    {
      checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (mapped),
                         g_mapped_file_get_length (mapped));
      return g_strdup (g_checksum_get_string (checksum));
    }
  {
    g_autofree char *id = g_strdup_printf ("labelwright-item-%" G_GINT64_FORMAT, item->id);
    return g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
  }
}

/* The extension of @base with its dot ("" when none, or when it does not look like one). */
static const char *
file_ending (const char *base)
{
  const char *dot = strrchr (base, '.');

  if (dot == NULL || dot == base || dot[1] == '\0' || strlen (dot) > 11)
    return "";
  for (const char *p = dot + 1; *p; p++)
    if (!g_ascii_isalnum (*p))
      return "";
  return dot;
}

/* A base name that no other item of the export uses: the item id goes in front on a clash.
 * The stems must differ too, and regardless of case: YOLO, VOC and labelme name label files
 * after the stem (a.jpg and a.png would write one labels/a.txt), and the export may be
 * unpacked on a case-insensitive file system. Every writer names media, label and annotation files after this (file_name and its stem),
 * so @anon_hash (--anonymize-names) here renames them all alike. */
static char *
unique_file_name (GHashTable *used, GStringChunk *keys, const LwItem *item, const char *anon_hash)
{
  const char *src = item->media_path ? item->media_path : item->name;
  /* Entry names and the names inside JSON are UTF-8. */
  g_autofree char *base = _lw_name_take_utf8 (g_path_get_basename (src && *src ? src : "item"));
  char *name;

  if (anon_hash != NULL)
    {
      char *hashed = g_strconcat (anon_hash, file_ending (base), NULL);
      g_free (base);
      base = hashed;
    }
  g_strdelimit (base, "\\:", '_');
  if (base[0] == '.' || strcmp (base, "/") == 0)
    {
      char *fixed = g_strdup_printf ("item%s", base[0] == '.' ? base : "");
      g_free (base);
      base = fixed;
    }
  name = g_strdup (base);
  for (guint n = 0;; n++)
    {
      g_autofree char *stem = dup_stem (name);
      /* For ASCII, case folding is lowering A-Z, at a tenth of g_utf8_casefold's cost
       * (callgrind, bench-export: 1,600 instructions an item). */
      g_autofree char *key = g_str_is_ascii (stem) ? g_ascii_strdown (stem, -1)
                                                   : g_utf8_casefold (stem, -1);

      if (!g_hash_table_contains (used, key))
        {
          g_hash_table_add (used, g_string_chunk_insert (keys, key));
          return name;
        }
      g_free (name);
      name = n == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "_%s", item->id, base)
                    : g_strdup_printf ("%" G_GINT64_FORMAT "_%u_%s", item->id, n, base);
    }
}

/* The id of a text in the output: its external id, else its name, else the item id. */
static char *
text_stem (const LwItem *item)
{
  if (item->ext_id && *item->ext_id)
    return g_strdup (item->ext_id);
  if (item->name && *item->name)
    return g_strdup (item->name);
  return g_strdup_printf ("%" G_GINT64_FORMAT, item->id);
}

static void
note_split (LwWriteContext *ctx, const char *split)
{
  for (guint i = 0; i < ctx->split_names->len; i++)
    if (strcmp (ctx->split_names->pdata[i], split) == 0)
      return;
  g_ptr_array_add (ctx->split_names, g_strdup (split));
}

/* The class filter: @classes keeps the chosen ones, in schema order. An unknown name is an
 * error that lists what the project has. */
static gboolean
keep_chosen_classes (GPtrArray *classes, char **chosen, GError **error)
{
  for (guint c = 0; chosen[c] != NULL; c++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < classes->len && !found; i++)
        found = g_strcmp0 (((LwLabelClass *) classes->pdata[i])->name, chosen[c]) == 0;
      if (!found)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          for (guint i = 0; i < classes->len; i++)
            g_string_append_printf (names, "%s“%s”", i ? ", " : "",
                                    ((LwLabelClass *) classes->pdata[i])->name);
          g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
                       "The class filter names “%s”, which the project does not have (it has %s)",
                       chosen[c], classes->len ? names->str : "no classes");
          return FALSE;
        }
    }
  for (guint i = classes->len; i-- > 0;)
    if (!g_strv_contains ((const char *const *) chosen, ((LwLabelClass *) classes->pdata[i])->name))
      g_ptr_array_remove_index (classes, i);
  return TRUE;
}

static void
drop_other_classes (GPtrArray *annotations, GHashTable *class_index)
{
  for (guint i = annotations->len; i-- > 0;)
    if (!g_hash_table_contains (class_index, &((LwAnnotation *) annotations->pdata[i])->class_id))
      g_ptr_array_remove_index (annotations, i);
}

gboolean
lw_export_run (LwProject             *project,
               const LwExportOptions *opts,
               const char            *output,
               LwProgressFunc         progress,
               gpointer               progress_data,
               GCancellable          *cancellable,
               GError               **error)
{
  const LwFormatWriter *writer;
  g_autoptr(LwExportSink) sink = NULL;
  g_autoptr(GArray) assignments = NULL;
  g_autoptr(GHashTable) used_names = NULL;
  GStringChunk *used_keys = NULL;
  LwExportReader *reader = NULL;
  LwExportBatch *batch = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new ();
  g_autoptr(GPtrArray) reviews = g_ptr_array_new ();
  g_autoptr(GString) progress_msg = g_string_sized_new (64);
  LwWriteContext ctx = { 0 };
  LwItemFilter filter = { 0 };
  gpointer state = NULL;
  gboolean ok = FALSE, read_tx = FALSE;
  gint64 total, done = 0;
  sqlite3 *db;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (opts != NULL && output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  writer = writer_for (opts->format);
  if (writer == NULL)
    {
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_UNSUPPORTED,
                   "Unknown export format %d", (int) opts->format);
      return FALSE;
    }
  for (guint i = 0; i < opts->n_splits; i++)
    if (opts->splits[i].name == NULL || !valid_split_name (opts->splits[i].name))
      {
        g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
                     "Invalid split name “%s”", opts->splits[i].name ? opts->splits[i].name : "");
        return FALSE;
      }

  /* One read transaction around every read: the export is a snapshot of one instant even
   * while another process (or connection) keeps committing edits (WAL readers do not block
   * writers). Inside a caller's transaction the caller's snapshot already holds. */
  db = _lw_project_get_db (project);
  if (db != NULL && sqlite3_get_autocommit (db))
    {
      if (!_lw_project_exec (project, "BEGIN DEFERRED", error))
        return FALSE;
      read_tx = TRUE;
    }

  filter.status_mask = opts->status_mask;
  total = lw_project_count_items (project, &filter, error);
  if (total < 0)
    goto out;
  if (progress)
    progress (0.0, "Preparing the export", progress_data);
  if (opts->n_splits > 0)
    {
      assignments = _lw_export_assign_splits (project, opts, cancellable, error);
      if (assignments == NULL)
        goto out;
    }

  sink = _lw_export_sink_new (output, error);
  if (sink == NULL)
    goto out;
  if (lw_project_get_folder (project) != NULL)
    _lw_export_sink_set_media_root (sink, lw_project_get_folder (project));

  ctx.project = project;
  ctx.sink = sink;
  ctx.opts = opts;
  ctx.classes = lw_project_list_classes (project, error);
  if (ctx.classes == NULL)
    goto out;
  if (opts->classes != NULL && !keep_chosen_classes (ctx.classes, opts->classes, error))
    goto out;
  ctx.class_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < ctx.classes->len; i++)
    {
      const LwLabelClass *klass = ctx.classes->pdata[i];
      gint64 *key = g_memdup2 (&klass->id, sizeof klass->id);
      g_hash_table_insert (ctx.class_index, key, GINT_TO_POINTER (i + 1));
    }
  ctx.split_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < opts->n_splits; i++)
    note_split (&ctx, opts->splits[i].name);
  ctx.domain = lw_project_dup_domain (project);
  ctx.project_name = lw_project_dup_name (project);
  /* The names used so far, one per item: kept in a string chunk, as g_utf8_casefold's own
   * buffers (128 bytes for a short name) made this set most of a large export's memory. */
  used_names = g_hash_table_new (g_str_hash, g_str_equal);
  used_keys = g_string_chunk_new (64 * 1024);

  state = writer->begin (&ctx, error);
  if (state == NULL)
    goto out;
  reader = _lw_export_reader_new (project, &filter, opts->annotator_id, writer->all_columns,
                                  writer->needs_reviews, writer->item_kinds, error);
  if (reader == NULL)
    goto out;

  for (;;)
    {
      batch = _lw_export_reader_next (reader);
      if (batch->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&batch->error));
          goto out;
        }
      for (guint i = 0; i < batch->items->len; i++)
        {
          LwItem *listed = batch->items->pdata[i];
          g_autofree char *src = NULL;
          g_autofree char *file_name = NULL;
          g_autofree char *stem = NULL;
          g_autofree char *anon = NULL;
          LwWriteItem wi = { 0 };
          int s;

          done++;
          if (progress)
            {
              /* Called for every item (it is also where cancellation is noticed), so the
               * message is built without printf or an allocation. */
              g_string_truncate (progress_msg, 0);
              _lw_gstring_lit (progress_msg, "Exporting item ");
              _lw_gstring_int (progress_msg, done);
              _lw_gstring_lit (progress_msg, " of ");
              _lw_gstring_int (progress_msg, total);
              progress (total > 0 ? 0.98 * (done - 1) / total : 0.0, progress_msg->str, progress_data);
            }
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if ((writer->item_kinds & (1u << listed->kind)) == 0)
            continue;
          /* Texts come whole: the reader lists them unshortened. */
          wi.item = listed;
          if (listed->kind == LW_ITEM_KIND_TEXT)
            {
              if (opts->anonymize_names)
                anon = dup_content_hash (listed, NULL);
              stem = anon ? g_strdup (anon) : text_stem (listed);
            }
          else
            {
              if (!opts->no_media)
                {
                  src = media_source (project, listed);
                  /* Without skip-missing, the writer's open finds a missing file (the
                   * export then fails): a stat here as well was a path lookup per item
                   * on the export's busiest thread (perf, bench-export). */
                  if (src == NULL || (opts->skip_missing && !g_file_test (src, G_FILE_TEST_IS_REGULAR)))
                    {
                      if (opts->skip_missing)
                        {
                          if (opts->skipped)
                            g_ptr_array_add (opts->skipped, g_strdup (listed->name));
                          g_debug ("skipping %s: media missing at %s", listed->name, src ? src : "(no path)");
                          continue;
                        }
                      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_MISSING_MEDIA,
                                   "The media of item “%s” is missing: %s (use skip-missing to "
                                   "leave such items out)", listed->name,
                                   src ? src : "no media path");
                      goto out;
                    }
                }
              if (opts->anonymize_names)
                anon = dup_content_hash (listed, src);
              file_name = unique_file_name (used_names, used_keys, listed, anon);
              stem = dup_stem (file_name);
            }

          if (wi.item->split != NULL && wi.item->split[0] != '\0')
            wi.split = wi.item->split;
          else if ((s = _lw_export_lookup_split (assignments, wi.item->id)) >= 0)
            wi.split = opts->splits[s].name;
          else
            wi.split = "default";
          if (!valid_split_name (wi.split))
            {
              g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT,
                           "Item “%s” has the split “%s”, which cannot be a folder name",
                           wi.item->name, wi.split);
              goto out;
            }
          note_split (&ctx, wi.split);

          g_ptr_array_set_size (annotations, 0);
          for (guint k = g_array_index (batch->starts, guint, i);
               k < g_array_index (batch->starts, guint, i + 1); k++)
            g_ptr_array_add (annotations, batch->annotations->pdata[k]);
          g_ptr_array_set_size (reviews, 0);
          if (writer->needs_reviews)
            for (guint k = g_array_index (batch->review_starts, guint, i);
                 k < g_array_index (batch->review_starts, guint, i + 1); k++)
              g_ptr_array_add (reviews, batch->reviews->pdata[k]);
          if (opts->classes != NULL)
            drop_other_classes (annotations, ctx.class_index);
          if (anon != NULL)
            {
              /* What else could name the source: the display name, the id it had where it
               * came from, its path. The item is this loop's copy. */
              g_free (listed->name);
              listed->name = g_strdup (file_name ? file_name : stem);
              g_clear_pointer (&listed->ext_id, g_free);
              g_clear_pointer (&listed->media_path, g_free);
            }
          wi.file_name = file_name;
          wi.stem = stem;
          wi.media_src = src;
          wi.annotations = annotations;
          wi.reviews = writer->needs_reviews ? reviews : NULL;
          if (!writer->item (&ctx, state, &wi, error))
            goto out;
        }
      if (batch->last)
        break;
      _lw_export_reader_release (reader, g_steal_pointer (&batch));
    }
  _lw_export_reader_release (reader, g_steal_pointer (&batch));
  /* The connection is this thread's again (writers' finish may query it). */
  g_clear_pointer (&reader, _lw_export_reader_free);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (!writer->finish (&ctx, state, error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (!_lw_export_sink_commit (sink, error))
    goto out;
  if (progress)
    progress (1.0, "Export finished", progress_data);
  ok = TRUE;

out:
  if (state != NULL)
    writer->free (state);
  context_clear (&ctx);
  g_clear_pointer (&used_names, g_hash_table_unref);
  g_clear_pointer (&used_keys, g_string_chunk_free);
  /* Before the read transaction ends: no statement is left running, no reader thread. */
  if (batch != NULL)
    _lw_export_reader_release (reader, batch);
  g_clear_pointer (&reader, _lw_export_reader_free);
  if (read_tx && db != NULL && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return ok;
}
