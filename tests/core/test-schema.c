#define G_LOG_DOMAIN "test-schema"

#include <string.h>

#include <glib/gstdio.h>

#include "labelwright.h"

#define SOURCE "test.json"

static GPtrArray *
parse (const char *json,
       char      **domain,
       GError    **error)
{
  return lw_schema_parse (json, strlen (json), SOURCE, domain, error);
}

static LwLabelClass *
find_class (GPtrArray  *classes,
            const char *name)
{
  for (guint i = 0; i < classes->len; i++)
    {
      LwLabelClass *klass = g_ptr_array_index (classes, i);
      if (g_strcmp0 (klass->name, name) == 0)
        return klass;
    }
  g_error ("no class named “%s”", name);
}

static void
assert_attributes_equal (const LwAttributeDef *a,
                         const LwAttributeDef *b)
{
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_true ((a->choices == NULL) == (b->choices == NULL));
  if (a->choices != NULL)
    g_assert_true (g_strv_equal ((const char *const *) a->choices, (const char *const *) b->choices));
  g_assert_cmpstr (a->default_value, ==, b->default_value);
}

static void
assert_classes_equal (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const LwLabelClass *x = g_ptr_array_index (a, i);
      const LwLabelClass *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->color, ==, y->color);
      g_assert_cmpuint (x->kinds, ==, y->kinds);
      g_assert_cmpstr (x->hotkey, ==, y->hotkey);
      g_assert_cmpstr (x->group, ==, y->group);
      g_assert_cmpstr (x->description, ==, y->description);
      g_assert_cmpint (x->exclusive, ==, y->exclusive);
      g_assert_cmpint (x->position, ==, y->position);
      g_assert_cmpuint (x->attributes->len, ==, y->attributes->len);
      for (guint j = 0; j < x->attributes->len; j++)
        assert_attributes_equal (g_ptr_array_index (x->attributes, j), g_ptr_array_index (y->attributes, j));
      g_assert_true ((x->keypoints == NULL) == (y->keypoints == NULL));
      if (x->keypoints != NULL)
        g_assert_true (g_strv_equal ((const char *const *) x->keypoints, (const char *const *) y->keypoints));
      g_assert_true ((x->skeleton == NULL) == (y->skeleton == NULL));
      if (x->skeleton != NULL)
        {
          g_assert_cmpuint (x->skeleton->len, ==, y->skeleton->len);
          g_assert_cmpmem (x->skeleton->data, x->skeleton->len * sizeof (gint),
                           y->skeleton->data, y->skeleton->len * sizeof (gint));
        }
    }
}

/* Templates */

static void
test_domains_list (void)
{
  const char *const *domains = lw_schema_list_domains ();
  const char *const expected[] = { "traffic", "medical", "education", "industrial", "custom", NULL };

  g_assert_true (g_strv_equal (domains, expected));
}

typedef struct {
  const char *domain;
  guint       n_classes;
  guint       kinds;      /* kinds that some class of the template must allow */
} DomainCase;

static const DomainCase domain_cases[] = {
  { "traffic", 18,
    LW_KIND_BIT (LW_ANNOTATION_TAG) | LW_KIND_BIT (LW_ANNOTATION_BBOX) | LW_KIND_BIT (LW_ANNOTATION_RBOX) |
    LW_KIND_BIT (LW_ANNOTATION_POLYGON) | LW_KIND_BIT (LW_ANNOTATION_POLYLINE) | LW_KIND_BIT (LW_ANNOTATION_KEYPOINTS) },
  { "medical", 14,
    LW_KIND_BIT (LW_ANNOTATION_TAG) | LW_KIND_BIT (LW_ANNOTATION_BBOX) | LW_KIND_BIT (LW_ANNOTATION_POLYGON) |
    LW_KIND_BIT (LW_ANNOTATION_POLYLINE) | LW_KIND_BIT (LW_ANNOTATION_POINT) },
  { "education", 20,
    LW_KIND_BIT (LW_ANNOTATION_TAG) | LW_KIND_BIT (LW_ANNOTATION_SPAN) | LW_KIND_BIT (LW_ANNOTATION_BBOX) |
    LW_KIND_BIT (LW_ANNOTATION_POLYGON) },
  { "industrial", 11,
    LW_KIND_BIT (LW_ANNOTATION_TAG) | LW_KIND_BIT (LW_ANNOTATION_BBOX) | LW_KIND_BIT (LW_ANNOTATION_POLYGON) |
    LW_KIND_BIT (LW_ANNOTATION_POLYLINE) | LW_KIND_BIT (LW_ANNOTATION_POINT) | LW_KIND_BIT (LW_ANNOTATION_RBOX) },
  { "custom", 0, 0 },
};

