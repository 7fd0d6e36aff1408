#define G_LOG_DOMAIN "lw-test"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>

#include "lw-test-util.h"
#include "io/lw-export-private.h"
#include "lw-model-private.h"

/* Entries of an archive (any container libarchive reads) or of a folder: name -> GBytes. */
static GHashTable *
read_entries (const char *path)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_bytes_unref);
  struct archive *a;
  struct archive_entry *ae;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* Two levels are enough for every layout tested here but images/<split>/ and
       * labels/<split>/: walk recursively. */
      g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (stack, g_strdup (""));
      while (stack->len > 0)
        {
          g_autofree char *rel = g_ptr_array_steal_index (stack, stack->len - 1);
          g_autofree char *abs = g_build_filename (path, rel, NULL);
          GDir *dir = g_dir_open (abs, 0, NULL);
          const char *name;
          g_assert_nonnull (dir);
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child_rel = *rel ? g_strdup_printf ("%s/%s", rel, name) : g_strdup (name);
              g_autofree char *child = g_build_filename (path, child_rel, NULL);
              if (g_file_test (child, G_FILE_TEST_IS_DIR))
                g_ptr_array_add (stack, g_steal_pointer (&child_rel));
              else
                g_hash_table_insert (entries, g_steal_pointer (&child_rel), lw_test_read_file (child));
            }
          g_dir_close (dir);
        }
      return entries;
    }

  a = archive_read_new ();
  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &ae) == ARCHIVE_OK)
    {
      GByteArray *data = g_byte_array_new ();
      char buf[8192];
      la_ssize_t n;
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_byte_array_append (data, (guint8 *) buf, n);
      g_assert_cmpint (n, ==, 0);
      g_assert_false (g_hash_table_contains (entries, archive_entry_pathname (ae)));
      g_hash_table_insert (entries, g_strdup (archive_entry_pathname (ae)),
                           g_byte_array_free_to_bytes (data));
    }
  g_assert_cmpint (archive_read_free (a), ==, ARCHIVE_OK);
  return entries;
}

static char *
entry_text (GHashTable *entries, const char *name)
{
  GBytes *bytes = g_hash_table_lookup (entries, name);
  gsize len;
  const char *data;

  if (bytes == NULL)
    g_error ("no entry %s in the export", name);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

static JsonObject *
entry_json (GHashTable *entries, const char *name, JsonParser *parser)
{
  g_autofree char *text = entry_text (entries, name);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The compression method of @name in a zip's local file header (0 stored, 8 deflated). */
static int
zip_method (const char *zip_path, const char *name)
{
  g_autoptr(GBytes) bytes = lw_test_read_file (zip_path);
  gsize len, name_len = strlen (name);
  const guint8 *d = g_bytes_get_data (bytes, &len);

  for (gsize p = 0; p + 30 + name_len <= len; p++)
    if (memcmp (d + p, "PK\x03\x04", 4) == 0 && (gsize) (d[p + 26] | d[p + 27] << 8) == name_len &&
        memcmp (d + p + 30, name, name_len) == 0)
      return d[p + 8] | d[p + 9] << 8;
  g_error ("no local header for %s", name);
  return -1;
}

/* A real PNG at <dir>/<name> and an image item for it. */
static gint64
add_png (LwProject *project, const char *dir, const char *name, int width, int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, name);

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  item->width = width;
  item->height = height;
  item->media_path = g_strdup (name);
  item->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  lw_project_add_item (project, item, &error);
  g_assert_no_error (error);
  return item->id;
}

static gint64
add_ann (LwProject *project, gint64 item_id, const char *klass, LwAnnotationKind kind,
         const double *values, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwAnnotation) ann = lw_annotation_new (item_id, lw_test_class_id (project, klass), kind);

  lw_annotation_set_geometry (ann, values, n);
  lw_project_add_annotation (project, ann, &error);
  g_assert_no_error (error);
  return ann->id;
}

