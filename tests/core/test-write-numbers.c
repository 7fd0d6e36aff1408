#define G_LOG_DOMAIN "lw-test"

/* The number formatting every text format's writer uses: integers as printf writes them,
 * other numbers as the shortest text that reads back to the same double, YOLO's fixed six
 * decimals as printf's "%.6f", whatever the locale, appended to what the string holds
 * (including when it must grow). */

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lw-test-util.h"
#include "formats/lw-write-private.h"

static void
check_int (GString *out, gint64 v)
{
  char want[32];

  /* A prefix, so that appending (not overwriting) is checked too. */
  g_string_assign (out, "x");
  _lw_gstring_int (out, v);
  g_snprintf (want, sizeof want, "x%" G_GINT64_FORMAT, v);
  if (strcmp (out->str, want) != 0 || out->len != strlen (want))
    g_error ("%" G_GINT64_FORMAT " written as \"%s\" (length %" G_GSIZE_FORMAT ")",
             v, out->str, out->len);
}

static void
test_integers (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (11);
  gint64 p = 1;

  check_int (out, 0);
  check_int (out, G_MAXINT64);
  check_int (out, G_MININT64);
  check_int (out, G_MININT64 + 1);
  /* Every power of ten and its neighbours, both signs: the digit count changes there. */
  for (int k = 0; k < 19; k++)
    {
      for (gint64 d = -1; d <= 1; d++)
        {
          check_int (out, p + d);
          check_int (out, -(p + d));
        }
      if (k < 18)
        p *= 10;
    }
  for (guint i = 0; i < 100000; i++)
    {
      gint64 v = (gint64) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
      /* Short values as often as long ones. */
      v >>= g_rand_int_range (rand, 0, 64);
      check_int (out, v);
    }
  g_rand_free (rand);
}

/* A string whose buffer is exactly full: the next digits must make it grow. */
static void
test_integers_grow (void)
{
  for (guint fill = 0; fill < 40; fill++)
    {
      g_autoptr(GString) out = g_string_sized_new (1);
      g_autofree char *want = NULL;

      while (out->len + 1 < out->allocated_len || out->len < fill)
        g_string_append_c (out, 'a');
      want = g_strdup_printf ("%s-1234567890123", out->str);
      _lw_gstring_int (out, -1234567890123);
      g_assert_cmpstr (out->str, ==, want);
      g_assert_cmpuint (out->len, ==, strlen (want));
    }
}

static void
test_numbers (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (12);
  const double fixed[] = { 0.1, -0.5, 1e-7, 123456.789, 1e15, 1e16, -1e300, 0.30000000000000004,
                           5e-324, 42, -42, 1e14 + 0.5 };

  for (guint i = 0; i < G_N_ELEMENTS (fixed) + 20000; i++)
    {
      double v = i < G_N_ELEMENTS (fixed) ? fixed[i] : g_rand_double_range (rand, -1e6, 1e6);
      double back;
      char *end = NULL;

      g_string_truncate (out, 0);
      _lw_gstring_num (out, v);
      back = g_ascii_strtod (out->str, &end);
      g_assert_true (*end == '\0');
      if (back != v)
        g_error ("%.17g written as %s", v, out->str);
      /* Whole numbers below 10^15 are written as integers. */
      if (v == floor (v) && fabs (v) < 1e15)
        {
          char want[32];
          g_snprintf (want, sizeof want, "%" G_GINT64_FORMAT, (gint64) v);
          g_assert_cmpstr (out->str, ==, want);
        }
    }
  /* Not numbers in JSON: written as 0. */
  g_string_truncate (out, 0);
  _lw_gstring_num (out, NAN);
  g_assert_cmpstr (out->str, ==, "0");
  g_rand_free (rand);
}

/* "%.6f" as printf writes it (YOLO's coordinates), "-0.000000" as "0.000000". */
static void
check_fixed6 (GString *out, double v)
{
  char want[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (want, sizeof want, "%.6f", isfinite (v) ? v : 0.0);
  if (strcmp (want, "-0.000000") == 0)
    strcpy (want, "0.000000");
  g_string_truncate (out, 0);
  _lw_gstring_fixed6 (out, v);
  if (strcmp (out->str, want) != 0)
    g_error ("%.17g written as %s, printf writes %s", v, out->str, want);
}

static void
test_fixed6 (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (13);
  const double fixed[] = { 0, -0.0, 1, -1, 0.5, 0.0000005, 0.0000015, 0.0000025, -0.0000005,
                           -0.0000004, 0.1234565, 0.9999995, 0.99999949999, 999.9999995,
                           999.99999949, 1000, 1000.0000005, 1e9, -1e12, 1e300, 5e-324,
                           NAN, INFINITY, -INFINITY };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    check_fixed6 (out, fixed[i]);
  for (guint i = 0; i < 300000; i++)
    {
      /* Normalised coordinates, pixels, and values a hair from a halfway point. */
      double k = g_rand_int_range (rand, -2000000, 2000000);
      check_fixed6 (out, g_rand_double_range (rand, -1.02, 1.02));
      check_fixed6 (out, g_rand_double_range (rand, -1500, 1500));
      check_fixed6 (out, (k + 0.5) / 1e6);
      check_fixed6 (out, nextafter ((k + 0.5) / 1e6, 1e9));
      check_fixed6 (out, nextafter ((k + 0.5) / 1e6, -1e9));
      check_fixed6 (out, (double) g_rand_int_range (rand, 0, 4000) / g_rand_int_range (rand, 1, 4000));
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A decimal comma must not leak into the files. */
  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  g_test_add_func ("/export/write/integers", test_integers);
  g_test_add_func ("/export/write/integers-grow", test_integers_grow);
  g_test_add_func ("/export/write/numbers", test_numbers);
  g_test_add_func ("/export/write/fixed6", test_fixed6);
  return g_test_run ();
}