static void
test_domain_load (gconstpointer data)
{
  const DomainCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = lw_schema_load_domain (c->domain, &error);
  g_autoptr(GHashTable) hotkeys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint kinds = 0;

  g_assert_no_error (error);
  g_assert_nonnull (classes);
  g_assert_cmpuint (classes->len, ==, c->n_classes);
  for (guint i = 0; i < classes->len; i++)
    {
      LwLabelClass *klass = g_ptr_array_index (classes, i);

      g_assert_cmpint (klass->position, ==, (int) i);
      g_assert_cmpint (klass->id, ==, 0);
      g_assert_nonnull (klass->description);
      /* Every class of a template is on the keyboard, once, and not on n or p: those walk
       * to the next and previous item, and a class key would take them over. */
      g_assert_nonnull (klass->hotkey);
      g_assert_true (g_hash_table_add (hotkeys, g_utf8_casefold (klass->hotkey, -1)));
      g_assert_cmpstr (klass->hotkey, !=, "n");
      g_assert_cmpstr (klass->hotkey, !=, "p");
      kinds |= klass->kinds;
    }
  g_assert_cmpuint (kinds & c->kinds, ==, c->kinds);
}

static void
test_domain_all_kinds (void)
{
  guint kinds = 0;

  for (guint d = 0; d < G_N_ELEMENTS (domain_cases); d++)
    {
      g_autoptr(GPtrArray) classes = lw_schema_load_domain (domain_cases[d].domain, NULL);
      g_assert_nonnull (classes);
      for (guint i = 0; i < classes->len; i++)
        kinds |= ((LwLabelClass *) g_ptr_array_index (classes, i))->kinds;
    }
  g_assert_cmpuint (kinds, ==, (1u << LW_ANNOTATION_N_KINDS) - 1);
}

static void
test_domain_traffic_details (void)
{
  g_autoptr(GPtrArray) classes = lw_schema_load_domain ("traffic", NULL);
  LwLabelClass *pedestrian, *light, *car, *night;
  const LwAttributeDef *state;

  g_assert_nonnull (classes);
  car = find_class (classes, "car");
  g_assert_nonnull (car);
  g_assert_cmpstr (car->group, ==, "vehicle");
  g_assert_true (lw_label_class_allows (car, LW_ANNOTATION_RBOX));
  g_assert_nonnull (lw_label_class_find_attribute (car, "occluded"));
  g_assert_cmpstr (lw_label_class_find_attribute (car, "truncated")->default_value, ==, "false");

  pedestrian = find_class (classes, "pedestrian");
  g_assert_nonnull (pedestrian);
  g_assert_true (lw_label_class_allows (pedestrian, LW_ANNOTATION_KEYPOINTS));
  g_assert_cmpuint (g_strv_length (pedestrian->keypoints), ==, 17);
  g_assert_cmpstr (pedestrian->keypoints[0], ==, "nose");
  g_assert_cmpuint (pedestrian->skeleton->len, ==, 19 * 2);
  g_assert_cmpint (g_array_index (pedestrian->skeleton, gint, 0), ==, 16);
  g_assert_cmpint (g_array_index (pedestrian->skeleton, gint, 1), ==, 14);

  light = find_class (classes, "traffic light");
  state = lw_label_class_find_attribute (light, "state");
  g_assert_nonnull (state);
  g_assert_cmpint (state->type, ==, LW_ATTRIBUTE_CHOICE);
  g_assert_true (g_strv_contains ((const char *const *) state->choices, "yellow"));

  night = find_class (classes, "night");
  g_assert_true (night->exclusive);
  g_assert_cmpstr (night->group, ==, "time of day");
  g_assert_cmpuint (night->kinds, ==, LW_KIND_BIT (LW_ANNOTATION_TAG));
}

static void
test_domain_unknown (void)
{
  const char *const names[] = { "retail", "", "../sql/001-initial", "Traffic", "traffic.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) classes = lw_schema_load_domain (names[i], &error);

      g_assert_null (classes);
      g_assert_error (error, LW_SCHEMA_ERROR, LW_SCHEMA_ERROR_UNKNOWN_DOMAIN);
    }
}

static void
test_domain_round_trip (gconstpointer data)
{
  const DomainCase *c = data;
  g_autoptr(GPtrArray) first = lw_schema_load_domain (c->domain, NULL);
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  g_autofree char *domain = NULL;

  g_assert_nonnull (first);
  json = lw_schema_to_json (first, c->domain);
  g_assert_true (g_str_has_prefix (json, "{"));
  g_assert_nonnull (strstr (json, "\"labelwright-schema\""));
  second = lw_schema_parse (json, strlen (json), "round-trip.json", &domain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domain, ==, c->domain);
  assert_classes_equal (first, second);

  /* The writer is stable: writing what it read gives the same text. */
  json2 = lw_schema_to_json (second, c->domain);
  g_assert_cmpstr (json, ==, json2);
  third = lw_schema_parse (json2, strlen (json2), "round-trip.json", NULL, &error);
  g_assert_no_error (error);
  assert_classes_equal (first, third);
}

/* Parsing */

