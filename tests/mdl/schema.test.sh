# machines/wirewrap.rng stays in sync with the loader: every machine file in
# machines/ and every good test machine validates against it, and a sample of
# the broken files the loader rejects for structure is rejected by it too.
cd "$(dirname "$0")/../.." || exit 1
command -v xmllint >/dev/null || { echo "xmllint (libxml2-utils) not installed"; exit 77; }
rc=0
files=$(find machines tests/mdl/good -name '*.xml' | sort)
[ -n "$files" ] || { echo "no machine files found"; exit 1; }
for f in $files; do
    out=$(xmllint --noout --relaxng machines/wirewrap.rng "$f" 2>&1) || { echo "$out"; rc=1; }
done
for f in bad-unknown-element bad-nested bad-root bad-attr-typo bad-text; do
    if xmllint --noout --relaxng machines/wirewrap.rng "tests/mdl/bad/$f.xml" >/dev/null 2>&1; then
        echo "schema accepts tests/mdl/bad/$f.xml, which the loader rejects"; rc=1
    fi
done
exit $rc
