#define G_LOG_DOMAIN "lw-enums"

#include <string.h>

#include "lw-types.h"

/* These names are what the database and every file format store: never rename one. */
static const char *const item_kinds[] = { "image", "text", NULL };
static const char *const item_statuses[] = { "new", "in_progress", "done", "accepted", "rejected", NULL };
static const char *const annotation_kinds[] = {
  "tag", "bbox", "rbox", "polygon", "polyline", "point", "keypoints", "span", NULL
};
static const char *const sources[] = { "manual", "prediction", "import", "consensus", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (item_statuses) == LW_ITEM_N_STATUSES + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (annotation_kinds) == LW_ANNOTATION_N_KINDS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (sources) == LW_N_SOURCES + 1);

static gboolean
lookup (const char *const *names, const char *str, int *out)
{
  if (str == NULL)
    return FALSE;
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], str) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, prefix, table, n)                 \
  const char *prefix##_to_string (Type value)                       \
  {                                                                 \
    g_return_val_if_fail ((int) value >= 0 && (int) value < (n), NULL); \
    return table[value];                                            \
  }                                                                 \
  gboolean prefix##_from_string (const char *str, Type *out)        \
  {                                                                 \
    int v;                                                          \
    if (!lookup (table, str, &v))                                   \
      return FALSE;                                                 \
    if (out)                                                        \
      *out = (Type) v;                                              \
    return TRUE;                                                    \
  }

DEFINE_ENUM_STRINGS (LwItemKind, lw_item_kind, item_kinds, 2)
DEFINE_ENUM_STRINGS (LwItemStatus, lw_item_status, item_statuses, LW_ITEM_N_STATUSES)
DEFINE_ENUM_STRINGS (LwAnnotationKind, lw_annotation_kind, annotation_kinds, LW_ANNOTATION_N_KINDS)
DEFINE_ENUM_STRINGS (LwAnnotationSource, lw_source, sources, LW_N_SOURCES)