static const char valid_doc[] =
  "{\n"
  "  \"format\": \"labelwright-schema\", \"version\": 1, \"domain\": \"retail\",\n"
  "  \"name\": \"Shelves\", \"description\": \"Products on shelves\",\n"
  "  \"x-editor\": {\"anything\": [1, 2, 3]},\n"
  "  \"classes\": [\n"
  "    {\"name\": \"Bottle\", \"color\": \"#E01B24\", \"kinds\": [\"polygon\", \"bbox\"], \"hotkey\": \"f2\",\n"
  "     \"group\": \"product\", \"description\": \"A [[[[ bottle\", \"x-note\": \"ignored\",\n"
  "     \"attributes\": [\n"
  "       {\"name\": \"full\", \"type\": \"bool\", \"default\": true},\n"
  "       {\"name\": \"count\", \"type\": \"int\", \"default\": 3},\n"
  "       {\"name\": \"volume\", \"type\": \"number\", \"default\": 0.5},\n"
  "       {\"name\": \"brand\", \"type\": \"text\", \"default\": \"Ä \\\"quoted\\\"\"},\n"
  "       {\"name\": \"size\", \"type\": \"choice\", \"choices\": [\"s\", \"m\", \"l\"], \"default\": \"m\"},\n"
  "       {\"name\": \"flaws\", \"type\": \"multi\", \"choices\": [\"dent\", \"label\", \"cap\"], \"default\": [\"cap\", \"dent\"]},\n"
  "       {\"name\": \"note\", \"type\": \"text\", \"default\": null}\n"
  "     ]},\n"
  "    {\"name\": \"shopper\", \"kinds\": [\"keypoints\"], \"hotkey\": \"ö\",\n"
  "     \"keypoints\": [\"head\", \"left_hand\", \"right_hand\"], \"skeleton\": [[1, 2], [1, 3]]},\n"
  "    {\"name\": \"empty shelf\", \"color\": \"#00ff00\", \"kinds\": [\"tag\"], \"group\": \"shelf\", \"exclusive\": true},\n"
  "    {\"name\": \"full shelf\", \"color\": \"#0000ff\", \"kinds\": [\"tag\"], \"group\": \"shelf\", \"exclusive\": true,\n"
  "     \"hotkey\": null, \"description\": null},\n"
  "    {\"name\": \"price\", \"color\": \"#123abc\", \"kinds\": [\"span\", \"tag\"], \"hotkey\": \"+\"}\n"
  "  ]\n"
  "}\n";

static void
test_parse_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GPtrArray) classes = parse (valid_doc, &domain, &error);
  LwLabelClass *bottle, *shopper, *empty, *price;
  const LwAttributeDef *def;
  g_autofree char *kinds = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (classes);
  g_assert_cmpstr (domain, ==, "retail");
  g_assert_cmpuint (classes->len, ==, 5);

  bottle = g_ptr_array_index (classes, 0);
  g_assert_cmpstr (bottle->name, ==, "Bottle");
  g_assert_cmpstr (bottle->color, ==, "#e01b24");
  g_assert_cmpuint (bottle->kinds, ==, LW_KIND_BIT (LW_ANNOTATION_BBOX) | LW_KIND_BIT (LW_ANNOTATION_POLYGON));
  kinds = lw_label_class_dup_kinds_string (bottle);
  g_assert_cmpstr (kinds, ==, "bbox,polygon");
  g_assert_cmpstr (bottle->hotkey, ==, "F2");
  g_assert_cmpstr (bottle->group, ==, "product");
  g_assert_cmpstr (bottle->description, ==, "A [[[[ bottle");
  g_assert_false (bottle->exclusive);
  g_assert_cmpint (bottle->position, ==, 0);
  g_assert_null (bottle->keypoints);
  g_assert_null (bottle->skeleton);
  g_assert_cmpuint (bottle->attributes->len, ==, 7);

  def = lw_label_class_find_attribute (bottle, "full");
  g_assert_cmpint (def->type, ==, LW_ATTRIBUTE_BOOL);
  g_assert_cmpstr (def->default_value, ==, "true");
  g_assert_null (def->choices);
  def = lw_label_class_find_attribute (bottle, "count");
  g_assert_cmpint (def->type, ==, LW_ATTRIBUTE_INT);
  g_assert_cmpstr (def->default_value, ==, "3");
  def = lw_label_class_find_attribute (bottle, "volume");
  g_assert_cmpint (def->type, ==, LW_ATTRIBUTE_NUMBER);
  g_assert_cmpstr (def->default_value, ==, "0.5");
  def = lw_label_class_find_attribute (bottle, "brand");
  g_assert_cmpstr (def->default_value, ==, "\"Ä \\\"quoted\\\"\"");
  def = lw_label_class_find_attribute (bottle, "size");
  g_assert_cmpint (def->type, ==, LW_ATTRIBUTE_CHOICE);
  g_assert_cmpuint (g_strv_length (def->choices), ==, 3);
  g_assert_cmpstr (def->default_value, ==, "\"m\"");
  def = lw_label_class_find_attribute (bottle, "flaws");
  g_assert_cmpint (def->type, ==, LW_ATTRIBUTE_MULTI);
  g_assert_cmpstr (def->default_value, ==, "[\"cap\",\"dent\"]");
  def = lw_label_class_find_attribute (bottle, "note");
  g_assert_null (def->default_value);
  g_assert_null (lw_label_class_find_attribute (bottle, "FULL"));

  shopper = g_ptr_array_index (classes, 1);
  g_assert_cmpint (shopper->position, ==, 1);
  g_assert_cmpstr (shopper->hotkey, ==, "ö");
  /* No colour given: one from the default palette. */
  g_assert_nonnull (shopper->color);
  g_assert_cmpuint (strlen (shopper->color), ==, 7);
  g_assert_cmpint (shopper->color[0], ==, '#');
  g_assert_cmpuint (g_strv_length (shopper->keypoints), ==, 3);
  g_assert_cmpuint (shopper->skeleton->len, ==, 4);
  g_assert_cmpint (g_array_index (shopper->skeleton, gint, 3), ==, 3);

  empty = g_ptr_array_index (classes, 2);
  g_assert_true (empty->exclusive);
  g_assert_null (empty->hotkey);
  g_assert_null (((LwLabelClass *) g_ptr_array_index (classes, 3))->description);

  price = g_ptr_array_index (classes, 4);
  g_assert_true (lw_label_class_allows (price, LW_ANNOTATION_SPAN));
  g_assert_true (lw_label_class_allows (price, LW_ANNOTATION_TAG));
  g_assert_false (lw_label_class_allows (price, LW_ANNOTATION_BBOX));
  g_assert_false (lw_label_class_allows (price, LW_ANNOTATION_N_KINDS));
  g_assert_cmpstr (price->hotkey, ==, "+");
}