static void
export_ok (LwProject *project, LwExportFormat format, const char *output)
{
  g_autoptr(GError) error = NULL;
  LwExportOptions opts;

  lw_export_options_init (&opts);
  opts.format = format;
  g_assert_true (lw_export_run (project, &opts, output, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);
}

/* The hand-computed example: a 100x80 image, a box at x=10, y=20, w=30, h=40. */
static LwProject *
traffic_project (const char *dir)
{
  LwProject *project = lw_test_project_new (dir, "traffic", "traffic");
  const double box[] = { 10, 20, 30, 40 };
  const double poly[] = { 50, 10, 90, 10, 90, 50 };
  gint64 a = add_png (project, dir, "a.png", 100, 80);

  add_ann (project, a, "car", LW_ANNOTATION_BBOX, box, 4);
  add_ann (project, a, "bus", LW_ANNOTATION_POLYGON, poly, 6);
  return project;
}

static void
test_coco (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.zip", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) png = NULL;
  g_autofree char *png_path = g_build_filename (dir, "a.png", NULL);
  JsonObject *root, *cat, *img, *ann;
  JsonArray *anns, *bbox, *seg;
  const double kp[] = { 60, 40, 2, 70, 60, 1 };
  LwLabelClass *ped = lw_project_find_class (project, "pedestrian");
  guint n_kp = ped->keypoints ? g_strv_length (ped->keypoints) : 0;
  g_autofree double *kps = g_new0 (double, MAX (n_kp, 2) * 3);
  int ped_index = -1;

  g_assert_cmpuint (n_kp, >=, 2);
  memcpy (kps, kp, sizeof kp);
  add_ann (project, 1, "pedestrian", LW_ANNOTATION_KEYPOINTS, kps, n_kp * 3);
  export_ok (project, LW_EXPORT_COCO, out);

  entries = read_entries (out);
  png = lw_test_read_file (png_path);
  g_assert_true (g_bytes_equal (png, g_hash_table_lookup (entries, "images/default/a.png")));
  /* PNG is stored as it is in the zip, JSON deflated. */
  g_assert_cmpint (zip_method (out, "images/default/a.png"), ==, 0);
  g_assert_cmpint (zip_method (out, "annotations/instances_default.json"), ==, 8);
  root = entry_json (entries, "annotations/instances_default.json", parser);
  g_assert_true (json_object_has_member (root, "info"));
  g_assert_true (json_object_has_member (root, "licenses"));
  /* Category ids from 1, in schema order, supercategory = group. */
  cat = json_array_get_object_element (json_object_get_array_member (root, "categories"), 0);
  g_assert_cmpint (json_object_get_int_member (cat, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (cat, "name"), ==, "car");
  g_assert_cmpstr (json_object_get_string_member (cat, "supercategory"), ==, "vehicle");
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (root, "categories")); i++)
    {
      JsonObject *c = json_array_get_object_element (json_object_get_array_member (root, "categories"), i);
      g_assert_cmpint (json_object_get_int_member (c, "id"), ==, i + 1);
      if (g_strcmp0 (json_object_get_string_member (c, "name"), "pedestrian") == 0)
        {
          ped_index = i;
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "keypoints")), ==, n_kp);
          g_assert_true (json_object_has_member (c, "skeleton"));
        }
    }
  g_assert_cmpint (ped_index, >=, 0);
  img = json_array_get_object_element (json_object_get_array_member (root, "images"), 0);
  g_assert_cmpstr (json_object_get_string_member (img, "file_name"), ==, "a.png");
  g_assert_cmpint (json_object_get_int_member (img, "width"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (img, "height"), ==, 80);

  anns = json_object_get_array_member (root, "annotations");
  g_assert_cmpuint (json_array_get_length (anns), ==, 3);
  ann = json_array_get_object_element (anns, 0);
  g_assert_cmpint (json_object_get_int_member (ann, "image_id"), ==, json_object_get_int_member (img, "id"));
  g_assert_cmpint (json_object_get_int_member (ann, "category_id"), ==, 1);
  bbox = json_object_get_array_member (ann, "bbox");
  g_assert_cmpfloat (json_array_get_double_element (bbox, 0), ==, 10);
  g_assert_cmpfloat (json_array_get_double_element (bbox, 1), ==, 20);
  g_assert_cmpfloat (json_array_get_double_element (bbox, 2), ==, 30);
  g_assert_cmpfloat (json_array_get_double_element (bbox, 3), ==, 40);
  g_assert_cmpfloat (json_object_get_double_member (ann, "area"), ==, 1200);
  g_assert_cmpint (json_object_get_int_member (ann, "iscrowd"), ==, 0);

  ann = json_array_get_object_element (anns, 1);
  g_assert_cmpint (json_object_get_int_member (ann, "category_id"), ==, 3);  /* bus */
  seg = json_array_get_array_element (json_object_get_array_member (ann, "segmentation"), 0);
  g_assert_cmpuint (json_array_get_length (seg), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (ann, "area"), ==, 800);  /* 40*40/2 */
  bbox = json_object_get_array_member (ann, "bbox");
  g_assert_cmpfloat (json_array_get_double_element (bbox, 2), ==, 40);

  ann = json_array_get_object_element (anns, 2);
  g_assert_cmpint (json_object_get_int_member (ann, "category_id"), ==, ped_index + 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ann, "keypoints")), ==, n_kp * 3);
  g_assert_cmpint (json_object_get_int_member (ann, "num_keypoints"), ==, 2);
  bbox = json_object_get_array_member (ann, "bbox");
  g_assert_cmpfloat (json_array_get_double_element (bbox, 2), ==, 10);
  g_assert_cmpfloat (json_array_get_double_element (bbox, 3), ==, 20);

  lw_label_class_free (ped);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_yolo (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar.gz", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *yaml = NULL;
  const double rbox[] = { 50, 40, 20, 10, 0 };

  add_ann (project, 1, "truck", LW_ANNOTATION_RBOX, rbox, 5);
  export_ok (project, LW_EXPORT_YOLO, out);
  entries = read_entries (out);
  g_assert_true (g_hash_table_contains (entries, "images/default/a.png"));
  labels = entry_text (entries, "labels/default/a.txt");
  g_assert_cmpstr (labels, ==,
                   "0 0.250000 0.500000 0.300000 0.500000\n"
                   "2 0.500000 0.125000 0.900000 0.125000 0.900000 0.625000\n"
                   "1 0.400000 0.437500 0.600000 0.437500 0.600000 0.562500 0.400000 0.562500\n");
  yaml = entry_text (entries, "data.yaml");
  g_assert_nonnull (strstr (yaml, "train: images/default\n"));
  /* A relative "path" would send ultralytics to its datasets folder. */
  g_assert_null (strstr (yaml, "\npath:"));
  g_assert_nonnull (strstr (yaml, "val: images/default\n"));
  g_assert_nonnull (strstr (yaml, "names:\n  0: \"car\"\n  1: \"truck\"\n  2: \"bus\"\n"));
  g_assert_nonnull (strstr (yaml, "nc: 18\n"));
  /* The schema allows keypoints, but there are none: not a pose dataset. */
  g_assert_null (strstr (yaml, "kpt_shape"));
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* With keypoints, every row has the pose width: boxes are padded with invisible points. */
static void
test_yolo_pose (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(LwLabelClass) ped = lw_project_find_class (project, "pedestrian");
  g_autofree char *labels = NULL;
  g_autofree char *yaml = NULL;
  g_autofree char *expected_yaml = NULL;
  g_auto(GStrv) rows = NULL;
  guint n_kp;
  double *kp;

  g_assert_nonnull (ped);
  n_kp = g_strv_length (ped->keypoints);
  g_assert_cmpuint (n_kp, >=, 2);
  kp = g_new0 (double, 3 * n_kp);
  kp[0] = 50; kp[1] = 20; kp[2] = 2;    /* visible */
  kp[3] = 60; kp[4] = 40; kp[5] = 1;    /* hidden */
  add_ann (project, 1, "pedestrian", LW_ANNOTATION_KEYPOINTS, kp, 3 * n_kp);
  g_free (kp);
  export_ok (project, LW_EXPORT_YOLO, out);
  entries = read_entries (out);
  yaml = entry_text (entries, "data.yaml");
  expected_yaml = g_strdup_printf ("kpt_shape: [%u, 3]\n", n_kp);
  g_assert_nonnull (strstr (yaml, expected_yaml));
  labels = entry_text (entries, "labels/default/a.txt");
  rows = g_strsplit (labels, "\n", -1);
  for (guint r = 0; rows[r] != NULL && rows[r][0] != '\0'; r++)
    {
      g_auto(GStrv) cols = g_strsplit (rows[r], " ", -1);
      /* polygons cannot be pose rows; boxes and keypoints are */
      if (g_strv_length (cols) == 7)
        continue;
      g_assert_cmpuint (g_strv_length (cols), ==, 5 + 3 * n_kp);
    }
  /* The keypoint row: its box is the points' extent, then the points, normalised. */
  g_assert_nonnull (strstr (labels, " 0.500000 0.250000 2 0.600000 0.500000 1 0.000000 0.000000 0"));
  /* The box row: padded. */
  g_assert_nonnull (strstr (labels, "0 0.250000 0.500000 0.300000 0.500000 0.000000 0.000000 0"));
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* --class: only the chosen classes, renumbered in schema order; an unknown name changes
 * nothing and says what the project has. */
static void
test_class_filter (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.tar", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *yaml = NULL;
  LwExportOptions opts;

  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_YOLO;
  opts.classes = g_strsplit ("bus", ",", -1);
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  entries = read_entries (out);
  labels = entry_text (entries, "labels/default/a.txt");
  /* The car box is left out; the bus polygon is class 0 of 1. */
  g_assert_cmpstr (labels, ==, "0 0.500000 0.125000 0.900000 0.125000 0.900000 0.625000\n");
  yaml = entry_text (entries, "data.yaml");
  g_assert_nonnull (strstr (yaml, "nc: 1\nnames:\n  0: \"bus\"\n"));
  lw_export_options_clear (&opts);
  g_assert_null (opts.classes);

  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_COCO;
  opts.classes = g_strsplit ("car,spaceship", ",", -1);
  g_assert_false (lw_export_run (project, &opts, bad, NULL, NULL, NULL, &error));
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“spaceship”"));
  g_assert_nonnull (strstr (error->message, "“car”"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  lw_export_options_clear (&opts);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* A temporary as an export leaves it: a .spool folder with a spooled entry, or a file. */
static void
make_temp (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_str_has_suffix (path, ".spool"))
    {
      g_autofree char *inner = g_build_filename (path, "0", NULL);
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_assert_true (g_file_set_contents (inner, "spooled", -1, NULL));
    }
  else
    g_assert_true (g_file_set_contents (path, "partial", -1, NULL));
}

static gboolean
temp_exists (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Temporaries left by a killed export are removed by the next export to the same target;
 * those of an export still running (it holds a lock) and of other targets are not. */
static void
test_stale_temps (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *out = g_build_filename (out_dir, "set.zip", NULL);
  const char *stale[] = { ".set.zip.ABC123.part", ".set.zip.ABC123.spool", ".set.zip.ORPHAN.spool" };
  const char *kept[] = { ".set.zip.LIVE01.part", ".set.zip.LIVE01.spool", ".other.zip.ABC123.part",
                         ".set.zip.notours" };
  g_autofree char *live = g_build_filename (out_dir, kept[0], NULL);
  int live_fd;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    make_temp (out_dir, stale[i]);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    make_temp (out_dir, kept[i]);
  /* The "running" export: a lock on its .part, as the sink holds one. */
  live_fd = open (live, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (live_fd, >=, 0);
  g_assert_cmpint (flock (live_fd, LOCK_EX | LOCK_NB), ==, 0);

  export_ok (project, LW_EXPORT_COCO, out);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    g_assert_false (temp_exists (out_dir, stale[i]));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_true (temp_exists (out_dir, kept[i]));
  close (live_fd);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_voc (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *xml2 = NULL;
  g_autofree char *set = NULL;
  const double box[] = { 0.4, 0, 99.6, 80 };
  gint64 b = add_png (project, dir, "b&c.png", 100, 80);

  add_ann (project, b, "car", LW_ANNOTATION_BBOX, box, 4);
  export_ok (project, LW_EXPORT_VOC, out);
  entries = read_entries (out);
  g_assert_true (g_hash_table_contains (entries, "JPEGImages/a.png"));
  xml = entry_text (entries, "Annotations/a.xml");
  g_assert_nonnull (strstr (xml, "<width>100</width>"));
  g_assert_nonnull (strstr (xml, "<height>80</height>"));
  g_assert_nonnull (strstr (xml, "<name>car</name>"));
  g_assert_nonnull (strstr (xml, "<xmin>11</xmin>\n      <ymin>21</ymin>\n"
                                 "      <xmax>40</xmax>\n      <ymax>60</ymax>"));
  /* Whole-image box: 1 <= xmin < xmax <= width; names escaped. */
  xml2 = entry_text (entries, "Annotations/b&c.xml");
  g_assert_nonnull (strstr (xml2, "<filename>b&amp;c.png</filename>"));
  g_assert_nonnull (strstr (xml2, "<xmin>1</xmin>\n      <ymin>1</ymin>\n"
                                  "      <xmax>100</xmax>\n      <ymax>80</ymax>"));
  set = entry_text (entries, "ImageSets/Main/default.txt");
  g_assert_cmpstr (set, ==, "a\nb&c\n");
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_labelme (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out/", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *shape;
  JsonArray *shapes, *points;

  add_ann (project, 1, "rain", LW_ANNOTATION_TAG, NULL, 0);
  export_ok (project, LW_EXPORT_LABELME, out);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_DIR));
  entries = read_entries (out);
  g_assert_true (g_hash_table_contains (entries, "a.png"));
  root = entry_json (entries, "a.json", parser);
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, "5.5.0");
  g_assert_cmpstr (json_object_get_string_member (root, "imagePath"), ==, "a.png");
  g_assert_true (json_object_get_null_member (root, "imageData"));
  g_assert_cmpint (json_object_get_int_member (root, "imageHeight"), ==, 80);
  g_assert_cmpint (json_object_get_int_member (root, "imageWidth"), ==, 100);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "flags"), "rain"));
  shapes = json_object_get_array_member (root, "shapes");
  g_assert_cmpuint (json_array_get_length (shapes), ==, 2);
  shape = json_array_get_object_element (shapes, 0);
  g_assert_cmpstr (json_object_get_string_member (shape, "shape_type"), ==, "rectangle");
  g_assert_cmpstr (json_object_get_string_member (shape, "label"), ==, "car");
  points = json_object_get_array_member (shape, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 2);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (points, 0), 0), ==, 10);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (points, 0), 1), ==, 20);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (points, 1), 0), ==, 40);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (points, 1), 1), ==, 60);
  g_assert_true (json_object_get_null_member (shape, "group_id"));
  shape = json_array_get_object_element (shapes, 1);
  g_assert_cmpstr (json_object_get_string_member (shape, "shape_type"), ==, "polygon");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (shape, "points")), ==, 3);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_jsonl_csv (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "essays", "education");
  g_autofree char *jsonl_out = g_build_filename (dir, "out.tar.xz", NULL);
  g_autofree char *csv_out = g_build_filename (dir, "out.tar.zst", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(GHashTable) csv_entries = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *csv = NULL;
  /* "wörld" starts at code point 6 but byte 7. */
  gint64 t = lw_test_add_text (project, "essay,1", "héllo wörld \"quoted\"");
  const double span[] = { 6, 11 };

  add_ann (project, t, "grammar", LW_ANNOTATION_SPAN, span, 2);
  add_ann (project, t, "score 3", LW_ANNOTATION_TAG, NULL, 0);
  add_ann (project, t, "vocabulary", LW_ANNOTATION_TAG, NULL, 0);
  export_ok (project, LW_EXPORT_JSONL, jsonl_out);
  entries = read_entries (jsonl_out);
  jsonl = entry_text (entries, "default.jsonl");
  g_assert_cmpstr (jsonl, ==, "{\"id\":\"essay,1\",\"text\":\"héllo wörld \\\"quoted\\\"\","
                              "\"label\":[[6,11,\"grammar\"]],\"cats\":[\"score 3\",\"vocabulary\"]}\n");

  export_ok (project, LW_EXPORT_CSV, csv_out);
  csv_entries = read_entries (csv_out);
  csv = entry_text (csv_entries, "default.csv");
  /* A project with texts carries them in a fourth column, quoted as RFC 4180 says. */
  g_assert_cmpstr (csv, ==, "id,split,tags,text\r\n"
                            "\"essay,1\",default,score 3;vocabulary,\"héllo wörld \"\"quoted\"\"\"\r\n");
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_native (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.zip", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *ann, *item, *review;
  JsonArray *geometry, *reviews;
  sqlite3 *db = NULL;

  /* Two reviews of the item, written by another connection as a reviewer's would be. */
  g_assert_cmpint (sqlite3_open (lw_project_get_path (project), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
      "INSERT INTO review (item_id, reviewer, verdict, comment, at) VALUES "
      "(1, 'rita', 'rejected', 'the bus is \"cut\"', 100), (1, 'rita', 'accepted', NULL, 200)",
      NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  export_ok (project, LW_EXPORT_NATIVE, out);
  entries = read_entries (out);
  g_assert_true (g_hash_table_contains (entries, "media/a.png"));
  root = entry_json (entries, "project.json", parser);
  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "traffic");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "schema")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "items")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "annotations")), ==, 2);
  ann = json_array_get_object_element (json_object_get_array_member (root, "annotations"), 0);
  g_assert_cmpstr (json_object_get_string_member (ann, "class"), ==, "car");
  g_assert_cmpstr (json_object_get_string_member (ann, "kind"), ==, "bbox");
  geometry = json_object_get_array_member (ann, "geometry");
  g_assert_cmpfloat (json_array_get_double_element (geometry, 3), ==, 40);
  item = json_array_get_object_element (json_object_get_array_member (root, "items"), 0);
  reviews = json_object_get_array_member (item, "reviews");
  g_assert_nonnull (reviews);
  g_assert_cmpuint (json_array_get_length (reviews), ==, 2);
  review = json_array_get_object_element (reviews, 0);
  g_assert_cmpstr (json_object_get_string_member (review, "reviewer"), ==, "rita");
  g_assert_cmpstr (json_object_get_string_member (review, "verdict"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (review, "comment"), ==, "the bus is \"cut\"");
  g_assert_cmpint (json_object_get_int_member (review, "at"), ==, 100);
  review = json_array_get_object_element (reviews, 1);
  g_assert_cmpstr (json_object_get_string_member (review, "verdict"), ==, "accepted");
  g_assert_true (json_object_get_null_member (review, "comment"));
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* Reviews travel with their items through the reader thread's batches (256 items each):
 * 600 items, item k (1-based) reviewed k % 3 times, the review's comment naming the item;
 * and annotator names, read once before the items stream. */
static void
test_native_reviews_batches (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "reviews", "traffic");
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) sql = g_string_new ("INSERT INTO review (item_id, reviewer, verdict, comment, at) VALUES ");
  g_autoptr(GError) error = NULL;
  gint64 bob = lw_project_ensure_annotator (project, "bob", &error);
  const double box[] = { 1, 1, 2, 2 };
  JsonArray *items, *anns;
  gboolean first = TRUE;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  for (guint k = 1; k <= 600; k++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.jpg", k);
      gint64 id = lw_test_add_image (project, name, 10, 10);
      g_assert_cmpint (id, ==, k);
      if (k % 100 == 0)
        lw_test_add_annotation (project, bob, id, "car", LW_ANNOTATION_BBOX, box, 4);
      for (guint r = 0; r < k % 3; r++)
        {
          g_string_append_printf (sql, "%s(%u, 'rita', 'comment', 'item %u review %u', %u)",
                                  first ? "" : ",", k, k, r, r);
          first = FALSE;
        }
    }
  g_assert_cmpint (sqlite3_open (lw_project_get_path (project), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql->str, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    LwExportOptions opts;
    lw_export_options_init (&opts);
    opts.format = LW_EXPORT_NATIVE;
    opts.no_media = TRUE;
    g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    lw_export_options_clear (&opts);
  }
  entries = read_entries (out);
  items = json_object_get_array_member (entry_json (entries, "project.json", parser), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 600);
  for (guint i = 0; i < 600; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 k = json_object_get_int_member (item, "id");
      JsonArray *reviews = json_object_has_member (item, "reviews")
                           ? json_object_get_array_member (item, "reviews") : NULL;

      g_assert_cmpuint (reviews ? json_array_get_length (reviews) : 0, ==, k % 3);
      for (guint r = 0; reviews && r < json_array_get_length (reviews); r++)
        {
          g_autofree char *want = g_strdup_printf ("item %" G_GINT64_FORMAT " review %u", k, r);
          JsonObject *review = json_array_get_object_element (reviews, r);
          g_assert_cmpstr (json_object_get_string_member (review, "comment"), ==, want);
        }
    }
  anns = json_object_get_array_member (entry_json (entries, "project.json", parser), "annotations");
  g_assert_cmpuint (json_array_get_length (anns), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (anns, i),
                                                    "annotator"), ==, "bob");
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* Nothing but the project, its media and what the test made may remain in @dir. */
static void
assert_no_leftovers (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_suffix (name, ".png") || g_str_has_prefix (name, "traffic.lwproj") ||
          strcmp (name, "afile") == 0)
        continue;
      g_error ("left behind: %s", name);
    }
  g_dir_close (d);
}

