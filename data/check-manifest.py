#!/usr/bin/env python3
# Checks the Flatpak manifests: the id matches the file name and the project's
# application id, the sandbox reaches files only through portals, and the build
# needs no network beyond the sources it declares with a checksum.

import argparse
import json
import os
import sys

HOME_OR_HOST = ('home', 'host', 'host-os', 'host-etc', '~', '/home', '/')


def filesystem_too_wide(arg):
    value = arg[len('--filesystem='):]
    path = value.split(':', 1)[0]
    return path in HOME_OR_HOST or path.startswith(('~/', '/home/', 'home/'))


def check_sources(module, problems):
    for source in module.get('sources', []):
        if not isinstance(source, dict):
            continue
        kind = source.get('type')
        if kind in ('archive', 'file') and 'url' in source and 'sha256' not in source:
            problems.append(f"module {module.get('name')}: {kind} source {source['url']} has no sha256")
        if kind == 'git' and not ('commit' in source or 'tag' in source):
            problems.append(f"module {module.get('name')}: git source {source.get('url')} is not pinned to a commit or tag")
    for child in module.get('modules', []):
        if isinstance(child, dict):
            check_sources(child, problems)


def check(path, app_id_base):
    problems = []
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return [f'cannot read JSON: {e}']
    if not isinstance(manifest, dict):
        return ['the top level is not a JSON object']

    stem = os.path.basename(path)[:-len('.json')] if path.endswith('.json') else None
    if stem not in (app_id_base, app_id_base + '.Devel'):
        problems.append(f'file name should be {app_id_base}.json or {app_id_base}.Devel.json')
    development = stem == app_id_base + '.Devel'
    expected_id = app_id_base + '.Devel' if development else app_id_base

    ids = {manifest[k] for k in ('id', 'app-id') if k in manifest}
    if ids != {expected_id}:
        problems.append(f'id is {sorted(ids) or "missing"}, expected {expected_id}')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append('runtime and sdk should be org.gnome.Platform and org.gnome.Sdk')
    if manifest.get('command') != 'labelwright':
        problems.append(f"command is {manifest.get('command')!r}, expected 'labelwright'")

    finish_args = manifest.get('finish-args', [])
    for arg in finish_args:
        if arg.startswith('--filesystem=') and filesystem_too_wide(arg):
            problems.append(f'{arg}: files come through the file chooser and document portals')
        if arg in ('--socket=x11', '--share=network'):
            problems.append(f'{arg}: not needed by the application')
    for arg in ('--share=ipc', '--socket=wayland', '--socket=fallback-x11'):
        if arg not in finish_args:
            problems.append(f'finish-args lacks {arg}')

    build_args = manifest.get('build-options', {}).get('build-args', [])
    if '--share=network' in build_args:
        problems.append('the build must not need the network')

    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    if not modules:
        problems.append('no modules')
        return problems
    for module in modules:
        check_sources(module, problems)
        if '--share=network' in module.get('build-options', {}).get('build-args', []):
            problems.append(f"module {module.get('name')}: the build must not need the network")

    app = modules[-1]
    if app.get('name') != 'labelwright' or app.get('buildsystem') != 'meson':
        problems.append('the last module should be labelwright, built with meson')
    if {'type': 'dir', 'path': '..'} not in app.get('sources', []):
        problems.append('the labelwright module should build the source tree (type dir, path "..")')
    opts = app.get('config-opts', [])
    if ('-Ddevelopment=true' in opts) != development:
        problems.append('-Ddevelopment=true belongs in the .Devel manifest and only there')
    return problems


def main():
    parser = argparse.ArgumentParser(description='Check the Flatpak manifests.')
    parser.add_argument('--app-id', required=True, help='the release application id')
    parser.add_argument('manifests', nargs='+')
    args = parser.parse_args()

    failed = False
    for path in args.manifests:
        problems = check(path, args.app_id)
        for problem in problems:
            print(f'{path}: {problem}', file=sys.stderr)
        if problems:
            failed = True
        else:
            print(f'{path}: ok')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