static void
test_parse_minimal (void)
{
  const char *json = "{\"classes\": [{\"name\": \"cat\", \"kinds\": [\"bbox\"]}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GPtrArray) classes = parse (json, &domain, &error);
  LwLabelClass *klass;

  g_assert_no_error (error);
  g_assert_null (domain);
  g_assert_cmpuint (classes->len, ==, 1);
  klass = g_ptr_array_index (classes, 0);
  g_assert_cmpstr (klass->name, ==, "cat");
  g_assert_nonnull (klass->color);
  g_assert_null (klass->hotkey);
  g_assert_null (klass->group);
  g_assert_cmpuint (klass->attributes->len, ==, 0);
}

static void
test_parse_custom_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GPtrArray) classes = parse ("{\"domain\": \"custom\", \"classes\": []}", &domain, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (classes->len, ==, 0);
  g_assert_cmpstr (domain, ==, "custom");

  json = lw_schema_to_json (classes, "custom");
  again = parse (json, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
}

static void
test_parse_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = parse (valid_doc, NULL, &error);
  g_autoptr(GPtrArray) second = NULL;
  g_autofree char *json = NULL;
  g_autofree char *domain = NULL;

  g_assert_no_error (error);
  json = lw_schema_to_json (first, "retail");
  /* "x-" keys are for other tools: not carried. */
  g_assert_null (strstr (json, "x-note"));
  g_assert_nonnull (strstr (json, "\"version\" : 1"));
  second = parse (json, &domain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (domain, ==, "retail");
  assert_classes_equal (first, second);
}

/* Copy, free and the small helpers */

static void
test_class_copy (void)
{
  g_autoptr(GPtrArray) classes = parse (valid_doc, NULL, NULL);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_label_class_free);
  g_autoptr(LwLabelClass) fresh = lw_label_class_new ("new");

  g_assert_nonnull (classes);
  for (guint i = 0; i < classes->len; i++)
    {
      LwLabelClass *copy = lw_label_class_copy (g_ptr_array_index (classes, i));
      g_assert_true (copy != g_ptr_array_index (classes, i));
      g_ptr_array_add (copies, copy);
    }
  assert_classes_equal (classes, copies);

  g_assert_cmpstr (fresh->name, ==, "new");
  g_assert_nonnull (fresh->attributes);
  g_assert_cmpuint (fresh->kinds, ==, 0);
  g_ptr_array_add (fresh->attributes, lw_attribute_def_new ("a", LW_ATTRIBUTE_TEXT));
  {
    g_autoptr(LwLabelClass) copy = lw_label_class_copy (fresh);
    g_autofree char *kinds = lw_label_class_dup_kinds_string (copy);
    g_assert_cmpstr (kinds, ==, "");
    g_assert_nonnull (lw_label_class_find_attribute (copy, "a"));
  }
  lw_label_class_free (NULL);
  lw_attribute_def_free (NULL);
}

static void
test_attribute_types (void)
{
  const char *const names[] = { "bool", "int", "number", "text", "choice", "multi" };
  LwAttributeType type;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (lw_attribute_type_to_string ((LwAttributeType) i), ==, names[i]);
      g_assert_true (lw_attribute_type_from_string (names[i], &type));
      g_assert_cmpint (type, ==, (LwAttributeType) i);
    }
  g_assert_false (lw_attribute_type_from_string ("string", &type));
  g_assert_false (lw_attribute_type_from_string ("Bool", &type));
  g_assert_false (lw_attribute_type_from_string (NULL, &type));

  {
    LwAttributeDef *def = lw_attribute_def_new ("x", LW_ATTRIBUTE_CHOICE);
    LwAttributeDef *copy;
    const char *const choices[] = { "a", "b", NULL };

    def->choices = g_strdupv ((char **) choices);
    def->default_value = g_strdup ("\"a\"");
    copy = lw_attribute_def_copy (def);
    assert_attributes_equal (def, copy);
    lw_attribute_def_free (def);
    lw_attribute_def_free (copy);
  }
}

/* Refusals: each with its error code and a message that names the source and the place. */

typedef struct {
  const char *test;      /* test path under /schema/parse/ */
  const char *json;
  int         code;
  const char *expect;    /* must appear in the message, after "test.json" */
} BadCase;

#define CLASS(rest) "{\"classes\": [" rest "]}"
#define OK_CLASS "{\"name\": \"ok\", \"kinds\": [\"bbox\"]}"