typedef struct {
  GCancellable *cancellable;
  int calls;
} CancelData;

static void
cancel_on_second (double fraction, const char *message, gpointer user_data)
{
  CancelData *data = user_data;

  if (++data->calls == 3)
    g_cancellable_cancel (data->cancellable);
}

static void
test_cancel (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  const char *outputs[] = { "out.zip", "out.tar.zst", "out" };

  for (int i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%d.png", i);
      gint64 id = add_png (project, dir, name, 32, 32);
      const double box[] = { 1, 1, 5, 5 };
      add_ann (project, id, "car", LW_ANNOTATION_BBOX, box, 4);
    }
  for (guint k = 0; k < G_N_ELEMENTS (outputs); k++)
    for (LwExportFormat f = 0; f < LW_EXPORT_N_FORMATS; f++)
      {
        g_autofree char *out = g_build_filename (dir, outputs[k], NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        CancelData data = { cancellable, 0 };
        LwExportOptions opts;

        lw_export_options_init (&opts);
        opts.format = f;
        g_assert_false (lw_export_run (project, &opts, out, cancel_on_second, &data, cancellable, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
        assert_no_leftovers (dir);
      }
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
collect_progress (double fraction, const char *message, gpointer data)
{
  GPtrArray *seen = data;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ptr_array_add (seen, g_strconcat (g_ascii_formatd (number, sizeof number, "%.2f", fraction),
                                      " ", message, NULL));
}

/* What a progress bar shows: the items one by one, then the end, in increasing fractions. */
static void
test_progress_messages (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *const want[] = { "0.00 Preparing the export", "0.00 Exporting item 1 of 3",
                               "0.33 Exporting item 2 of 3", "0.65 Exporting item 3 of 3",
                               "1.00 Export finished" };
  LwExportOptions opts;

  add_png (project, dir, "b.png", 8, 8);
  add_png (project, dir, "c.png", 8, 8);
  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_COCO;
  g_assert_true (lw_export_run (project, &opts, out, collect_progress, seen, NULL, &error));
  g_assert_no_error (error);
  lw_export_options_clear (&opts);
  g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (seen->pdata[i], ==, want[i]);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_unwritable (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *file = g_build_filename (dir, "afile", NULL);
  g_autofree char *out = g_build_filename (file, "out.zip", NULL);
  g_autofree char *out_dir = g_build_filename (file, "folder", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  LwExportOptions opts;

  /* A regular file as the parent folder: refused whoever runs the test (root included). */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  lw_export_options_init (&opts);
  g_assert_false (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_false (lw_export_run (project, &opts, out_dir, NULL, NULL, NULL, &error2));
  g_assert_error (error2, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE);
  assert_no_leftovers (dir);
  g_clear_error (&error);
  /* Unknown ending. */
  g_free (out);
  out = g_build_filename (dir, "out.rar", NULL);
  g_assert_false (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_UNSUPPORTED);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_missing_media (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.zip", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  LwExportOptions opts;

  lw_test_add_image (project, "gone.jpg", 64, 48);
  lw_export_options_init (&opts);
  g_assert_false (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_MISSING_MEDIA);
  g_assert_nonnull (strstr (error->message, "gone.jpg"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_leftovers (dir);
  g_clear_error (&error);

  /* The media are opened by the archive's writer thread (a folder's: at once), not looked
   * at before: a folder or a FIFO in the media's place fails the export the same way, for
   * each container, without blocking on the FIFO. */
  {
    g_autofree char *media = g_build_filename (dir, "gone.jpg", NULL);
    const char *const outputs[] = { "out.zip", "out.tar.zst", "out-folder" };

    for (guint k = 0; k < 2; k++)
      {
        if (k == 0)
          g_assert_cmpint (g_mkdir (media, 0755), ==, 0);
        else
          g_assert_cmpint (mkfifo (media, 0644), ==, 0);
        for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
          {
            g_autofree char *target = g_build_filename (dir, outputs[o], NULL);
            g_assert_false (lw_export_run (project, &opts, target, NULL, NULL, NULL, &error));
            g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_MISSING_MEDIA);
            g_assert_nonnull (strstr (error->message, "“gone.jpg”"));
            g_assert_nonnull (strstr (error->message, "skip-missing"));
            g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
            g_clear_error (&error);
          }
        g_assert_cmpint (g_remove (media), ==, 0);
        assert_no_leftovers (dir);
      }
  }

  opts.skip_missing = TRUE;
  opts.skipped = skipped;
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (skipped->len, ==, 1);
  g_assert_cmpstr (skipped->pdata[0], ==, "gone.jpg");
  entries = read_entries (out);
  root = entry_json (entries, "annotations/instances_default.json", parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "images")), ==, 1);

  /* Without media nothing is missing. */
  g_clear_pointer (&entries, g_hash_table_unref);
  opts.skip_missing = FALSE;
  opts.no_media = TRUE;
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, NULL));
  entries = read_entries (out);
  g_assert_false (g_hash_table_contains (entries, "images/default/a.png"));
  root = entry_json (entries, "annotations/instances_default.json", parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "images")), ==, 2);
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* 60 items of "car", 3 of the rare "bus", added in @reverse order or not. */
static LwProject *
split_project (const char *dir, const char *name, gboolean reverse)
{
  LwProject *project = lw_test_project_new (dir, name, "traffic");
  const double box[] = { 1, 1, 5, 5 };

  for (int k = 0; k < 63; k++)
    {
      int i = reverse ? 62 - k : k;
      g_autofree char *file = g_strdup_printf ("%s%02d.jpg", i < 60 ? "car" : "bus", i);
      g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, file);
      g_autoptr(GError) error = NULL;
      item->width = item->height = 10;
      item->media_path = g_strdup (file);
      item->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, file, -1);
      lw_project_add_item (project, item, &error);
      g_assert_no_error (error);
      add_ann (project, item->id, i < 60 ? "car" : "bus", LW_ANNOTATION_BBOX, box, 4);
    }
  return project;
}

/* name -> split name */
static GHashTable *
assign (LwProject *project, LwExportOptions *opts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) a = _lw_export_assign_splits (project, opts, NULL, &error);
  GHashTable *result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < a->len; i++)
    {
      const LwSplitAssignment *s = &g_array_index (a, LwSplitAssignment, i);
      g_autoptr(LwItem) item = lw_project_get_item (project, s->item_id, NULL);
      g_assert_cmpint (s->split, >=, 0);
      g_hash_table_insert (result, g_strdup (item->name), opts->splits[s->split].name);
    }
  return result;
}

