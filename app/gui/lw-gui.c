/* lw-gui.c: what the GUI's files share */
#define G_LOG_DOMAIN "lw-gui"

#include "lw-gui.h"
#include "lw-gui-resources.h"

void
lw_gui_ensure_resources (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      _lw_gui_register_resource ();
      g_once_init_leave (&done, 1);
    }
}
