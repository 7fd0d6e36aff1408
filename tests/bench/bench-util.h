/* bench-util.h: helpers shared by the benchmark programs (never run as unit tests) */
#pragma once

#include <glib.h>
#include <labelwright.h>

G_BEGIN_DECLS

/* Seconds on the monotonic clock. */
double   bench_now              (void);
/* Writes a @width x @height RGB PNG whose pixels depend on @seed (distinct seeds give
 * distinct files). Returns FALSE with a message on stderr on failure. */
gboolean bench_write_png        (const char *path, int width, int height, guint64 seed);
/* Writes @n distinct PNGs under @dir as "NNN/img_NNNNNNN.png" (1,000 per folder).
 * Returns the relative file names (char*, owned). */
GPtrArray *bench_write_pngs     (const char *dir, guint n, int width, int height);
/* CPU seconds (user + system) of @who: RUSAGE_SELF, or RUSAGE_CHILDREN (every child
 * waited for so far, theirs included). */
double   bench_cpu_seconds      (int who);
/* Runs @cmd through /bin/sh and returns its wall time in seconds, or -1 on failure. */
double   bench_time_shell       (const char *cmd);
/* Peak resident set (VmHWM) and current resident set (VmRSS) of this process, in KiB. */
gint64   bench_vm_hwm_kb        (void);
gint64   bench_vm_rss_kb        (void);
/* Runs this program again (/proc/self/exe) with @argv (NULL-terminated, without argv[0])
 * and returns its standard output; NULL (message on stderr) if it failed. */
char    *bench_run_child        (const char *const *argv);
/* The median of @n values (sorts them). */
double   bench_median           (double *values, int n);
/* The comparison bench_median sorts with, for qsort. */
int      bench_compare_double   (const void *a, const void *b);
/* Adds synthetic image item number @i (no file: name, path, hash, size, a status and split
 * that vary with @i) with one box of @class_id, as the large benchmark projects are made.
 * Call inside lw_project_begin/commit. Returns the item's id, or 0. */
gint64   bench_add_item         (LwProject *project, guint i, gint64 class_id, GError **error);
/* Quotes @s for /bin/sh. */
char    *bench_shell_quote      (const char *s);

G_END_DECLS