static void
test_split (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) p1 = split_project (dir, "forward", FALSE);
  g_autoptr(LwProject) p2 = split_project (dir, "reverse", TRUE);
  g_autoptr(GHashTable) a1 = NULL, a1again = NULL, a2 = NULL, a3 = NULL;
  g_autoptr(GError) error = NULL;
  LwExportOptions opts;
  GHashTableIter iter;
  gpointer key, value;
  int counts[3] = { 0 }, differ = 0;
  gboolean bus_in[3] = { FALSE };

  lw_export_options_init (&opts);
  g_assert_true (lw_export_parse_splits (&opts, "train=0.8,val=0.1,test=0.1", &error));
  g_assert_no_error (error);
  opts.seed = 7;
  a1 = assign (p1, &opts);
  a1again = assign (p1, &opts);
  a2 = assign (p2, &opts);
  g_assert_cmpuint (g_hash_table_size (a1), ==, 63);
  g_hash_table_iter_init (&iter, a1);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int s = strcmp (value, "train") == 0 ? 0 : strcmp (value, "val") == 0 ? 1 : 2;
      /* Same seed: the same split, whatever the insertion order. */
      g_assert_cmpstr (value, ==, g_hash_table_lookup (a1again, key));
      g_assert_cmpstr (value, ==, g_hash_table_lookup (a2, key));
      if (g_str_has_prefix (key, "bus"))
        bus_in[s] = TRUE;
      else
        counts[s]++;
    }
  /* Stratified: the rare class reaches every split; the common one follows the fractions. */
  g_assert_true (bus_in[0] && bus_in[1] && bus_in[2]);
  g_assert_cmpint (counts[0], ==, 48);
  g_assert_cmpint (counts[1], ==, 6);
  g_assert_cmpint (counts[2], ==, 6);

  /* Another seed: another assignment. */
  opts.seed = 8;
  a3 = assign (p1, &opts);
  g_hash_table_iter_init (&iter, a1);
  while (g_hash_table_iter_next (&iter, &key, &value))
    differ += strcmp (value, g_hash_table_lookup (a3, key)) != 0;
  g_assert_cmpint (differ, >, 0);

  /* An item's own split is kept: it gets no assignment and exports under its split. */
  {
    gint64 id = lw_project_find_item_by_name (p1, "car00.jpg");
    g_autoptr(GArray) a = NULL;
    g_autofree char *out = g_build_filename (dir, "split.zip", NULL);
    g_autoptr(GHashTable) entries = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;
    guint n_images = 0;

    g_assert_true (lw_project_set_item_split (p1, id, "holdout", NULL));
    a = _lw_export_assign_splits (p1, &opts, NULL, NULL);
    g_assert_cmpint (_lw_export_lookup_split (a, id), ==, -1);
    g_assert_cmpuint (a->len, ==, 62);
    opts.no_media = TRUE;
    g_assert_true (lw_export_run (p1, &opts, out, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    entries = read_entries (out);
    root = entry_json (entries, "annotations/instances_holdout.json", parser);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "images")), ==, 1);
    for (guint s = 0; s < 3; s++)
      {
        g_autofree char *entry = g_strdup_printf ("annotations/instances_%s.json", opts.splits[s].name);
        root = entry_json (entries, entry, parser);
        n_images += json_array_get_length (json_object_get_array_member (root, "images"));
      }
    g_assert_cmpuint (n_images, ==, 62);
  }
  lw_export_options_clear (&opts);
  lw_project_close (p1);
  lw_project_close (p2);
  lw_test_tmpdir_free (dir);
}

static void
test_parse (void)
{
  LwExportOptions opts;
  guint mask = 0;
  const char *bad[] = { "train=0.8,val=0.1", "train", "train=x", "train=0.5,train=0.5",
                        "../x=1", "a=-1,b=2", "" };

  lw_export_options_init (&opts);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (lw_export_parse_splits (&opts, bad[i], &error));
      g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT);
      g_assert_cmpuint (opts.n_splits, ==, 0);
    }
  g_assert_true (lw_export_parse_splits (&opts, "train=0.7, val=0.2, test=0.1", NULL));
  g_assert_cmpuint (opts.n_splits, ==, 3);
  g_assert_cmpstr (opts.splits[1].name, ==, "val");
  lw_export_options_clear (&opts);
  g_assert_true (lw_export_parse_statuses ("done,accepted", &mask, NULL));
  g_assert_cmpuint (mask, ==, (1u << LW_ITEM_STATUS_DONE) | (1u << LW_ITEM_STATUS_ACCEPTED));
  g_assert_false (lw_export_parse_statuses ("done,finished", &mask, NULL));
}

static void
test_status_filter (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  gint64 b = add_png (project, dir, "b.png", 20, 20);
  LwExportOptions opts;

  g_assert_true (lw_project_set_item_status (project, b, LW_ITEM_STATUS_DONE, NULL));
  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_NATIVE;
  g_assert_true (lw_export_parse_statuses ("done,accepted", &opts.status_mask, NULL));
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, NULL));
  entries = read_entries (out);
  root = entry_json (entries, "project.json", parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "items")), ==, 1);
  g_assert_true (g_hash_table_contains (entries, "media/b.png"));
  g_assert_false (g_hash_table_contains (entries, "media/a.png"));
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* "class kind v1 v2 ..." per annotation of every item, by item name, geometry rounded to
 * 1/1000 pixel: what must survive export -> import. */
static GHashTable *
annotation_digest (LwProject *project)
{
  GHashTable *digest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) items = lw_project_list_items (project, NULL, 0, 1000, NULL);

  g_assert_nonnull (items);
  for (guint i = 0; i < items->len; i++)
    {
      const LwItem *item = items->pdata[i];
      g_autoptr(GPtrArray) anns = lw_project_list_annotations (project, item->id, 0, NULL);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      GString *all = g_string_new (NULL);

      for (guint k = 0; k < anns->len; k++)
        {
          const LwAnnotation *ann = anns->pdata[k];
          g_autoptr(LwLabelClass) klass = lw_project_get_class (project, ann->class_id, NULL);
          GString *line = g_string_new (NULL);
          g_string_append_printf (line, "%s %s", klass->name, lw_annotation_kind_to_string (ann->kind));
          for (guint v = 0; v < ann->geometry->len; v++)
            g_string_append_printf (line, " %.3f", g_array_index (ann->geometry, double, v));
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      g_ptr_array_sort (lines, compare_strings);
      for (guint k = 0; k < lines->len; k++)
        g_string_append_printf (all, "%s\n", (char *) lines->pdata[k]);
      /* Importers may name an item by its path in the dataset: compare base names. */
      g_hash_table_insert (digest, g_path_get_basename (item->name), g_string_free (all, FALSE));
    }
  return digest;
}

static void
test_round_trip (gconstpointer data)
{
  LwExportFormat format = GPOINTER_TO_INT (data);
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = NULL;
  g_autoptr(LwProject) back = NULL;
  g_autoptr(GHashTable) before = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *back_dir = g_build_filename (dir, "back", NULL);
  LwImportOptions iopts = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  const char *sources[] = { out, NULL };

  g_mkdir (back_dir, 0755);
  if (format == LW_EXPORT_JSONL)
    {
      const double span[] = { 6, 11 };
      gint64 t;
      project = lw_test_project_new (dir, "essays", "education");
      t = lw_test_add_text (project, "essay1", "héllo wörld");
      add_ann (project, t, "grammar", LW_ANNOTATION_SPAN, span, 2);
      add_ann (project, t, "score 3", LW_ANNOTATION_TAG, NULL, 0);
      back = lw_test_project_new (back_dir, "essays", "education");
      iopts.format = LW_IMPORT_FORMAT_JSONL;
    }
  else
    {
      project = traffic_project (dir);
      back = lw_test_project_new (back_dir, "traffic", "traffic");
      iopts.format = format == LW_EXPORT_COCO ? LW_IMPORT_FORMAT_COCO
                   : format == LW_EXPORT_YOLO ? LW_IMPORT_FORMAT_YOLO
                   : format == LW_EXPORT_VOC ? LW_IMPORT_FORMAT_VOC : LW_IMPORT_FORMAT_LABELME;
      if (format == LW_EXPORT_VOC)
        {
          /* VOC carries boxes only, on the pixel grid. */
          const double box[] = { 50, 10, 40, 40 };
          const double poly_id = 2;
          g_assert_true (lw_project_delete_annotation (project, (gint64) poly_id, NULL));
          add_ann (project, 1, "bus", LW_ANNOTATION_BBOX, box, 4);
        }
    }
  export_ok (project, format, out);
  g_assert_true (lw_import_run (back, sources, &iopts, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  before = annotation_digest (project);
  after = annotation_digest (back);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (after, key))
        {
          GList *keys = g_hash_table_get_keys (after);
          g_test_message ("imported items: %s ...", keys ? (char *) keys->data : "(none)");
          g_list_free (keys);
        }
      g_assert_cmpstr (g_hash_table_lookup (after, key), ==, value);
    }
  lw_project_close (project);
  lw_project_close (back);
  lw_test_tmpdir_free (dir);
}

/* --strip-metadata and --anonymize-names. */

static guint32
test_crc32 (const guint8 *data, gsize len)
{
  static guint32 table[256];
  guint32 crc = 0xFFFFFFFFu;

  if (table[1] == 0)
    for (guint32 n = 0; n < 256; n++)
      {
        guint32 c = n;
        for (int k = 0; k < 8; k++)
          c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
      }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

static void
append_be32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };
  g_byte_array_append (out, b, 4);
}

