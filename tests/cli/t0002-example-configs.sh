#!/usr/bin/env bash
# Every example config is valid for the real JSON Schema validator and for itk itself, and
# the schema can fail: a config with an unknown key or a bad duration is refused by both.
. "$(dirname "$0")/lib.sh"

schema="$ITK_SOURCE_DIR/schemas/config.schema.json"
examples=("$ITK_SOURCE_DIR"/examples/*.toml)

step 'the schema validator accepts every example config'
test_expect_code 0 "$PYTHON" "$ITK_SOURCE_DIR/tests/tools/validate.py" config "$schema" "${examples[@]}"
test_grep "${#examples[@]} files valid" "$TRASH/out"

step 'itk accepts every example config'
for example in "${examples[@]}"; do
	rm -rf store && mkdir store && cp "$example" store/itk.toml
	test_expect_code 0 "$ITK" --dir store config --check
	test_expect_code 0 "$ITK" --dir store config
	test_grep 'Priority matrix' "$TRASH/out"
done

step 'the population-based impact scale prioritises as its matrix says'
cp "$ITK_SOURCE_DIR/examples/population.toml" store/itk.toml
export ITK_NOW=2026-11-21T09:30:00Z
test_expect_code 0 "$ITK" --dir store open --title "Site network down" --caller hugo --impact site --urgency high
id=$(cat "$TRASH/out")
test_equal site "$(json_get "store/tickets/$id.json" impact)"
test_equal "$("$PYTHON" -c 'import tomllib,sys; c=tomllib.load(open(sys.argv[1],"rb"))["priority"]; print(c["matrix"][c["impact"].index("site")][c["urgency"].index("high")])' store/itk.toml)" \
	"$(json_get "store/tickets/$id.json" priority)"
validate_store store

step 'both refuse a config with an unknown key or a bad duration'
sed 's/^prefix = "INC"/prefix = "INC"\npriorty = 1/' "$ITK_SOURCE_DIR/examples/itk.toml" >bad-key.toml
sed 's/auto_close_after = "5d"/auto_close_after = "5 days"/' "$ITK_SOURCE_DIR/examples/itk.toml" >bad-duration.toml
for bad in bad-key.toml bad-duration.toml; do
	test_expect_code 1 "$PYTHON" "$ITK_SOURCE_DIR/tests/tools/validate.py" config "$schema" "$bad"
	rm -rf store && mkdir store && cp "$bad" store/itk.toml
	test_expect_code 5 "$ITK" --dir store config --check
	test_grep 'itk.toml:[0-9]*:[0-9]*: ' "$TRASH/err"
done