static const BadCase bad_cases[] = {
  { "not-json", "{\"classes\": [ x ]}", LW_SCHEMA_ERROR_PARSE, "test.json:1:" },
  { "truncated-json", "{\"classes\": [", LW_SCHEMA_ERROR_PARSE, "test.json:1:" },
  { "trailing-garbage", "{\"classes\": []} {", LW_SCHEMA_ERROR_PARSE, "test.json:" },
  { "empty", "", LW_SCHEMA_ERROR_PARSE, "empty" },
  { "blank", " \n\t ", LW_SCHEMA_ERROR_PARSE, "empty" },
  { "array", "[]", LW_SCHEMA_ERROR_PARSE, "got an array" },
  { "string", "\"traffic\"", LW_SCHEMA_ERROR_PARSE, "got \"traffic\"" },
  { "number", "42", LW_SCHEMA_ERROR_PARSE, "got 42" },
  { "null", "null", LW_SCHEMA_ERROR_PARSE, "got null" },
  { "invalid-utf8", "{\"classes\": [{\"name\": \"a\xff\xfe\", \"kinds\": [\"tag\"]}]}", LW_SCHEMA_ERROR_PARSE,
    "test.json:1: not valid UTF-8 text (byte 25)" },
  { "duplicate-key", CLASS ("{\"name\": \"a\", \"kinds\": [\"tag\"],\n \"name\": \"b\"}"), LW_SCHEMA_ERROR_INVALID,
    ":2: the key \"name\" appears twice" },
  { "format", "{\"format\": \"coco\", \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID,
    "format: expected \"labelwright-schema\", got \"coco\"" },
  { "version-newer", "{\"version\": 2, \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID,
    "version: version 2 was written by a newer Labelwright" },
  { "version-zero", "{\"version\": 0, \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID, "version: expected 1, got 0" },
  { "version-type", "{\"version\": \"1\", \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID,
    "version: expected an integer, got \"1\"" },
  { "unknown-key", "{\"clases\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID,
    "unknown key \"clases\" (did you mean \"classes\"?)" },
  { "unknown-key-far", "{\"zzzzzz\": 1, \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID,
    "unknown key \"zzzzzz\" (keys for other tools must begin with \"x-\")" },
  { "domain-type", "{\"domain\": 3, \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID, "domain: expected a string, got 3" },
  { "domain-empty", "{\"domain\": \"\", \"classes\": [" OK_CLASS "]}", LW_SCHEMA_ERROR_INVALID, "domain: must not be empty" },
  { "classes-type", "{\"classes\": {}}", LW_SCHEMA_ERROR_INVALID, "classes: expected an array, got an object" },
  { "zero-classes", "{\"domain\": \"traffic\", \"classes\": []}", LW_SCHEMA_ERROR_INVALID, "classes: a schema needs at least one class" },
  { "no-classes", "{\"domain\": \"traffic\"}", LW_SCHEMA_ERROR_INVALID, "classes: a schema needs at least one class" },
  { "class-type", CLASS (OK_CLASS ", \"car\""), LW_SCHEMA_ERROR_INVALID, "classes[1]: expected an object, got \"car\"" },
  { "unknown-class-key", CLASS ("{\"name\": \"a\", \"colour\": \"#ffffff\", \"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0]: unknown key \"colour\" (did you mean \"color\"?)" },
  { "missing-name", CLASS (OK_CLASS ", {\"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID, "classes[1].name: missing" },
  { "empty-name", CLASS ("{\"name\": \"\", \"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID, "classes[0].name: must not be empty" },
  { "null-name", CLASS ("{\"name\": null, \"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID, "classes[0].name: missing" },
  { "name-type", CLASS ("{\"name\": 42, \"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID, "classes[0].name: expected a string, got 42" },
  { "name-space", CLASS ("{\"name\": \"car \", \"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].name: \"car \" begins or ends with white space" },
  { "name-control", CLASS ("{\"name\": \"a\\nb\", \"kinds\": [\"tag\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].name: \"a\\u000ab\" contains a control character" },
  { "duplicate-name", CLASS ("{\"name\": \"Car\", \"kinds\": [\"bbox\"]}, {\"name\": \"car\", \"kinds\": [\"bbox\"]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[1].name: \"car\" is already the name of classes[0]" },
  { "bad-colour", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"]}, {\"name\": \"b\", \"kinds\": [\"bbox\"]}, "
                         "{\"name\": \"c\", \"kinds\": [\"bbox\"]}, {\"name\": \"d\", \"color\": \"red\", \"kinds\": [\"bbox\"]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[3].color: expected \"#rrggbb\", got \"red\"" },
  { "bad-colour-short", CLASS ("{\"name\": \"a\", \"color\": \"#fff\", \"kinds\": [\"bbox\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].color: expected \"#rrggbb\", got \"#fff\"" },
  { "bad-colour-hex", CLASS ("{\"name\": \"a\", \"color\": \"#12345g\", \"kinds\": [\"bbox\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].color: expected \"#rrggbb\"" },
  { "bad-colour-type", CLASS ("{\"name\": \"a\", \"color\": 16711680, \"kinds\": [\"bbox\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].color: expected a string, got 16711680" },
  { "kinds-missing", CLASS ("{\"name\": \"a\"}"), LW_SCHEMA_ERROR_INVALID, "classes[0].kinds: missing" },
  { "kinds-empty", CLASS ("{\"name\": \"a\", \"kinds\": []}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].kinds: must name at least one annotation kind" },
  { "kinds-type", CLASS ("{\"name\": \"a\", \"kinds\": \"bbox\"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].kinds: expected an array, got \"bbox\"" },
  { "unknown-kind", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\", \"box\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].kinds[1]: unknown kind \"box\"" },
  { "duplicate-kind", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\", \"bbox\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].kinds[1]: \"bbox\" appears twice" },
  { "duplicate-hotkey", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \"c\"}, "
                               "{\"name\": \"b\", \"kinds\": [\"bbox\"], \"hotkey\": \"C\"}"),
    LW_SCHEMA_ERROR_INVALID, "classes[1].hotkey: \"C\" is already the hotkey of classes[0] (\"a\")" },
  { "duplicate-hotkey-f", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \"F3\"}, "
                                 "{\"name\": \"b\", \"kinds\": [\"bbox\"], \"hotkey\": \"f3\"}"),
    LW_SCHEMA_ERROR_INVALID, "classes[1].hotkey: \"F3\" is already the hotkey" },
  { "bad-hotkey", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \"ctrl+c\"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].hotkey: expected one printable character or F1..F12, got \"ctrl+c\"" },
  { "bad-hotkey-f13", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \"F13\"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].hotkey: expected one printable character or F1..F12, got \"F13\"" },
  { "bad-hotkey-f0", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \"F0\"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].hotkey: expected one printable" },
  { "bad-hotkey-space", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \" \"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].hotkey: expected one printable" },
  { "bad-hotkey-empty", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": \"\"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].hotkey: expected one printable" },
  { "bad-hotkey-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"hotkey\": 1}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].hotkey: expected a string, got 1" },
  { "group-empty", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"group\": \"\"}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].group: must not be empty" },
  { "description-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"description\": []}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].description: expected a string, got an array" },
  { "attributes-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": {}}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].attributes: expected an array, got an object" },
  { "attribute-type-object", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [true]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].attributes[0]: expected an object, got true" },
  { "attribute-missing-name", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"type\": \"bool\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].name: missing" },
  { "attribute-unknown-key", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"bool\", \"defualt\": true}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0]: unknown key \"defualt\" (did you mean \"default\"?)" },
  { "attribute-duplicate", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"bool\"}, {\"name\": \"X\", \"type\": \"int\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[1].name: the class already has an attribute named \"X\"" },
  { "attribute-missing-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].type: missing" },
  { "attribute-unknown-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"string\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].type: unknown type \"string\"" },
  { "choice-without-choices", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"choice\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].choices: a choice attribute needs a list of choices" },
  { "multi-empty-choices", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"multi\", \"choices\": []}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].choices: a multi attribute needs a list of choices" },
  { "choice-duplicate", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"choice\", \"choices\": [\"a\", \"b\", \"a\"]}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].choices[2]: \"a\" appears twice" },
  { "choice-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"choice\", \"choices\": [\"a\", 2]}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].choices[1]: expected a string, got 2" },
  { "choices-on-text", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"text\", \"choices\": [\"a\"]}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].choices: only choice and multi attributes have choices" },
  { "choice-bad-default", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"choice\", \"choices\": [\"a\", \"b\"], \"default\": \"c\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default: \"c\" is not one of the choices" },
  { "multi-bad-default", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"multi\", \"choices\": [\"a\", \"b\"], \"default\": [\"a\", \"z\"]}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default[1]: \"z\" is not one of the choices" },
  { "multi-default-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"multi\", \"choices\": [\"a\", \"b\"], \"default\": \"a\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default: expected an array of choices, got \"a\"" },
  { "multi-default-twice", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"multi\", \"choices\": [\"a\", \"b\"], \"default\": [\"a\", \"a\"]}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default[1]: \"a\" appears twice" },
  { "bool-bad-default", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"bool\", \"default\": \"yes\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default: expected true or false, got \"yes\"" },
  { "int-bad-default", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"int\", \"default\": 1.5}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default: expected an integer, got 1.5" },
  { "number-bad-default", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"number\", \"default\": \"1\"}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default: expected a number, got \"1\"" },
  { "text-bad-default", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"attributes\": [{\"name\": \"x\", \"type\": \"text\", \"default\": {}}]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].attributes[0].default: expected a string, got an object" },
  { "keypoints-without-kind", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"keypoints\": [\"head\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].keypoints: keypoint names need the \"keypoints\" kind" },
  { "skeleton-without-kind", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"skeleton\": [[1, 2]]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].skeleton: a skeleton needs the \"keypoints\" kind" },
  { "keypoints-missing", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"]}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].keypoints: a class with the \"keypoints\" kind needs a list of keypoint names" },
  { "keypoints-duplicate", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"head\", \"Head\"]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].keypoints[1]: \"Head\" appears twice" },
  { "skeleton-out-of-range", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"a\", \"b\", \"c\"], \"skeleton\": [[1, 2], [2, 4]]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].skeleton[1][1]: 4 is out of range: keypoints are numbered from 1 to 3" },
  { "skeleton-zero-based", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"a\", \"b\"], \"skeleton\": [[0, 1]]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].skeleton[0][0]: 0 is out of range" },
  { "skeleton-not-pair", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"a\", \"b\"], \"skeleton\": [[1, 2, 1]]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].skeleton[0]: expected a pair of keypoint numbers [a, b], got an array" },
  { "skeleton-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"a\", \"b\"], \"skeleton\": [[1, \"b\"]]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].skeleton[0][1]: expected a keypoint number, got \"b\"" },
  { "skeleton-loop", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"a\", \"b\"], \"skeleton\": [[2, 2]]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].skeleton[0]: joins keypoint 2 to itself" },
  { "skeleton-duplicate", CLASS ("{\"name\": \"a\", \"kinds\": [\"keypoints\"], \"keypoints\": [\"a\", \"b\"], \"skeleton\": [[1, 2], [2, 1]]}"),
    LW_SCHEMA_ERROR_INVALID, "classes[0].skeleton[1]: the edge 2-1 appears twice" },
  { "exclusive-not-tag", CLASS ("{\"name\": \"a\", \"kinds\": [\"bbox\"], \"group\": \"g\", \"exclusive\": true}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].exclusive: only tag classes can be exclusive" },
  { "exclusive-no-group", CLASS ("{\"name\": \"a\", \"kinds\": [\"tag\"], \"exclusive\": true}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].exclusive: an exclusive tag excludes the other tags of its group, but the class has no \"group\"" },
  { "exclusive-type", CLASS ("{\"name\": \"a\", \"kinds\": [\"tag\"], \"group\": \"g\", \"exclusive\": 1}"), LW_SCHEMA_ERROR_INVALID,
    "classes[0].exclusive: expected true or false, got 1" },
  { "exclusive-mixed", CLASS ("{\"name\": \"day\", \"kinds\": [\"tag\"], \"group\": \"time\", \"exclusive\": true}, "
                              "{\"name\": \"night\", \"kinds\": [\"tag\"], \"group\": \"time\"}"),
    LW_SCHEMA_ERROR_INVALID, "classes[1].exclusive: the tag classes of group \"time\" must all be exclusive or all not, but \"day\" is exclusive" },
};

static void
assert_refused (const char *json,
                gsize       length,
                int         code,
                const char *expect)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GPtrArray) classes = lw_schema_parse (json, length, SOURCE, &domain, &error);

  g_assert_null (classes);
  g_assert_null (domain);
  g_assert_error (error, LW_SCHEMA_ERROR, code);
  if (!g_str_has_prefix (error->message, SOURCE) || strstr (error->message, expect) == NULL)
    g_error ("message “%s” does not begin with “%s” and contain “%s”", error->message, SOURCE, expect);
  g_test_message ("%s", error->message);
}

static void
test_parse_bad (gconstpointer data)
{
  const BadCase *c = data;

  assert_refused (c->json, strlen (c->json), c->code, c->expect);
}

static void
test_parse_deep_nesting (void)
{
  const gsize depth = 10000;
  g_autoptr(GString) arrays = g_string_new (NULL);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(GString) closed = g_string_new ("{\"x-deep\": ");

  for (gsize i = 0; i < depth; i++)
    {
      g_string_append_c (arrays, '[');
      g_string_append (objects, "{\"a\":");
    }
  assert_refused (arrays->str, arrays->len, LW_SCHEMA_ERROR_PARSE, "nest deeper than");

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (arrays, ']');
  assert_refused (arrays->str, arrays->len, LW_SCHEMA_ERROR_PARSE, "test.json:1: arrays and objects nest deeper");
  assert_refused (objects->str, objects->len, LW_SCHEMA_ERROR_PARSE, "nest deeper than");

  /* Deep nesting even where "x-" keys would be ignored. */
  for (gsize i = 0; i < 100; i++)
    g_string_append_c (closed, '[');
  for (gsize i = 0; i < 100; i++)
    g_string_append_c (closed, ']');
  g_string_append (closed, ", \"classes\": [" OK_CLASS "]}");
  assert_refused (closed->str, closed->len, LW_SCHEMA_ERROR_PARSE, "nest deeper than");
}

static void
test_parse_embedded_nul (void)
{
  const char json[] = "{\"classes\": [{\"name\": \"a\0b\", \"kinds\": [\"tag\"]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = lw_schema_parse (json, sizeof json - 1, SOURCE, NULL, &error);

  g_assert_null (classes);
  g_assert_error (error, LW_SCHEMA_ERROR, LW_SCHEMA_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "test.json:1: not valid UTF-8 text (byte 25)");
}

static void
test_parse_limits (void)
{
  g_autoptr(GString) big = g_string_new ("{\"classes\": [");
  g_autoptr(GString) many = g_string_new ("{\"classes\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ok = NULL;

  /* Over 4 MiB, even if it were all white space. */
  while (big->len <= 4 * 1024 * 1024)
    g_string_append (big, "                                                                ");
  g_string_append (big, OK_CLASS "]}");
  assert_refused (big->str, big->len, LW_SCHEMA_ERROR_INVALID, "bytes");

  for (guint i = 0; i < 10001; i++)
    g_string_append_printf (many, "%s{\"name\": \"c%u\", \"kinds\": [\"tag\"]}", i > 0 ? "," : "", i);
  g_string_append (many, "]}");
  assert_refused (many->str, many->len, LW_SCHEMA_ERROR_INVALID, "classes: 10001 classes; at most 10000");

  /* 10000 is still fine. */
  g_string_truncate (many, 0);
  g_string_append (many, "{\"classes\": [");
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (many, "%s{\"name\": \"c%u\", \"kinds\": [\"tag\"]}", i > 0 ? "," : "", i);
  g_string_append (many, "]}");
  ok = lw_schema_parse (many->str, many->len, SOURCE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ok->len, ==, 10000);
  g_assert_cmpint (((LwLabelClass *) g_ptr_array_index (ok, 9999))->position, ==, 9999);
}

/* Every prefix and many single-byte corruptions of a real template: refused or
 * accepted, never a crash or a warning. */
static void
test_parse_mutations (void)
{
  g_autoptr(GPtrArray) classes = lw_schema_load_domain ("traffic", NULL);
  g_autofree char *json = lw_schema_to_json (classes, "traffic");
  gsize len = strlen (json);
  const char replacements[] = "{}[]\",:0x\\\xff ";
  GRand *rand = g_rand_new_with_seed (20240601);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) result = lw_schema_parse (json, cut, SOURCE, NULL, &error);
      g_assert_true ((result == NULL) == (error != NULL));
    }

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *copy = g_strdup (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) result = NULL;

      for (guint j = 0; j < 3; j++)
        copy[g_rand_int_range (rand, 0, (gint32) len)] = replacements[g_rand_int_range (rand, 0, sizeof replacements - 1)];
      result = lw_schema_parse (copy, len, SOURCE, NULL, &error);
      g_assert_true ((result == NULL) == (error != NULL));
      if (error != NULL)
        g_assert_true (g_str_has_prefix (error->message, SOURCE));
    }
  g_rand_free (rand);
}

/* Files */

static void
test_load_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lw-test-schema-XXXXXX", &error);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *huge = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  good = g_build_filename (dir, "shelves.json", NULL);
  bad = g_build_filename (dir, "bad.json", NULL);
  missing = g_build_filename (dir, "missing.json", NULL);
  huge = g_build_filename (dir, "huge.json", NULL);

  g_assert_true (g_file_set_contents (good, valid_doc, -1, &error));
  classes = lw_schema_load_file (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (classes->len, ==, 5);
  g_clear_pointer (&classes, g_ptr_array_unref);

  g_assert_true (g_file_set_contents (bad, CLASS ("{\"name\": \"a\", \"color\": \"red\", \"kinds\": [\"bbox\"]}"), -1, &error));
  classes = lw_schema_load_file (bad, &error);
  g_assert_null (classes);
  g_assert_error (error, LW_SCHEMA_ERROR, LW_SCHEMA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.json: classes[0].color"));
  g_clear_error (&error);

  classes = lw_schema_load_file (missing, &error);
  g_assert_null (classes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  contents = g_malloc (5 * 1024 * 1024);
  memset (contents, ' ', 5 * 1024 * 1024);
  g_assert_true (g_file_set_contents (huge, contents, 5 * 1024 * 1024, &error));
  classes = lw_schema_load_file (huge, &error);
  g_assert_null (classes);
  g_assert_error (error, LW_SCHEMA_ERROR, LW_SCHEMA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "huge.json"));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (good), ==, 0);
  g_assert_cmpint (g_remove (bad), ==, 0);
  g_assert_cmpint (g_remove (huge), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/domains/list", test_domains_list);
  for (guint i = 0; i < G_N_ELEMENTS (domain_cases); i++)
    {
      g_autofree char *load = g_strdup_printf ("/schema/domains/load/%s", domain_cases[i].domain);
      g_autofree char *round = g_strdup_printf ("/schema/domains/round-trip/%s", domain_cases[i].domain);
      g_test_add_data_func (load, &domain_cases[i], test_domain_load);
      g_test_add_data_func (round, &domain_cases[i], test_domain_round_trip);
    }
  g_test_add_func ("/schema/domains/all-kinds", test_domain_all_kinds);
  g_test_add_func ("/schema/domains/traffic-details", test_domain_traffic_details);
  g_test_add_func ("/schema/domains/unknown", test_domain_unknown);

  g_test_add_func ("/schema/parse/valid", test_parse_valid);
  g_test_add_func ("/schema/parse/minimal", test_parse_minimal);
  g_test_add_func ("/schema/parse/custom-empty", test_parse_custom_empty);
  g_test_add_func ("/schema/parse/round-trip", test_parse_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/schema/parse/%s", bad_cases[i].test);
      g_test_add_data_func (path, &bad_cases[i], test_parse_bad);
    }
  g_test_add_func ("/schema/parse/deep-nesting", test_parse_deep_nesting);
  g_test_add_func ("/schema/parse/embedded-nul", test_parse_embedded_nul);
  g_test_add_func ("/schema/parse/limits", test_parse_limits);
  g_test_add_func ("/schema/parse/mutations", test_parse_mutations);

  g_test_add_func ("/schema/class/copy", test_class_copy);
  g_test_add_func ("/schema/attribute/types", test_attribute_types);
  g_test_add_func ("/schema/file/load", test_load_file);

  return g_test_run ();
}
