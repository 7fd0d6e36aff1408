/* lw-tags.c: image tags and document classes switched on and off, one undo step each */
#define G_LOG_DOMAIN "lw-model"

#include "lw-error.h"
#include "lw-model-private.h"
#include "lw-schema.h"

/* The current annotator's layer, or every layer when there is no current annotator. */
static gboolean
on_layer (LwProject *project, const LwAnnotation *ann)
{
  gint64 annotator = lw_project_get_current_annotator (project);

  return annotator <= 0 || ann->annotator_id == annotator;
}

gboolean
lw_project_toggle_tag (LwProject  *project,
                       gint64      item_id,
                       gint64      class_id,
                       gboolean   *now_on,
                       GError    **error)
{
  g_autoptr(LwLabelClass) klass = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  gint64 existing = 0;

  g_return_val_if_fail (LW_IS_PROJECT (project), FALSE);

  klass = lw_project_get_class (project, class_id, error);
  if (klass == NULL)
    return FALSE;
  if (!lw_label_class_allows (klass, LW_ANNOTATION_TAG))
    {
      g_set_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID,
                   "class “%s” is not a tag", klass->name);
      return FALSE;
    }
  annotations = lw_project_list_annotations (project, item_id, 0, error);
  if (annotations == NULL || !lw_project_begin (project, error))
    return FALSE;

  for (guint i = 0; i < annotations->len; i++)
    {
      const LwAnnotation *ann = annotations->pdata[i];

      if (ann->kind == LW_ANNOTATION_TAG && ann->class_id == class_id && on_layer (project, ann))
        existing = ann->id;
    }
  if (existing > 0)
    {
      if (!lw_project_delete_annotation (project, existing, error))
        goto fail;
    }
  else
    {
      g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, class_id, LW_ANNOTATION_TAG);

      /* An exclusive group (an essay's score, the weather) holds one choice: the new one
       * replaces the others in the same step. */
      for (guint i = 0; klass->exclusive && klass->group != NULL && i < annotations->len; i++)
        {
          const LwAnnotation *other = annotations->pdata[i];
          g_autoptr(LwLabelClass) other_class = NULL;

          if (other->kind != LW_ANNOTATION_TAG || other->class_id == class_id || !on_layer (project, other))
            continue;
          other_class = lw_project_get_class (project, other->class_id, NULL);
          if (other_class != NULL && g_strcmp0 (other_class->group, klass->group) == 0
              && !lw_project_delete_annotation (project, other->id, error))
            goto fail;
        }
      if (!lw_project_add_annotation (project, ann, error))
        goto fail;
    }
  if (!lw_project_commit (project, error))
    return FALSE;
  if (now_on != NULL)
    *now_on = existing == 0;
  return TRUE;

fail:
  lw_project_rollback (project);
  return FALSE;
}
