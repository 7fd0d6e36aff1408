/* lw-hotkey.c: which class a key press names */
#include "config.h"

#include "lw-hotkey.h"

static gboolean
matches (const char *hotkey, guint keyval, GdkModifierType state)
{
  gunichar typed, wanted;

  if (hotkey == NULL || *hotkey == '\0')
    return FALSE;
  if (g_utf8_strlen (hotkey, -1) > 1)
    return gdk_keyval_from_name (hotkey) == keyval;
  wanted = g_unichar_tolower (g_utf8_get_char (hotkey));
  /* Shift with a letter is left to the tools (Shift+B, the box tool). */
  if ((state & GDK_SHIFT_MASK) && g_unichar_isalpha (wanted))
    return FALSE;
  typed = gdk_keyval_to_unicode (gdk_keyval_to_lower (keyval));
  return typed != 0 && g_unichar_tolower (typed) == wanted;
}

LwLabelClass *
lw_hotkey_find_class (GHashTable *classes, guint keyval, GdkModifierType state)
{
  GHashTableIter iter;
  gpointer value;

  if (classes == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)))
    return NULL;
  /* Keypad digits are digits. */
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    keyval = GDK_KEY_0 + (keyval - GDK_KEY_KP_0);
  g_hash_table_iter_init (&iter, classes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LwLabelClass *klass = value;
      if (matches (klass->hotkey, keyval, state))
        return klass;
    }
  return NULL;
}
