/* lw-cli.h: the subcommands of labelwright-cli and what they share */
#pragma once

#include <json-glib/json-glib.h>
#include <labelwright.h>

G_BEGIN_DECLS

/* Exit statuses: the contract in DESIGN.md. */
#define LW_CLI_OK    0
#define LW_CLI_FAIL  1
#define LW_CLI_USAGE 2

typedef int (*LwCliCommand) (int argc, char **argv);

/* Prints "labelwright-cli: error: MESSAGE" to stderr and returns LW_CLI_FAIL. */
int  lw_cli_fail        (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Prints the usage error and hint; returns LW_CLI_USAGE. */
int  lw_cli_usage       (GOptionContext *context, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Parses options; on failure prints and returns FALSE with *status set. */
gboolean lw_cli_parse   (GOptionContext *context, int *argc, char ***argv, int *status);
/* A progress reporter: a bar on a terminal, plain lines elsewhere. Whether stderr is a
 * terminal is asked once, by lw_cli_progress_init, not for each of an export's items. */
typedef struct {
  gboolean terminal;
  int      last_percent;
  gint64   last_drawn;
} LwCliProgress;

void lw_cli_progress_init (LwCliProgress *progress);
/* An LwProgressFunc: @user_data is the LwCliProgress. */
void lw_cli_progress    (double fraction, const char *message, gpointer user_data);
/* Opens @path read-write. A project in an older format is upgraded by that, once, which on a
 * large project takes a while (about a second per million annotations): a line on stderr
 * says so first. */
LwProject *lw_cli_open_writable (const char *path, GError **error);
/* Prints the document @builder holds, indented, and a newline to stdout. */
void lw_cli_print_json  (JsonBuilder *builder);
/* Adds the member @member with an integer, or with a string or null. */
void lw_cli_json_int    (JsonBuilder *builder, const char *member, gint64 value);
void lw_cli_json_string_or_null (JsonBuilder *builder, const char *member, const char *value);

int  lw_cli_cmd_new     (int argc, char **argv);
int  lw_cli_cmd_info    (int argc, char **argv);
int  lw_cli_cmd_check   (int argc, char **argv);
/* import: */
int  lw_cli_cmd_import  (int argc, char **argv);
/* export: */
int  lw_cli_cmd_export  (int argc, char **argv);
/* quality: */
int  lw_cli_cmd_stats     (int argc, char **argv);
int  lw_cli_cmd_agreement (int argc, char **argv);
int  lw_cli_cmd_consensus (int argc, char **argv);
/* assignment: */
int  lw_cli_cmd_assign    (int argc, char **argv);
int  lw_cli_cmd_queue     (int argc, char **argv);

G_END_DECLS
