/* labelwright.h: the core's public API, for gui/, cli/ and tests/ */
#pragma once

#include "lw-types.h"
#include "lw-error.h"
#include "lw-project.h"
#include "lw-schema.h"
#include "lw-item.h"
#include "lw-annotation.h"
#include "lw-import.h"
#include "lw-quality.h"
#include "lw-export.h"
