#!/usr/bin/env bash
# readme-figures.sh: runs every example whose figure the README quotes and checks each figure
# against the README's value, within the stated tolerance. Prints one line per figure; exits 1 if
# any is off. Takes a few minutes (the CNN trains on all 60,000 Fashion-MNIST images); Fashion-MNIST
# must be found locally or downloadable (see FashionMnist.load). Run from anywhere:
#
#   examples/readme-figures.sh            # all figures
#   examples/readme-figures.sh quick      # only the examples that take under a minute
#
# The README's "Examples" table names these figures; change both together.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)                      # the examples save models and plots in their working folder
trap 'rm -rf "$work"' EXIT

failures=0

# check NAME PRINTED EXPECTED TOLERANCE: |PRINTED - EXPECTED| <= TOLERANCE
check() {
  local name=$1 got=$2 want=$3 tol=$4
  if [[ -z $got ]]; then
    printf 'FAIL  %-48s not printed (README: %s)\n' "$name" "$want"
    failures=$((failures + 1))
  elif awk -v g="$got" -v w="$want" -v t="$tol" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= t + 1e-12) }'; then
    printf 'ok    %-48s %s (README: %s ± %s)\n' "$name" "$got" "$want" "$tol"
  else
    printf 'FAIL  %-48s %s (README: %s ± %s)\n' "$name" "$got" "$want" "$tol"
    failures=$((failures + 1))
  fi
}

# run EXAMPLE [ARGS...]: its output, echoed to stderr as it runs
run() {
  (cd "$work" && "$root/fathom" "$root/examples/$1.java" "${@:2}" 2>/dev/null) | tee /dev/stderr
}

# after OUTPUT TEXT: the first number after TEXT on the first line that holds it
after() {
  awk -v text="$2" '{
    i = index($0, text)
    if (i == 0) next
    rest = substr($0, i + length(text))
    if (match(rest, /-?[0-9]+(\.[0-9]+)?/)) print substr(rest, RSTART, RLENGTH)
    exit
  }' <<<"$1"
}

out=$(run CelsiusToFahrenheit)
check "CelsiusToFahrenheit: w" "$(after "$out" "learned:  F =")" 1.8 0.01
check "CelsiusToFahrenheit: b" "$(after "$out" "× C +")" 32 0.5

out=$(run SequenceClassification)
check "SequenceClassification: majority class" "$(after "$out" "majority class baseline")" 0.500 0.0005
check "SequenceClassification: masked LSTM" "$(after "$out" "Embedding(maskZero) + LSTM")" 1.000 0.0005
check "SequenceClassification: unmasked LSTM" "$(after "$out" "Embedding + LSTM, no mask")" 0.710 0.0005

if [[ ${1:-} != quick ]]; then
  out=$(run SunspotsLstm)
  check "SunspotsLstm: test RMSE, LSTM" "$(after "$out" "test RMSE: LSTM")" 20.7 0.05
  check "SunspotsLstm: test RMSE, persistence" "$(after "$out" ", persistence")" 33.3 0.05
  check "SunspotsLstm: test RMSE, seasonal naive" "$(after "$out" ", seasonal naive")" 37.9 0.05

  out=$(run FashionMnistMlp 1)
  check "FashionMnistMlp: test accuracy after 1 epoch" "$(after "$out" "test accuracy")" 0.85 0.02

  out=$(run FashionMnistCnn 1)
  check "FashionMnistCnn: test accuracy after 1 epoch" "$(after "$out" "test accuracy")" 0.86 0.02
fi

exit $((failures > 0))