/* A JPEG segment: marker, big-endian length, payload. */
static void
append_segment (GByteArray *out, guint8 marker, const void *payload, gsize len)
{
  guint8 head[4] = { 0xFF, marker, (len + 2) >> 8, (len + 2) & 0xFF };
  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, payload, len);
}

/* A PNG chunk with its CRC. */
static void
append_chunk (GByteArray *out, const char *type, const void *data, gsize len)
{
  g_autoptr(GByteArray) crc_input = g_byte_array_new ();

  append_be32 (out, len);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  g_byte_array_append (crc_input, data, len);
  g_byte_array_append (out, crc_input->data, crc_input->len);
  append_be32 (out, test_crc32 (crc_input->data, crc_input->len));
}

/* A gradient, so that identical pixels mean something. */
static GdkPixbuf *
gradient_pixbuf (int width, int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        pixels[y * stride + x * 3] = x * 255 / width;
        pixels[y * stride + x * 3 + 1] = y * 255 / height;
        pixels[y * stride + x * 3 + 2] = (x * y) & 0xFF;
      }
  return pixbuf;
}

static gboolean
pixbufs_equal (GdkPixbuf *a, GdkPixbuf *b)
{
  int width = gdk_pixbuf_get_width (a), height = gdk_pixbuf_get_height (a);
  int row = width * gdk_pixbuf_get_n_channels (a);

  if (width != gdk_pixbuf_get_width (b) || height != gdk_pixbuf_get_height (b) ||
      gdk_pixbuf_get_n_channels (a) != gdk_pixbuf_get_n_channels (b))
    return FALSE;
  for (int y = 0; y < height; y++)
    if (memcmp (gdk_pixbuf_get_pixels (a) + y * gdk_pixbuf_get_rowstride (a),
                gdk_pixbuf_get_pixels (b) + y * gdk_pixbuf_get_rowstride (b), row) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
mem_contains (const void *hay, gsize len, const void *needle, gsize n)
{
  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (memcmp ((const char *) hay + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
bytes_contain (GBytes *bytes, const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return mem_contains (data, len, needle, strlen (needle));
}

/* Writes @data to <dir>/<name> and adds an image item with the file's real sha256. */
static gint64
add_media (LwProject *project, const char *dir, const char *name, const guint8 *data, gsize len,
           int width, int height)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, name);

  g_assert_true (g_file_set_contents (path, (const char *) data, len, NULL));
  item->width = width;
  item->height = height;
  item->media_path = g_strdup (name);
  item->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  lw_project_add_item (project, item, &error);
  g_assert_no_error (error);
  return item->id;
}

static const char *const metadata_markers[] = {
  "LW-GPS-MARKER", "LW-XMP-MARKER", "LW-IPTC-MARKER", "LW-COMMENT-MARKER", "LW-TRAILER-MARKER",
  "LW-TEXT-MARKER", "LW-ITXT-MARKER", "LW-EXIF-MARKER", "Exif", "http://ns.adobe.com/xap",
};

/* A real JPEG with Exif (GPS), XMP, ICC, IPTC, a comment, a JFIF thumbnail and a trailer. */
static GByteArray *
jpeg_with_metadata (GdkPixbuf *pixbuf)
{
  g_autofree char *jpeg = NULL;
  gsize jpeg_len, p = 2;
  g_autoptr(GError) error = NULL;
  GByteArray *out = g_byte_array_new ();
  static const char exif[] = "Exif\0\0MM\0*GPSLatitude=48.8584;LW-GPS-MARKER";
  static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>LW-XMP-MARKER</x:xmpmeta>";
  static const char icc[] = "ICC_PROFILE\0\x01\x01LW-ICC-KEEP";
  static const char iptc[] = "Photoshop 3.0\0" "8BIM LW-IPTC-MARKER";
  static const char com[] = "LW-COMMENT-MARKER";
  /* JFIF 1.01, 72 dpi, a 1x1 thumbnail of a pixel the crop removed. */
  static const guint8 jfif[] = { 'J', 'F', 'I', 'F', 0, 1, 1, 1, 0, 72, 0, 72, 1, 1, 'L', 'W', '!' };
  const guint8 *d;

  gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &jpeg_len, "jpeg", &error, "quality", "90", NULL);
  g_assert_no_error (error);
  d = (const guint8 *) jpeg;
  g_assert_true (d[0] == 0xFF && d[1] == 0xD8);
  /* The encoder's own APP0 goes; ours, with a thumbnail, replaces it. */
  if (d[2] == 0xFF && d[3] == 0xE0)
    p = 4 + (d[4] << 8 | d[5]);
  g_byte_array_append (out, d, 2);
  append_segment (out, 0xE0, jfif, sizeof jfif);
  append_segment (out, 0xE1, exif, sizeof exif - 1);
  append_segment (out, 0xE1, xmp, sizeof xmp - 1);
  append_segment (out, 0xE2, icc, sizeof icc - 1);
  append_segment (out, 0xED, iptc, sizeof iptc - 1);
  append_segment (out, 0xFE, com, sizeof com - 1);
  g_byte_array_append (out, d + p, jpeg_len - p);
  g_byte_array_append (out, (const guint8 *) "LW-TRAILER-MARKER", 17);
  return out;
}

/* A real PNG with tEXt, iTXt, eXIf and tIME after IHDR, and a pHYs that must stay. */
static GByteArray *
png_with_metadata (GdkPixbuf *pixbuf, guint8 phys[9])
{
  g_autofree char *png = NULL;
  gsize png_len, ihdr_end = 8 + 12 + 13;
  g_autoptr(GError) error = NULL;
  GByteArray *out = g_byte_array_new ();
  static const char text[] = "Comment\0LW-TEXT-MARKER";
  static const char itxt[] = "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>LW-ITXT-MARKER</x:xmpmeta>";
  static const char exif[] = "MM\0*LW-EXIF-MARKER";
  static const guint8 time[7] = { 0x07, 0xE8, 5, 17, 12, 30, 0 };
  guint8 p[9] = { 0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1 };

  gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpmem (png + 12, 4, "IHDR", 4);
  memcpy (phys, p, 9);
  g_byte_array_append (out, (const guint8 *) png, ihdr_end);
  append_chunk (out, "tEXt", text, sizeof text - 1);
  append_chunk (out, "pHYs", p, sizeof p);
  append_chunk (out, "iTXt", itxt, sizeof itxt - 1);
  append_chunk (out, "eXIf", exif, sizeof exif - 1);
  append_chunk (out, "tIME", time, sizeof time);
  g_byte_array_append (out, (const guint8 *) png + ihdr_end, png_len - ihdr_end);
  return out;
}

static GdkPixbuf *
pixbuf_from_bytes (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_nonnull (pixbuf);
  return g_object_ref (pixbuf);
}

/* No temporary output (".part", ".spool") left in @dir. */
static void
assert_no_partials (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".part") || g_str_has_suffix (name, ".spool"))
      g_error ("left behind: %s", name);
  g_dir_close (d);
}

