#!/usr/bin/env bash
# Bundle CodeMirror 6 (with YAML) into the workbench's one static editor file, and put the
# licences of every bundled package beside it. Run after changing editor.js or package.json;
# commit both outputs. Needs Node.js and npm (the versions are pinned in package-lock.json).
set -euo pipefail
cd "$(dirname "$0")"
out=../drafter/serve/static
npm ci --no-audit --no-fund --ignore-scripts
npx esbuild editor.js --bundle --minify --format=iife --global-name=DrafterEditor \
  --target=es2020 --legal-comments=none --metafile=meta.json --outfile="$out/codemirror.js" \
  --banner:js="/* CodeMirror 6 for drafter's workbench, built by frontend/build.sh; licences: codemirror.LICENSES.txt */"
node licenses.mjs meta.json > "$out/codemirror.LICENSES.txt"
rm meta.json
echo "wrote $out/codemirror.js and $out/codemirror.LICENSES.txt"
