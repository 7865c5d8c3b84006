#!/usr/bin/env bash
# Fuzzes the URL, config and revision-target parsers for a bounded time: the property tests in
# Tests/MigrationKitTests/FuzzTests.swift, run with many more generated inputs and a new seed each
# round, plus the checked-in corpus of malformed inputs (Tests/MigrationKitTests/Corpus).
#   scripts/fuzz.sh [seconds]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
swift build --build-tests >/dev/null
end=$(( $(date +%s) + seconds ))
rounds=0
inputs=0
while [ "$(date +%s)" -lt "$end" ]; do
    seed=$(( (RANDOM << 16) | RANDOM ))
    if ! VDI_FUZZ_ITERATIONS=20000 VDI_FUZZ_SEED=$seed swift test --skip-build --filter FuzzTests >/tmp/vdi-fuzz.log 2>&1; then
        echo "fuzzing failed with seed $seed (repeat with VDI_FUZZ_SEED=$seed):" >&2
        grep -E '✘' /tmp/vdi-fuzz.log | head -20 >&2
        exit 1
    fi
    rounds=$((rounds + 1))
    inputs=$((inputs + 3 * 20000))
done
echo "fuzz: $rounds rounds, $inputs generated inputs plus the corpus, 0 failures"
echo "$inputs passed, 0 failed"
