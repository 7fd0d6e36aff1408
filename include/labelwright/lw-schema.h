/* lw-schema.h: the label schema: classes, their kinds, hotkeys and attributes */
#pragma once

#include <gio/gio.h>
#include "lw-types.h"

G_BEGIN_DECLS

typedef enum {
  LW_ATTRIBUTE_BOOL,
  LW_ATTRIBUTE_INT,
  LW_ATTRIBUTE_NUMBER,
  LW_ATTRIBUTE_TEXT,
  LW_ATTRIBUTE_CHOICE,      /* one of choices */
  LW_ATTRIBUTE_MULTI,       /* a subset of choices */
} LwAttributeType;

struct _LwAttributeDef {
  char            *name;
  LwAttributeType  type;
  char           **choices;        /* NULL-terminated; CHOICE and MULTI only */
  char            *default_value;  /* JSON text of the default, or NULL */
};

/* kinds: a bit set of (1 << LwAnnotationKind) */
#define LW_KIND_BIT(k) (1u << (k))

struct _LwLabelClass {
  gint64      id;           /* 0 until stored */
  char       *name;
  char       *color;        /* "#rrggbb" */
  guint       kinds;        /* LW_KIND_BIT set */
  char       *hotkey;       /* a single key name ("1", "c", "F2") or NULL */
  char       *group;        /* optional grouping ("vehicle", "essay score"), or NULL */
  char       *description;
  GPtrArray  *attributes;   /* LwAttributeDef*, owned */
  char      **keypoints;    /* keypoint names for LW_ANNOTATION_KEYPOINTS, or NULL */
  GArray     *skeleton;     /* pairs of 1-based keypoint indices (gint), or NULL */
  gboolean    exclusive;    /* TAG classes of one group: choosing one clears the others */
  int         position;     /* order in the palette */
};

LwLabelClass   *lw_label_class_new          (const char *name);
LwLabelClass   *lw_label_class_copy         (const LwLabelClass *klass);
void            lw_label_class_free         (LwLabelClass *klass);
gboolean        lw_label_class_allows       (const LwLabelClass *klass, LwAnnotationKind kind);
/* "bbox,polygon" */
char           *lw_label_class_dup_kinds_string (const LwLabelClass *klass);
const LwAttributeDef *lw_label_class_find_attribute (const LwLabelClass *klass, const char *name);

LwAttributeDef *lw_attribute_def_new        (const char *name, LwAttributeType type);
LwAttributeDef *lw_attribute_def_copy       (const LwAttributeDef *def);
void            lw_attribute_def_free       (LwAttributeDef *def);
const char     *lw_attribute_type_to_string (LwAttributeType type);
gboolean        lw_attribute_type_from_string (const char *str, LwAttributeType *out);

/* Parse a label schema document (JSON, see schemas/domains/README.md).
 * Returns LwLabelClass* (owned) or NULL with LW_SCHEMA_ERROR naming @source_name. */
GPtrArray      *lw_schema_parse             (const char  *data,
                                             gsize        length,
                                             const char  *source_name,
                                             char       **domain_out,
                                             GError     **error);
GPtrArray      *lw_schema_load_file         (const char  *path,
                                             GError     **error);
/* The bundled domain templates: traffic, medical, education, industrial, custom. */
const char *const *lw_schema_list_domains   (void);
GPtrArray      *lw_schema_load_domain       (const char  *domain,
                                             GError     **error);
/* Serialises classes back to the schema document format. */
char           *lw_schema_to_json           (GPtrArray   *classes,
                                             const char  *domain);

/* Stored classes, in palette order. */
GPtrArray      *lw_project_list_classes     (LwProject   *project,
                                             GError     **error);
LwLabelClass   *lw_project_get_class        (LwProject   *project,
                                             gint64       class_id,
                                             GError     **error);
LwLabelClass   *lw_project_find_class       (LwProject   *project,
                                             const char  *name);
/* Validates (unique name and hotkey, colour, kinds) and stores; sets klass->id. */
gboolean        lw_project_add_class        (LwProject    *project,
                                             LwLabelClass *klass,
                                             GError      **error);
/* Changing a class is refused where existing annotations would become invalid
 * (a kind removed that annotations use). */
gboolean        lw_project_update_class     (LwProject          *project,
                                             const LwLabelClass *klass,
                                             GError            **error);
/* Refused while annotations use the class. */
gboolean        lw_project_remove_class     (LwProject   *project,
                                             gint64       class_id,
                                             GError     **error);
/* How many annotations use the class (what removing it would delete), or -1. */
gint64          lw_project_count_class_annotations (LwProject *project,
                                             gint64       class_id,
                                             GError     **error);
/* Removes the class and every annotation of it, in one transaction. Not undoable: the
 * history groups that touched annotations of the class are dropped with them, since
 * replaying them would need the class. */
gboolean        lw_project_remove_class_and_annotations (LwProject *project,
                                             gint64       class_id,
                                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwLabelClass, lw_label_class_free)

G_END_DECLS