static void
test_strip_metadata (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "traffic", "traffic");
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (37, 23);
  g_autoptr(GByteArray) jpeg = jpeg_with_metadata (source);
  g_autoptr(GByteArray) png = NULL;
  g_autoptr(GBytes) jpeg_bytes = NULL;
  g_autoptr(GdkPixbuf) jpeg_original = NULL;
  guint8 phys[9];
  const char *outputs[] = { "stripped", "stripped.tar", "stripped.zip" };

  png = png_with_metadata (source, phys);
  add_media (project, dir, "holiday.jpg", jpeg->data, jpeg->len, 37, 23);
  add_media (project, dir, "beach.png", png->data, png->len, 37, 23);
  jpeg_bytes = g_bytes_new (jpeg->data, jpeg->len);
  jpeg_original = pixbuf_from_bytes (jpeg_bytes);
  /* The fixtures carry what the export must remove. */
  g_assert_true (bytes_contain (jpeg_bytes, "LW-GPS-MARKER"));

  for (guint k = 0; k < G_N_ELEMENTS (outputs); k++)
    {
      g_autofree char *out = g_build_filename (dir, outputs[k], NULL);
      g_autoptr(GHashTable) entries = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) jpeg_out = NULL;
      g_autoptr(GdkPixbuf) png_out = NULL;
      GBytes *j, *p;
      gsize j_len;
      const guint8 *jd;
      LwExportOptions opts;

      lw_export_options_init (&opts);
      opts.format = LW_EXPORT_YOLO;
      opts.strip_metadata = TRUE;
      g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      entries = read_entries (out);
      j = g_hash_table_lookup (entries, "images/default/holiday.jpg");
      p = g_hash_table_lookup (entries, "images/default/beach.png");
      g_assert_nonnull (j);
      g_assert_nonnull (p);
      for (guint m = 0; m < G_N_ELEMENTS (metadata_markers); m++)
        {
          if (bytes_contain (j, metadata_markers[m]) || bytes_contain (p, metadata_markers[m]))
            g_error ("%s: %s survived the stripping", outputs[k], metadata_markers[m]);
        }
      /* The colour profile stays; the JFIF header stays without its thumbnail. */
      g_assert_true (bytes_contain (j, "ICC_PROFILE"));
      g_assert_true (bytes_contain (j, "LW-ICC-KEEP"));
      jd = g_bytes_get_data (j, &j_len);
      g_assert_cmpmem (jd, 6, "\xFF\xD8\xFF\xE0\x00\x10", 6);
      g_assert_cmpmem (jd + 6, 5, "JFIF", 5);
      g_assert_false (bytes_contain (j, "LW!"));
      g_assert_cmpmem (jd + j_len - 2, 2, "\xFF\xD9", 2);
      g_assert_true (bytes_contain (p, "pHYs"));
      {
        gsize p_len;
        const char *pd = g_bytes_get_data (p, &p_len);
        g_assert_true (mem_contains (pd, p_len, phys, sizeof phys));
      }
      /* Same pixels: the scans are copied, not re-encoded. */
      jpeg_out = pixbuf_from_bytes (j);
      png_out = pixbuf_from_bytes (p);
      g_assert_cmpint (gdk_pixbuf_get_width (jpeg_out), ==, 37);
      g_assert_cmpint (gdk_pixbuf_get_height (jpeg_out), ==, 23);
      g_assert_true (pixbufs_equal (jpeg_out, jpeg_original));
      g_assert_true (pixbufs_equal (png_out, source));
    }
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
test_strip_metadata_refuses (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (16, 16);
  g_autoptr(GByteArray) jpeg = jpeg_with_metadata (source);
  g_autoptr(GByteArray) png = NULL;
  guint8 phys[9];
  static const guint8 tiff[] = { 'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0 };
  static const guint8 bmp[] = { 'B', 'M', 30, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0, 0, 0,
                                1, 0, 1, 0, 1, 0, 24, 0, 0, 0, 255, 0 };
  struct { const char *name; gsize cut; const guint8 *data; gsize len; int code; } cases[] = {
    /* Cut in the middle of the Exif segment, then in the middle of the scan. */
    { "cut-header.jpg", 40, NULL, 0, LW_EXPORT_ERROR_FAILED },
    { "cut-scan.jpg", 0, NULL, 0, LW_EXPORT_ERROR_FAILED },
    { "cut.png", 0, NULL, 0, LW_EXPORT_ERROR_FAILED },
    { "scan.tif", 0, tiff, sizeof tiff, LW_EXPORT_ERROR_UNSUPPORTED },
  };

  png = png_with_metadata (source, phys);
  cases[0].data = jpeg->data;
  cases[0].len = 40;
  cases[1].data = jpeg->data;
  cases[1].len = jpeg->len - 40;
  cases[2].data = png->data;
  cases[2].len = png->len - 30;
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *name = g_strdup_printf ("refuse%u", k);
      g_autoptr(LwProject) project = lw_test_project_new (dir, name, "traffic");
      g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
      g_autofree char *out_zip = g_build_filename (dir, "out.zip", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      LwExportOptions opts;

      add_media (project, dir, "fine.png", png->data, png->len, 16, 16);
      add_media (project, dir, cases[k].name, cases[k].data, cases[k].len, 16, 16);
      lw_export_options_init (&opts);
      opts.format = LW_EXPORT_COCO;
      opts.strip_metadata = TRUE;
      g_assert_false (lw_export_run (project, &opts, out_dir, NULL, NULL, NULL, &error));
      g_assert_error (error, LW_EXPORT_ERROR, cases[k].code);
      g_assert_nonnull (strstr (error->message, cases[k].name));
      g_test_message ("%s", error->message);
      g_assert_false (lw_export_run (project, &opts, out_zip, NULL, NULL, NULL, &error2));
      g_assert_error (error2, LW_EXPORT_ERROR, cases[k].code);
      g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (out_zip, G_FILE_TEST_EXISTS));
      assert_no_partials (dir);
      /* Without stripping the same file is copied as it is. */
      opts.strip_metadata = FALSE;
      g_assert_true (lw_export_run (project, &opts, out_zip, NULL, NULL, NULL, NULL));
      g_assert_cmpint (g_unlink (out_zip), ==, 0);
      lw_project_close (project);
    }

  /* BMP has no metadata: copied byte for byte. */
  {
    g_autoptr(LwProject) project = lw_test_project_new (dir, "bmp", "traffic");
    g_autofree char *out = g_build_filename (dir, "bmp-out", NULL);
    g_autoptr(GHashTable) entries = NULL;
    g_autoptr(GBytes) expected = g_bytes_new_static (bmp, sizeof bmp);
    LwExportOptions opts;

    add_media (project, dir, "pixel.bmp", bmp, sizeof bmp, 1, 1);
    lw_export_options_init (&opts);
    opts.format = LW_EXPORT_COCO;
    opts.strip_metadata = TRUE;
    g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, NULL));
    entries = read_entries (out);
    g_assert_true (g_bytes_equal (expected, g_hash_table_lookup (entries, "images/default/pixel.bmp")));
    lw_project_close (project);
  }
  lw_test_tmpdir_free (dir);
}

static void
test_anonymize_names (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "a.png", -1);
  g_autofree char *png_name = g_strconcat (sha, ".png", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const LwExportFormat formats[] = { LW_EXPORT_COCO, LW_EXPORT_YOLO, LW_EXPORT_VOC,
                                     LW_EXPORT_LABELME, LW_EXPORT_CSV, LW_EXPORT_NATIVE };

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autofree char *out = g_strdup_printf ("%s/anon-%s.tar", dir, lw_export_format_to_string (formats[k]));
      g_autoptr(GHashTable) entries = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *image_entry = NULL;
      GHashTableIter iter;
      gpointer key, value;
      LwExportOptions opts;

      lw_export_options_init (&opts);
      opts.format = formats[k];
      opts.anonymize_names = TRUE;
      g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      entries = read_entries (out);
      /* The original name appears nowhere: not in entry names, not in any file. */
      g_hash_table_iter_init (&iter, entries);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_assert_null (strstr (key, "a.png"));
          if (g_str_has_suffix (key, ".png"))
            g_assert_cmpstr (strrchr (key, '/') ? strrchr (key, '/') + 1 : key, ==, png_name);
          else if (bytes_contain (value, "\"a.png\"") || bytes_contain (value, ">a.png<") ||
                   bytes_contain (value, "/a.png"))
            g_error ("%s: %s names the original file", (char *) out, (char *) key);
        }
      switch (formats[k])
        {
        case LW_EXPORT_COCO:
          {
            JsonObject *root = entry_json (entries, "annotations/instances_default.json", parser);
            JsonObject *img = json_array_get_object_element (json_object_get_array_member (root, "images"), 0);
            g_assert_cmpstr (json_object_get_string_member (img, "file_name"), ==, png_name);
            image_entry = g_strdup_printf ("images/default/%s", png_name);
          }
          break;
        case LW_EXPORT_YOLO:
          {
            g_autofree char *label = g_strdup_printf ("labels/default/%s.txt", sha);
            g_assert_true (g_hash_table_contains (entries, label));
            image_entry = g_strdup_printf ("images/default/%s", png_name);
          }
          break;
        case LW_EXPORT_VOC:
          {
            g_autofree char *xml_entry = g_strdup_printf ("Annotations/%s.xml", sha);
            g_autofree char *xml = entry_text (entries, xml_entry);
            g_autofree char *filename = g_strdup_printf ("<filename>%s</filename>", png_name);
            g_autofree char *set = entry_text (entries, "ImageSets/Main/default.txt");
            g_autofree char *set_line = g_strdup_printf ("%s\n", sha);
            g_assert_nonnull (strstr (xml, filename));
            g_assert_cmpstr (set, ==, set_line);
            image_entry = g_strdup_printf ("JPEGImages/%s", png_name);
          }
          break;
        case LW_EXPORT_LABELME:
          {
            g_autofree char *json_entry = g_strdup_printf ("%s.json", sha);
            JsonObject *root = entry_json (entries, json_entry, parser);
            g_assert_cmpstr (json_object_get_string_member (root, "imagePath"), ==, png_name);
            image_entry = g_strdup (png_name);
          }
          break;
        case LW_EXPORT_CSV:
          {
            g_autofree char *csv = entry_text (entries, "default.csv");
            g_autofree char *row = g_strdup_printf ("\r\nimages/default/%s,default,", png_name);
            g_assert_nonnull (strstr (csv, row));
            image_entry = g_strdup_printf ("images/default/%s", png_name);
          }
          break;
        case LW_EXPORT_NATIVE:
          {
            JsonObject *root = entry_json (entries, "project.json", parser);
            JsonObject *item = json_array_get_object_element (json_object_get_array_member (root, "items"), 0);
            g_assert_cmpstr (json_object_get_string_member (item, "file_name"), ==, png_name);
            g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, png_name);
            g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, sha);
            image_entry = g_strdup_printf ("media/%s", png_name);
          }
          break;
        case LW_EXPORT_JSONL:
        case LW_EXPORT_N_FORMATS:
        default:
          g_assert_not_reached ();
        }
      g_assert_true (g_hash_table_contains (entries, image_entry));
      lw_export_options_clear (&opts);
    }
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* a.jpg and a.png would share labels/a.txt: the second one gets its id in front. */
static void
test_stem_clash (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = traffic_project (dir);
  g_autofree char *out = g_build_filename (dir, "out.tar", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *second = NULL;
  g_autofree char *label = NULL;
  const double box[] = { 1, 2, 3, 4 };
  gint64 b = add_png (project, dir, "A.jpg", 10, 10);

  add_ann (project, b, "car", LW_ANNOTATION_BBOX, box, 4);
  export_ok (project, LW_EXPORT_YOLO, out);
  entries = read_entries (out);
  second = g_strdup_printf ("images/default/%" G_GINT64_FORMAT "_A.jpg", b);
  label = g_strdup_printf ("labels/default/%" G_GINT64_FORMAT "_A.txt", b);
  g_assert_true (g_hash_table_contains (entries, "images/default/a.png"));
  g_assert_true (g_hash_table_contains (entries, "labels/default/a.txt"));
  g_assert_true (g_hash_table_contains (entries, second));
  g_assert_true (g_hash_table_contains (entries, label));
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

/* Texts have no files; their ids in JSONL become their content hashes. */
static void
test_anonymize_texts (void)
{
  char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "essays", "education");
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(LwItem) item = NULL;
  LwExportOptions opts;
  gint64 t = lw_test_add_text (project, "student-jane-doe", "hello world");

  item = lw_project_get_item (project, t, NULL);
  lw_export_options_init (&opts);
  opts.format = LW_EXPORT_JSONL;
  opts.anonymize_names = TRUE;
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, NULL));
  entries = read_entries (out);
  jsonl = entry_text (entries, "default.jsonl");
  g_assert_null (strstr (jsonl, "jane"));
  /* The stored hash, or the text's when the item has none. */
  if (item->sha256 == NULL)
    item->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "hello world", -1);
  expected = g_strdup_printf ("{\"id\":\"%s\",", item->sha256);
  g_assert_true (g_str_has_prefix (jsonl, expected));
  lw_project_close (project);
  lw_test_tmpdir_free (dir);
}

