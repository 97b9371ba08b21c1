#!/usr/bin/env bash
# Renders the award roster and the review record produced by tests/functions/awards-and-record.test.ts to
# PNG with LibreOffice, to LOOK at them (docs/screenshots/award-roster-zh.png, review-record-zh.png).
#   bash scripts/render-xlsx.sh [out-dir]      (needs libreoffice-calc-nogui, poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.scratch/xlsx}
mkdir -p "$out"
TT_WRITE_XLSX="$(pwd)/$out" npx jest tests/functions/awards-and-record.test.ts >/dev/null
(cd "$out" && soffice --headless --convert-to pdf awards.xlsx record.xlsx >/dev/null && pdftoppm -png -r 110 awards.pdf awards && pdftoppm -png -r 110 record.pdf record)
ls "$out"/*.png
