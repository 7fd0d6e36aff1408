/* bench-util.c: helpers shared by the benchmark programs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include <sys/resource.h>

#include "bench-util.h"

double
bench_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

gboolean
bench_write_png (const char *path, int width, int height, guint64 seed)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guchar *px = gdk_pixbuf_get_pixels (pb);
  int stride = gdk_pixbuf_get_rowstride (pb);
  guint64 s = seed * 0x9E3779B97F4A7C15ull + 1;

  /* A gradient (compresses like a photo thumbnail would not, but keeps files small) with the
   * seed's bytes in the first row, so that every file has distinct content. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = px + y * stride + x * 3;
        p[0] = (guchar) (x * 4 + (s & 0xff));
        p[1] = (guchar) (y * 5 + ((s >> 8) & 0xff));
        p[2] = (guchar) ((x ^ y) + ((s >> 16) & 0xff));
      }
  for (int i = 0; i < 8 && i < width; i++)
    px[i * 3] = (guchar) (seed >> (8 * i));
  if (!gdk_pixbuf_save (pb, path, "png", &error, NULL))
    {
      fprintf (stderr, "bench: cannot write %s: %s\n", path, error->message);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
bench_write_pngs (const char *dir, guint n, int width, int height)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%03u", i / 1000);
      g_autofree char *name = g_strdup_printf ("%s/img_%07u.png", sub, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (i % 1000 == 0)
        {
          g_autofree char *subdir = g_build_filename (dir, sub, NULL);
          if (g_mkdir_with_parents (subdir, 0755) != 0)
            {
              fprintf (stderr, "bench: cannot create %s\n", subdir);
              return NULL;
            }
        }
      if (!bench_write_png (path, width, height, i))
        return NULL;
      g_ptr_array_add (names, g_steal_pointer (&name));
    }
  return g_steal_pointer (&names);
}

double
bench_cpu_seconds (int who)
{
  struct rusage ru;

  if (getrusage (who, &ru) != 0)
    return 0;
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double
bench_time_shell (const char *cmd)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
  int status = 0;
  double t0 = bench_now ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench: `%s` failed: %s\n", cmd, error->message);
      return -1;
    }
  return bench_now () - t0;
}

static gint64
status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  p = strstr (text, key);
  if (p == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (key), NULL, 10);
}

gint64
bench_vm_hwm_kb (void)
{
  return status_kb ("VmHWM:");
}

gint64
bench_vm_rss_kb (void)
{
  return status_kb ("VmRSS:");
}

char *
bench_run_child (const char *const *argv)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_strv_builder_add (b, "/proc/self/exe");
  for (guint i = 0; argv[i]; i++)
    g_strv_builder_add (b, argv[i]);
  full = g_strv_builder_end (b);
  if (!g_spawn_sync (NULL, full, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench: child %s failed: %s\n", argv[0], error->message);
      return NULL;
    }
  return g_steal_pointer (&out);
}

char *
bench_shell_quote (const char *s)
{
  return g_shell_quote (s);
}

int
bench_compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_median (double *values, int n)
{
  qsort (values, n, sizeof *values, bench_compare_double);
  return values[n / 2];
}

gint64
bench_add_item (LwProject *project, guint i, gint64 class_id, GError **error)
{
  g_autoptr(LwItem) item = lw_item_new (LW_ITEM_KIND_IMAGE, NULL);
  g_autoptr(LwAnnotation) ann = NULL;
  double box[] = { 1 + i % 50, 2, 30, 20 };

  item->name = g_strdup_printf ("img_%07u.jpg", i);
  item->media_path = g_strdup_printf ("images/%03u/img_%07u.jpg", i / 1000, i);
  item->sha256 = g_strdup_printf ("%064x", i);
  item->width = 640;
  item->height = 480;
  item->status = (LwItemStatus) (i % 3);
  item->split = i % 10 == 5 ? g_strdup ("val") : NULL;
  if (!lw_project_add_item (project, item, error))
    return 0;
  ann = lw_annotation_new (item->id, class_id, LW_ANNOTATION_BBOX);
  lw_annotation_set_geometry (ann, box, 4);
  if (!lw_project_import_annotation (project, ann, error))
    return 0;
  return item->id;
}
