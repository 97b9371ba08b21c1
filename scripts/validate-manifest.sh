#!/usr/bin/env bash
# Validate an Office add-in XML manifest offline against Microsoft's published schemas.
#   scripts/validate-manifest.sh manifest.xml            (exit 0: valid; 1: invalid; 2: tools or schemas missing)
# The schemas (../shared/schemas/office-addin-manifest, see its README) predate <Runtimes> (shared runtime),
# so that element is stripped by strip-newer-elements.xsl before the schema check and checked here instead:
# every <Runtime resid> must name a <bt:Url>, with lifetime="long", and the custom functions' <Page> must
# use that same runtime (the shared runtime). Needs xmllint and xsltproc (apt-get install libxml2-utils xsltproc).
set -euo pipefail

manifest="${1:-}"
if [[ -z "$manifest" || ! -f "$manifest" ]]; then
  echo "usage: $0 <manifest.xml>  (file not found: '${manifest}')" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
schemas="${MANIFEST_SCHEMA_DIR:-$here/../../shared/schemas/office-addin-manifest}"
for tool in xmllint xsltproc; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install -y libxml2-utils xsltproc" >&2; exit 2; }
done
[[ -f "$schemas/OfficeAppManifestV1_1.xsd" ]] || { echo "schemas not found in $schemas (set MANIFEST_SCHEMA_DIR)" >&2; exit 2; }

fail() { echo "$manifest: $*" >&2; echo "$manifest fails to validate" >&2; exit 1; }

# 1. Well-formed, then Microsoft's schema on everything but <Runtimes>.
xmllint --nonet --noout "$manifest" || fail "not well-formed XML"
schema_log=$(xsltproc "$schemas/strip-newer-elements.xsl" "$manifest" \
  | xmllint --nonet --noout --schema "$schemas/OfficeAppManifestV1_1.xsd" - 2>&1) && schema_ok=1 || schema_ok=0
if [[ $schema_ok != 1 ]]; then
  echo "$schema_log" | grep -v -e '^- fails to validate$' | sed "s#^-:#$manifest:#" >&2
  fail "does not match Microsoft's manifest schema (errors above)"
fi

# 2. The <Runtimes> block the schema cannot check.
xp() { xmllint --nonet --xpath "$1" "$manifest" 2>/dev/null || true; }
runtimes=$(xp "count(//*[local-name()='Runtimes']/*[local-name()='Runtime'])")
[[ "$runtimes" =~ ^[1-9] ]] || fail "no <Runtimes><Runtime/></Runtimes>: custom functions and task pane would not share a runtime"
for i in $(seq 1 "$runtimes"); do
  rt="(//*[local-name()='Runtimes']/*[local-name()='Runtime'])[$i]"
  resid=$(xp "string($rt/@resid)")
  lifetime=$(xp "string($rt/@lifetime)")
  [[ -n "$resid" ]] || fail "<Runtime> #$i has no resid"
  [[ "$lifetime" == "long" ]] || fail "<Runtime resid=\"$resid\"> must have lifetime=\"long\" (has \"$lifetime\")"
  [[ $(xp "count(//*[local-name()='Urls']/*[local-name()='Url'][@id='$resid'])") == "1" ]] || fail "<Runtime resid=\"$resid\"> names no <bt:Url id=\"$resid\">"
done
page=$(xp "string(//*[local-name()='ExtensionPoint'][@*[local-name()='type']='CustomFunctions']/*[local-name()='Page']/*[local-name()='SourceLocation']/@resid)")
[[ -n "$page" ]] || fail "no custom functions <Page><SourceLocation resid=…/></Page>"
[[ $(xp "count(//*[local-name()='Runtimes']/*[local-name()='Runtime'][@resid='$page'])") != "0" ]] \
  || fail "the custom functions page ($page) is not a declared <Runtime>: functions and task pane would not share a runtime"

echo "$manifest validates"
