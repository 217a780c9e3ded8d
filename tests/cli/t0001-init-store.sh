#!/bin/bash
# itk init, and how every command finds its store (SPEC §2).
. "$(dirname "$0")/lib.sh"

step 'init in the current directory writes the defaults of examples/itk.toml'
test_expect_code 0 "$ITK" init
test_must_be_empty out
test_grep "^initialised an itk store in $TRASH" err
test_same_file "$ITK_SOURCE_DIR/examples/itk.toml" itk.toml
test_path_is_dir tickets
test_grep -x '\.itk/' .gitignore
test_equal '' "$(ls tickets)" 'tickets/ after init'

step 'the config written by init is valid for the real validator and for itk'
"$PYTHON" "$ITK_SOURCE_DIR/tests/tools/validate.py" config \
	"$ITK_SOURCE_DIR/schemas/config.schema.json" itk.toml >/dev/null
test_expect_code 0 "$ITK" config --check
test_must_be_empty out

step 'a second init is refused with exit 4 and leaves the config alone'
cp itk.toml itk.toml.before
echo '# local edit' >>itk.toml
cp itk.toml itk.toml.edited
test_expect_code 4 "$ITK" init
test_must_be_empty out
test_grep "^itk: error: cannot init '.*': a store already exists" err
test_same_file itk.toml.edited itk.toml
mv itk.toml.before itk.toml

step 'init DIR creates DIR and a store in it'
test_expect_code 0 "$ITK" init other/store
test_same_file "$ITK_SOURCE_DIR/examples/itk.toml" other/store/itk.toml
test_path_is_dir other/store/tickets
test_grep -x '\.itk/' other/store/.gitignore
test_expect_code 4 "$ITK" init other/store
test_grep 'already exists' err

step 'no store found: exit 2, suggesting itk init or --dir'
mkdir -p /tmp/itk-nostore-$$ && cd /tmp/itk-nostore-$$
test_expect_code 2 "$ITK" list
mv "$TRASH/err" "$TRASH/err.list"
test_expect_code 2 "$ITK" open --title t --caller c
cd "$TRASH" && rmdir /tmp/itk-nostore-$$
test_grep "itk init" err.list
test_grep -e "--dir" err.list
test_grep '^itk: error: ' err.list
test_grep "itk init" err
test_must_be_empty out

step '--dir names the store, before or after the subcommand'
mkdir elsewhere && cd elsewhere
test_expect_code 0 "$ITK" --dir ../other/store open --title 'via dir' --caller Julie
id1=$(cat "$TRASH/out")
test_path_is_file "../other/store/tickets/$id1.json"
test_path_is_missing tickets
test_expect_code 0 "$ITK" list --dir ../other/store --format '{id}'
test_equal "$id1" "$(cat "$TRASH/out")" 'list --dir'
test_expect_code 2 "$ITK" --dir ../nowhere list
test_grep "nowhere" "$TRASH/err"
test_grep "itk init" "$TRASH/err"
cd "$TRASH"

step '$ITK_DIR names the store; --dir wins over it'
(cd / && ITK_DIR="$TRASH/other/store" "$ITK" show "$id1" >"$TRASH/out")
test_grep "$id1" out
test_expect_code 0 env ITK_DIR="$TRASH/other/store" "$ITK" --dir "$TRASH" list --all --format '{id}'
test_must_be_empty out
test_expect_code 2 env ITK_DIR="$TRASH/missing" "$ITK" list
test_grep 'ITK_DIR' err

step 'the store is found from a subdirectory, as git finds .git'
mkdir -p other/store/a/b/c
(cd other/store/a/b/c && "$ITK" open --title 'from below' --caller Bob >"$TRASH/out" 2>"$TRASH/err")
id2=$(cat out)
test_path_is_file "other/store/tickets/$id2.json"
test_path_is_missing other/store/a/b/c/tickets
(cd other/store/a/b/c && "$ITK" list --format '{id}' | sort >"$TRASH/actual")
printf '%s\n' "$id1" "$id2" | sort >expect
test_cmp expect actual

step 'tickets/ is created when first needed'
test_expect_code 0 "$ITK" init third
rm -r third/tickets
test_expect_code 0 "$ITK" --dir third list
test_must_be_empty out
test_expect_code 0 "$ITK" --dir third open --title t --caller c
test_path_is_file "third/tickets/$(cat out).json"

validate_store other/store
validate_store third
