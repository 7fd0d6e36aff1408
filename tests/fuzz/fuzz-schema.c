/* libFuzzer harness: the label schema parser (lw_schema_parse). */
#include <labelwright.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  char *domain = NULL;
  GPtrArray *classes = lw_schema_parse ((const char *) data, size, "fuzz.json", &domain, &error);

  if (classes != NULL)
    {
      /* what the app does next with a parsed schema */
      char *json = lw_schema_to_json (classes, domain);
      g_free (json);
      g_ptr_array_unref (classes);
    }
  g_clear_error (&error);
  g_free (domain);
  return 0;
}
