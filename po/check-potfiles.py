#!/usr/bin/env python3
"""Every source file with translatable strings is listed in po/POTFILES.in, and every
file listed there exists: a file left out keeps its strings untranslated."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = [line.strip() for line in (root / 'po' / 'POTFILES.in').read_text().splitlines()
          if line.strip() and not line.startswith('#')]
marks = re.compile(r'\b(?:N?_|C_|g_dngettext|ngettext)\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?"|translatable="yes"')
wanted = sorted(str(p.relative_to(root)) for pattern in ('app/**/*.c', 'ui/**/*.ui')
                for p in root.glob(pattern) if marks.search(p.read_text(errors='replace')))
missing = [f for f in wanted if f not in listed]
gone = [f for f in listed if not (root / f).exists()]
for f in missing:
    print(f'po/POTFILES.in: {f} has translatable strings but is not listed')
for f in gone:
    print(f'po/POTFILES.in: {f} is listed but does not exist')
sys.exit(1 if missing or gone else 0)
