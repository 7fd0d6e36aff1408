/* lw-sample-education.c: the bundled education sample: essays and exam answers, some in
 * Chinese, with the education template's error spans and score and knowledge-point tags */
#define G_LOG_DOMAIN "lw-sample"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <labelwright.h>
#include <math.h>
#include <string.h>

#include "lw-sample.h"

typedef struct
{
  const char *klass;
  const char *phrase;      /* its first occurrence in the text */
  const char *correction;  /* NULL: none (praise) */
  gboolean    prediction;
} SampleSpan;

typedef struct
{
  const char   *name;
  const char   *text;
  const char   *tags[3];
  SampleSpan    spans[5];
  LwItemStatus  status;
} Essay;

static const Essay essays[] = {
  { "essay-en-01",
    "Many students thinks that homework is a waste of time. However, homework help students to "
    "practise what they learned in class, and it teach them to manage there time. In my opinion "
    "teachers should give less homework but not none.",
    { "score 3", "argumentation", NULL },
    { { "grammar", "thinks", "think", FALSE },
      { "grammar", "help", "helps", FALSE },
      { "grammar", "teach", "teaches", FALSE },
      { "spelling", "there", "their", FALSE },
      /* Overlaps the second grammar error: a strength and an error in one clause. */
      { "praise", "homework help students to practise what they learned in class", NULL, FALSE } },
    LW_ITEM_STATUS_DONE },
  { "answer-zh-01",
    "问：为什么秋天树叶会变黄？答：因为天气变冷，叶子里的叶绿素慢慢分解了，黄色的色素就显露出来。"
    "所以树叶变黄了，这是一种自然的现像。",
    { "score 5", "reading comprehension", NULL },
    { { "spelling", "现像", "现象", FALSE },
      { "praise", "叶子里的叶绿素慢慢分解了", NULL, FALSE } },
    LW_ITEM_STATUS_DONE },
  { "essay-zh-02",
    "我的妈妈是一个很勤劳的人。她每天早上六点就起床，给我们做早饭。虽然她很累，但是她从来不报怨。"
    "我长大以后也要像她一样，做一个有用的人们。",
    { NULL },
    { { "spelling", "报怨", "抱怨", FALSE },
      /* A checker model's guess, left for the annotator to accept or delete. */
      { "grammar", "有用的人们", "有用的人", TRUE } },
    LW_ITEM_STATUS_IN_PROGRESS },
  { "essay-en-02",
    "Reading books is more better than watching videos, because books makes you imagine. When I "
    "read Harry Potter I could see the castle in my mind. videos show you everything so you dont "
    "need to think.",
    { NULL }, { { NULL } }, LW_ITEM_STATUS_NEW },
  { "answer-en-02",
    "Q: What causes the seasons? A: The Earth is tilted, so different parts get more direct "
    "sunlight at different times of the year. Its not because the Earth is closer to the sun.",
    { NULL }, { { NULL } }, LW_ITEM_STATUS_NEW },
  { "answer-zh-03",
    "题目：请用“虽然……但是……”造句。答：虽然今天下雨了，但是我们还是去公园玩的很开心。",
    { NULL }, { { NULL } }, LW_ITEM_STATUS_NEW },
};

static gboolean
add (LwProject *project, gint64 item_id, const char *klass, LwAnnotationKind kind,
     const double *values, guint n_values, const char *attributes, gint64 annotator,
     LwAnnotationSource source, double score, GError **error)
{
  g_autoptr(LwLabelClass) found = lw_project_find_class (project, klass);
  g_autoptr(LwAnnotation) ann = NULL;

  g_assert (found != NULL);
  ann = lw_annotation_new (item_id, found->id, kind);
  if (n_values > 0)
    lw_annotation_set_geometry (ann, values, n_values);
  if (attributes != NULL)
    {
      g_free (ann->attributes);
      ann->attributes = g_strdup (attributes);
    }
  ann->annotator_id = annotator;
  ann->source = source;
  ann->score = score;
  return lw_project_import_annotation (project, ann, error);
}

static gboolean
fill_essay (LwProject *project, const Essay *essay, gint64 annotator, gint64 model, GError **error)
{
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_TEXT, essay->name);

  item->text = g_strdup (essay->text);
  item->ext_id = g_strdup (essay->name);
  item->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, essay->text, -1);
  item->status = essay->status;
  if (!lw_project_add_item (project, item, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (essay->tags) && essay->tags[i] != NULL; i++)
    if (!add (project, item->id, essay->tags[i], LW_ANNOTATION_TAG, NULL, 0, NULL, annotator,
              LW_SOURCE_MANUAL, NAN, error))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (essay->spans) && essay->spans[i].klass != NULL; i++)
    {
      const SampleSpan *span = &essay->spans[i];
      const char *at = strstr (essay->text, span->phrase);
      g_autofree char *attributes = NULL;
      double v[2];

      g_assert (at != NULL);
      /* Offsets in code points, as the model stores them. */
      v[0] = g_utf8_pointer_to_offset (essay->text, at);
      v[1] = v[0] + g_utf8_strlen (span->phrase, -1);
      if (span->correction != NULL)
        {
          g_autoptr(GString) json = g_string_new ("{\"correction\":\"");
          g_string_append (json, span->correction);
          g_string_append (json, "\",\"severity\":\"minor\"}");
          attributes = g_string_free (g_steal_pointer (&json), FALSE);
        }
      if (!add (project, item->id, span->klass, LW_ANNOTATION_SPAN, v, 2, attributes,
                span->prediction ? model : annotator,
                span->prediction ? LW_SOURCE_PREDICTION : LW_SOURCE_MANUAL,
                span->prediction ? 0.81 : NAN, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fill_education (LwProject *project, const char *folder, guint n_classes, GError **error)
{
  gint64 annotator = lw_project_ensure_annotator (project, "sample annotator", error);
  gint64 model = annotator > 0 ? lw_project_ensure_annotator (project, "essay-checker-v1", error) : 0;

  if (model <= 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (essays); i++)
    if (!fill_essay (project, &essays[i], annotator, model, error))
      return FALSE;
  return TRUE;
}

char *
lw_sample_build_education (const char  *folder,
                           GError     **error)
{
  return lw_sample_build_project (folder, "education-sample.lwproj", _("Education sample"),
                                  "education", fill_education, error);
}

char *
lw_sample_ensure_education (GError **error)
{
  return lw_sample_ensure_built ("education-sample.lwproj", lw_sample_build_education, error);
}