static void
assert_same_annotations (GPtrArray *got, GPtrArray *want, gboolean all_columns)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    {
      const LwAnnotation *a = got->pdata[i], *b = want->pdata[i];
      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpint (a->item_id, ==, b->item_id);
      g_assert_cmpint (a->class_id, ==, b->class_id);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->source, ==, b->source);
      g_assert_cmpint (isnan (a->score), ==, isnan (b->score));
      if (!isnan (a->score))
        g_assert_cmpfloat (a->score, ==, b->score);
      if (all_columns)
        {
          g_assert_cmpint (a->annotator_id, ==, b->annotator_id);
          g_assert_cmpstr (a->attributes, ==, b->attributes);
          g_assert_cmpint (a->created_at, ==, b->created_at);
          g_assert_cmpint (a->updated_at, ==, b->updated_at);
        }
      else
        {
          /* The shape-only cursor leaves the rest at an empty annotation's values. */
          g_assert_cmpint (a->annotator_id, ==, 0);
          g_assert_cmpstr (a->attributes, ==, "{}");
          g_assert_cmpint (a->created_at, ==, 0);
        }
      g_assert_cmpuint (a->geometry->len, ==, b->geometry->len);
      g_assert_cmpmem (a->geometry->data, a->geometry->len * sizeof (double),
                       b->geometry->data, b->geometry->len * sizeof (double));
    }
}

/* The export reads annotations through one cursor: for every item asked, the same
 * annotations in the same order as the per-item query, whether the cursor steps, skips the
 * annotations of items not asked for (more than it steps over before seeking), goes back,
 * or filters by annotator. The annotations are added to the items in turn, so that their
 * ids are not in item order. */
