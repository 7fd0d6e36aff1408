/* lw-gui-input.c: real pointer and key events for GUI tests, through XTest */
#include "config.h"

#include "lw-gui-input.h"
#include "lw-gui-test.h"

#ifdef HAVE_XTEST
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

static Display *
x_display (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  return GDK_IS_X11_DISPLAY (display) ? gdk_x11_display_get_xdisplay (display) : NULL;
}

gboolean
lw_gui_input_available (void)
{
  int event, error, major, minor;
  Display *dpy = x_display ();

  return dpy != NULL && XTestQueryExtension (dpy, &event, &error, &major, &minor);
}

/* Waits until the server has handled what was sent, then lets GTK handle the events. */
static void
settle (void)
{
  XSync (x_display (), False);
  lw_gui_test_spin ();
}

static void
to_screen (GtkWidget *widget, double x, double y, int *sx, int *sy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t in = GRAPHENE_POINT_INIT ((float) x, (float) y), out;
  double tx, ty;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &in, &out));
  gtk_native_get_surface_transform (native, &tx, &ty);
  XTranslateCoordinates (x_display (), gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (x_display ()),
                         (int) (out.x + tx), (int) (out.y + ty), sx, sy, &child);
}

void
lw_gui_input_move (GtkWidget *widget, double x, double y)
{
  int sx, sy;

  to_screen (widget, x, y, &sx, &sy);
  XTestFakeMotionEvent (x_display (), -1, sx, sy, CurrentTime);
  settle ();
}

static void
button (guint number, gboolean press)
{
  XTestFakeButtonEvent (x_display (), number, press, CurrentTime);
  settle ();
}

void
lw_gui_input_click (GtkWidget *widget, double x, double y)
{
  lw_gui_input_move (widget, x, y);
  button (1, TRUE);
  button (1, FALSE);
}

void
lw_gui_input_drag (GtkWidget *widget, guint number, double x0, double y0, double x1, double y1)
{
  lw_gui_input_move (widget, x0, y0);
  button (number, TRUE);
  for (int step = 1; step <= 4; step++)
    lw_gui_input_move (widget, x0 + (x1 - x0) * step / 4, y0 + (y1 - y0) * step / 4);
  button (number, FALSE);
}

static void
key (KeySym sym, gboolean press)
{
  KeyCode code = XKeysymToKeycode (x_display (), sym);

  g_assert_cmpint (code, !=, 0);
  XTestFakeKeyEvent (x_display (), code, press, CurrentTime);
}

static void
modifiers (GdkModifierType mods, gboolean press)
{
  if (mods & GDK_SHIFT_MASK)
    key (XK_Shift_L, press);
  if (mods & GDK_CONTROL_MASK)
    key (XK_Control_L, press);
  if (mods & GDK_ALT_MASK)
    key (XK_Alt_L, press);
}

void
lw_gui_input_click_with (GtkWidget *widget, double x, double y, GdkModifierType mods)
{
  lw_gui_input_move (widget, x, y);
  modifiers (mods, TRUE);
  settle ();
  button (1, TRUE);
  button (1, FALSE);
  modifiers (mods, FALSE);
  settle ();
}

void
lw_gui_input_key (guint keyval, GdkModifierType mods)
{
  modifiers (mods, TRUE);
  /* GDK keyvals are X keysyms. */
  key (gdk_keyval_to_lower (keyval), TRUE);
  key (gdk_keyval_to_lower (keyval), FALSE);
  modifiers (mods, FALSE);
  settle ();
}

#else

gboolean
lw_gui_input_available (void)
{
  return FALSE;
}

void lw_gui_input_move (GtkWidget *widget, double x, double y) { g_assert_not_reached (); }
void lw_gui_input_click (GtkWidget *widget, double x, double y) { g_assert_not_reached (); }
void lw_gui_input_click_with (GtkWidget *widget, double x, double y, GdkModifierType mods) { g_assert_not_reached (); }
void lw_gui_input_drag (GtkWidget *widget, guint number, double x0, double y0, double x1, double y1) { g_assert_not_reached (); }
void lw_gui_input_key (guint keyval, GdkModifierType mods) { g_assert_not_reached (); }

#endif