static void
test_annotation_cursor (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "cursor", "traffic");
  g_autoptr(GError) error = NULL;
  gint64 items[5], annotators[2];
  const guint counts[5] = { 3, 0, 100, 2, 1 };
  const gint64 order[] = { 0, 3, 2, 4, 2, 1, 0 };   /* indexes into items; 1 has none */
  g_autoptr(LwAnnotationCursor) cursor = NULL;
  g_autoptr(LwAnnotationCursor) by_annotator = NULL;
  g_autoptr(LwAnnotationCursor) shape = NULL;
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.jpg", i);
      items[i] = lw_test_add_image (project, name, 640, 480);
    }
  annotators[0] = lw_project_ensure_annotator (project, "ann", &error);
  g_assert_no_error (error);
  annotators[1] = lw_project_ensure_annotator (project, "bob", &error);
  g_assert_no_error (error);
  for (guint round = 0; round < 100; round++)
    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      if (round < counts[i])
        {
          /* Fractions that the fast number path reads, and one with 17 digits. */
          double box[4] = { 1.25 + round, 2.5, 10.125 + i, round == 1 ? 7.3333333333000006 : 3 };
          lw_test_add_annotation (project, annotators[(round + i) % 2], items[i], "car",
                                  LW_ANNOTATION_BBOX, box, 4);
          total++;
        }
  g_assert_cmpuint (total, ==, 106);
  /* And a prediction, so that a score is read too. */
  {
    g_autoptr(LwAnnotation) pred = lw_annotation_new (items[3], lw_test_class_id (project, "car"),
                                                      LW_ANNOTATION_BBOX);
    const double box[4] = { 4, 5, 6, 7 };
    lw_annotation_set_geometry (pred, box, 4);
    pred->source = LW_SOURCE_PREDICTION;
    pred->score = 0.625;
    lw_project_add_annotation (project, pred, &error);
    g_assert_no_error (error);
  }

  cursor = _lw_annotation_cursor_new (project, 0, LW_CURSOR_ALL, &error);
  g_assert_no_error (error);
  by_annotator = _lw_annotation_cursor_new (project, annotators[1], LW_CURSOR_ALL, &error);
  g_assert_no_error (error);
  shape = _lw_annotation_cursor_new (project, 0, LW_CURSOR_SHAPE, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      gint64 item = items[order[k]];
      g_autoptr(GPtrArray) want = lw_project_list_annotations (project, item, 0, &error);
      g_autoptr(GPtrArray) want_bob = lw_project_list_annotations (project, item, annotators[1], &error);
      GPtrArray *got;

      g_assert_no_error (error);
      got = _lw_annotation_cursor_next (cursor, item, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->len, ==, counts[order[k]] + (order[k] == 3));
      assert_same_annotations (got, want, TRUE);
      got = _lw_annotation_cursor_next (shape, item, &error);
      g_assert_no_error (error);
      assert_same_annotations (got, want, FALSE);
      got = _lw_annotation_cursor_next (by_annotator, item, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (want_bob->len, <, MAX (want->len, 1));
      assert_same_annotations (got, want_bob, TRUE);
    }
  /* Past the last item: nothing. */
  g_assert_cmpuint (_lw_annotation_cursor_next (cursor, items[4] + 1000, &error)->len, ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&cursor, _lw_annotation_cursor_free);
  g_clear_pointer (&by_annotator, _lw_annotation_cursor_free);
  g_clear_pointer (&shape, _lw_annotation_cursor_free);
  lw_project_close (project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The export's item listing is lw_project_list_items without the annotation counts: the
 * same items, in the same order, under the same filter, page by page. */
static void
test_list_uncounted (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "uncounted", "traffic");
  g_autoptr(GError) error = NULL;
  LwItemFilter all = { 0 }, done = { .status_mask = 1u << LW_ITEM_STATUS_DONE };
  const LwItemFilter *filters[] = { &all, &done };
  const double box[4] = { 1, 2, 3, 4 };

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.jpg", i);
      gint64 id = lw_test_add_image (project, name, 640, 480);
      for (guint k = 0; k < i; k++)
        lw_test_add_annotation (project, 0, id, "car", LW_ANNOTATION_BBOX, box, 4);
      if (i % 2 == 1)
        {
          g_assert_true (lw_project_set_item_status (project, id, LW_ITEM_STATUS_DONE, &error));
          g_assert_no_error (error);
        }
    }
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      gint64 after = 0;
      guint seen = 0;
      for (;;)
        {
          g_autoptr(GPtrArray) want = lw_project_list_items (project, filters[f], after, 2, &error);
          g_autoptr(GPtrArray) got = _lw_project_list_items_uncounted (project, filters[f], after, 2,
                                                                       FALSE, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (got->len, ==, want->len);
          if (got->len == 0)
            break;
          for (guint i = 0; i < got->len; i++)
            {
              const LwItem *a = got->pdata[i], *b = want->pdata[i];
              g_assert_cmpint (a->id, ==, b->id);
              g_assert_cmpstr (a->name, ==, b->name);
              g_assert_cmpstr (a->media_path, ==, b->media_path);
              g_assert_cmpint (a->status, ==, b->status);
              g_assert_cmpint (a->width, ==, b->width);
              g_assert_cmpint (a->n_annotations, ==, -1);
              /* "imgN.jpg" has N annotations, which only the counted listing says. */
              g_assert_cmpint (b->n_annotations, ==, atoi (a->name + 3));
              after = a->id;
              seen++;
            }
        }
      g_assert_cmpuint (seen, ==, f == 0 ? 7 : 3);
    }
  /* The export lists texts whole (one query, not one more per text); the list the window
   * shows keeps them short. */
  {
    g_autoptr(GString) long_text = g_string_new (NULL);
    g_autoptr(GPtrArray) whole = NULL;
    g_autoptr(GPtrArray) shortened = NULL;
    gint64 text_id;

    while (long_text->len < 1000)
      g_string_append (long_text, "A sentence of an essay. ");
    text_id = lw_test_add_text (project, "essay", long_text->str);
    whole = _lw_project_list_items_uncounted (project, &all, text_id - 1, 1, TRUE, &error);
    g_assert_no_error (error);
    shortened = _lw_project_list_items_uncounted (project, &all, text_id - 1, 1, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (whole->len, ==, 1);
    g_assert_cmpuint (shortened->len, ==, 1);
    g_assert_cmpstr (((LwItem *) whole->pdata[0])->text, ==, long_text->str);
    g_assert_cmpuint (strlen (((LwItem *) shortened->pdata[0])->text), ==, 200);
  }
  lw_project_close (project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

typedef struct {
  GCancellable *cancellable;
  guint         at, calls;
} CancelAt;

static void
cancel_at (double fraction, const char *message, gpointer user_data)
{
  CancelAt *data = user_data;

  if (++data->calls == data->at)
    g_cancellable_cancel (data->cancellable);
}

/* The export reads the project a batch (a page of 256 items) ahead of the formatting, on
 * its own thread: over several pages every item comes once, in order, with its own
 * annotations; and when the export fails or is cancelled while the reader is ahead, it ends
 * cleanly (no hang, nothing left behind) and the project's connection works again. */
static void
test_read_ahead (void)
{
  g_autofree char *dir = lw_test_tmpdir_new ();
  g_autoptr(LwProject) project = lw_test_project_new (dir, "ahead", "traffic");
  g_autofree char *out = g_build_filename (dir, "out.tar.zst", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt cancel = { cancellable, 300, 0 };
  const guint n_items = 700;
  gint64 ids[700];
  JsonArray *images, *anns;
  LwExportOptions opts;

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.png", i);
      ids[i] = lw_test_add_image (project, name, 64, 48);
    }
  /* Added in turns, so that annotation ids are not in item order; item i has i % 3. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n_items; i++)
      if (round < i % 3)
        {
          const double box[4] = { 1 + round, 2, 3 + i % 50, 4 };
          lw_test_add_annotation (project, 0, ids[i], i % 2 ? "car" : "bus", LW_ANNOTATION_BBOX, box, 4);
        }

  lw_export_options_init (&opts);
  opts.no_media = TRUE;
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  entries = read_entries (out);
  {
    JsonObject *root = entry_json (entries, "annotations/instances_default.json", parser);
    guint a = 0;

    images = json_object_get_array_member (root, "images");
    anns = json_object_get_array_member (root, "annotations");
    g_assert_cmpuint (json_array_get_length (images), ==, n_items);
    for (guint i = 0; i < n_items; i++)
      {
        g_autoptr(GPtrArray) want = lw_project_list_annotations (project, ids[i], 0, &error);
        g_assert_no_error (error);
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (images, i), "id"), ==, ids[i]);
        g_assert_cmpuint (want->len, ==, i % 3);
        for (guint k = 0; k < want->len; k++, a++)
          {
            JsonObject *ann = json_array_get_object_element (anns, a);
            g_assert_cmpint (json_object_get_int_member (ann, "id"), ==, ((LwAnnotation *) want->pdata[k])->id);
            g_assert_cmpint (json_object_get_int_member (ann, "image_id"), ==, ids[i]);
          }
      }
    g_assert_cmpuint (json_array_get_length (anns), ==, a);
  }

  /* An item on the third page cannot be written: the reader is ahead of it, or done. */
  g_assert_true (lw_project_set_item_split (project, ids[600], "no good", &error));
  g_assert_no_error (error);
  g_assert_false (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "img600.png"));
  g_clear_error (&error);
  g_assert_cmpint (lw_project_count_items (project, NULL, &error), ==, n_items);
  g_assert_no_error (error);
  g_assert_true (lw_project_set_item_split (project, ids[600], NULL, &error));
  g_assert_no_error (error);

  /* Cancelled in the middle of the second page. */
  g_assert_false (lw_export_run (project, &opts, out, cancel_at, &cancel, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (cancel.calls, >=, 300);
  g_assert_cmpuint (cancel.calls, <, n_items);

  /* The first export's archive is still there, untouched; nothing else was left. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_true (strcmp (name, "out.tar.zst") == 0 || g_str_has_prefix (name, "ahead.lwproj"));
  }
  g_assert_true (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lw_project_close (project);
  lw_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The geometry reader's fast path (up to 15 digits, no exponent) gives the same double as
 * g_ascii_strtod, and everything else still goes through it. */
static void
test_geometry_numbers (void)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (4);
  const char *fixed[] = { "0", "-0", "7", "-12", "0.1", "1.5", "-3.25", "123456789012345",
                          "1234567890123456", "0.30000000000000004", "1e-3", "2.5E+2",
                          "7.3333333333000006", "0.000001", "99999.99999", "18446744073709551616" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (texts, g_strdup (fixed[i]));
  for (guint i = 0; i < 2000; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double d = g_rand_double_range (rand, -5000, 5000);
      /* Short decimals as an annotation tool writes them, and full-precision doubles. */
      g_ascii_formatd (buf, sizeof buf, i % 3 == 0 ? "%.17g" : i % 3 == 1 ? "%.3f" : "%.15g", d);
      g_ptr_array_add (texts, g_strdup (buf));
    }
  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (json, "%s%s", i ? ", " : "", (char *) texts->pdata[i]);
  g_string_append_c (json, ']');

  g_assert_true (_lw_geometry_parse (json->str, values, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (values->len, ==, texts->len);
  for (guint i = 0; i < texts->len; i++)
    {
      double want = g_ascii_strtod (texts->pdata[i], NULL);
      double got = g_array_index (values, double, i);
      if (memcmp (&got, &want, sizeof got) != 0)
        g_error ("%s read as %.17g, expected %.17g", (char *) texts->pdata[i], got, want);
    }
  /* Malformed input is refused and leaves nothing. */
  g_assert_false (_lw_geometry_parse ("[1, 2.]x", values, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_assert_cmpuint (values->len, ==, 0);
  g_clear_error (&error);
  g_assert_false (_lw_geometry_parse ("[1,,2]", values, &error));
  g_assert_error (error, LW_MODEL_ERROR, LW_MODEL_ERROR_INVALID);
  g_rand_free (rand);
}

typedef struct {
  GArray *ran;       /* job numbers, in the order the thread ran them */
  guint   fail_at;   /* the job that fails; 0: none */
} QueueLog;

static gint queue_freed;

static gboolean
queue_job_run (gpointer job, gpointer data, GError **error)
{
  QueueLog *log = data;
  guint n = GPOINTER_TO_UINT (job);

  g_array_append_val (log->ran, n);
  if (n == log->fail_at)
    {
      g_set_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE, "job %u failed", n);
      return FALSE;
    }
  return TRUE;
}

static void
queue_job_free (gpointer job)
{
  g_atomic_int_inc (&queue_freed);
}

/* The writer thread of archive exports: jobs run in order; after a failure the later ones
 * are dropped unrun, the next push and finish report the failure; every job is freed. */
static void
test_write_queue (void)
{
  QueueLog log = { g_array_new (FALSE, FALSE, sizeof (guint)), 0 };
  g_autoptr(GError) error = NULL;
  LwExportQueue *q;
  guint pushed = 0;

  queue_freed = 0;
  q = _lw_export_queue_new (queue_job_run, queue_job_free, &log, 4);
  g_assert_nonnull (q);
  for (guint n = 1; n <= 1000; n++)
    {
      g_assert_true (_lw_export_queue_push (q, GUINT_TO_POINTER (n), &error));
      g_assert_no_error (error);
    }
  g_assert_true (_lw_export_queue_finish (q, &error));
  g_assert_no_error (error);
  _lw_export_queue_free (q);
  g_assert_cmpuint (log.ran->len, ==, 1000);
  for (guint i = 0; i < log.ran->len; i++)
    g_assert_cmpuint (g_array_index (log.ran, guint, i), ==, i + 1);
  g_assert_cmpint (g_atomic_int_get (&queue_freed), ==, 1000);

  /* Job 10 fails. */
  g_array_set_size (log.ran, 0);
  log.fail_at = 10;
  queue_freed = 0;
  q = _lw_export_queue_new (queue_job_run, queue_job_free, &log, 4);
  for (guint n = 1; n <= 1000; n++)
    {
      pushed++;
      if (!_lw_export_queue_push (q, GUINT_TO_POINTER (n), &error))
        break;
    }
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE);
  g_assert_cmpstr (error->message, ==, "job 10 failed");
  g_assert_cmpuint (pushed, <, 1000);
  g_clear_error (&error);
  g_assert_false (_lw_export_queue_finish (q, &error));
  g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  _lw_export_queue_free (q);
  g_assert_cmpuint (log.ran->len, ==, 10);
  g_assert_cmpuint (g_array_index (log.ran, guint, 9), ==, 10);
  g_assert_cmpint (g_atomic_int_get (&queue_freed), ==, (gint) pushed);

  /* Freed without finishing (a cancelled export): whatever waits is dropped, and freed. */
  g_array_set_size (log.ran, 0);
  log.fail_at = 0;
  queue_freed = 0;
  q = _lw_export_queue_new (queue_job_run, queue_job_free, &log, 64);
  for (guint n = 1; n <= 50; n++)
    g_assert_true (_lw_export_queue_push (q, GUINT_TO_POINTER (n), NULL));
  _lw_export_queue_free (q);
  g_assert_cmpint (g_atomic_int_get (&queue_freed), ==, 50);
  g_assert_cmpuint (log.ran->len, <=, 50);
  g_array_unref (log.ran);
}

/* A .tar.zst that the disk cannot hold (a file size limit, as a full disk would): the
 * compressor's write fails on the writer thread, the export reports it with the reason and
 * leaves nothing behind. */
static void
test_tar_zst_disk_full (void)
{
  if (g_test_subprocess ())
    {
      char *dir = lw_test_tmpdir_new ();
      g_autoptr(LwProject) project = lw_test_project_new (dir, "traffic", "traffic");
      g_autofree char *out = g_build_filename (dir, "out.tar.zst", NULL);
      g_autoptr(GError) error = NULL;
      struct rlimit lim = { 256 * 1024, 256 * 1024 };
      LwExportOptions opts;

      for (int i = 0; i < 2; i++)
        {
          g_autofree char *name = g_strdup_printf ("noise%d.png", i);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autofree guint32 *noise = g_new (guint32, (1 << 20) / 4);
          for (int k = 0; k < (1 << 20) / 4; k++)
            noise[k] = g_random_int ();
          g_assert_true (g_file_set_contents (path, (const char *) noise, 1 << 20, NULL));
          lw_test_add_image (project, name, 10, 10);
        }
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
      lw_export_options_init (&opts);
      g_assert_false (lw_export_run (project, &opts, out, NULL, NULL, NULL, &error));
      g_assert_error (error, LW_EXPORT_ERROR, LW_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, out));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      assert_no_leftovers (dir);
      lw_project_close (project);
      lw_test_tmpdir_free (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/coco/hand-computed", test_coco);
  g_test_add_func ("/export/read/annotation-cursor", test_annotation_cursor);
  g_test_add_func ("/export/read/geometry-numbers", test_geometry_numbers);
  g_test_add_func ("/export/read/items-uncounted", test_list_uncounted);
  g_test_add_func ("/export/read/ahead", test_read_ahead);
  g_test_add_func ("/export/write/queue", test_write_queue);
  g_test_add_func ("/export/atomic/tar-zst-disk-full", test_tar_zst_disk_full);
  g_test_add_func ("/export/yolo/hand-computed", test_yolo);
  g_test_add_func ("/export/yolo/pose", test_yolo_pose);
  g_test_add_func ("/export/class-filter", test_class_filter);
  g_test_add_func ("/export/stale-temporaries", test_stale_temps);
  g_test_add_func ("/export/voc/hand-computed", test_voc);
  g_test_add_func ("/export/labelme/hand-computed", test_labelme);
  g_test_add_func ("/export/jsonl-csv/offsets-quoting", test_jsonl_csv);
  g_test_add_func ("/export/native/structure", test_native);
  g_test_add_func ("/export/native/reviews-across-batches", test_native_reviews_batches);
  g_test_add_func ("/export/atomic/cancel", test_cancel);
  g_test_add_func ("/export/atomic/unwritable", test_unwritable);
  g_test_add_func ("/export/progress/messages", test_progress_messages);
  g_test_add_func ("/export/missing-media", test_missing_media);
  g_test_add_func ("/export/split/reproducible-stratified", test_split);
  g_test_add_func ("/export/options/parse", test_parse);
  g_test_add_func ("/export/status-filter", test_status_filter);
  g_test_add_data_func ("/export/round-trip/coco", GINT_TO_POINTER (LW_EXPORT_COCO), test_round_trip);
  g_test_add_data_func ("/export/round-trip/yolo", GINT_TO_POINTER (LW_EXPORT_YOLO), test_round_trip);
  g_test_add_data_func ("/export/round-trip/voc", GINT_TO_POINTER (LW_EXPORT_VOC), test_round_trip);
  g_test_add_data_func ("/export/round-trip/labelme", GINT_TO_POINTER (LW_EXPORT_LABELME), test_round_trip);
  g_test_add_data_func ("/export/round-trip/jsonl", GINT_TO_POINTER (LW_EXPORT_JSONL), test_round_trip);
  g_test_add_func ("/export/privacy/strip-metadata", test_strip_metadata);
  g_test_add_func ("/export/privacy/strip-metadata-refuses", test_strip_metadata_refuses);
  g_test_add_func ("/export/privacy/anonymize-names", test_anonymize_names);
  g_test_add_func ("/export/privacy/anonymize-texts", test_anonymize_texts);
  g_test_add_func ("/export/names/stem-clash", test_stem_clash);
  return g_test_run ();
}
