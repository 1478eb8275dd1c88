#!/usr/bin/env bash
# GPU checks in one call on a lent CUDA machine (H100/H200): the GPU-only tests and the model,
# training and portfolio benchmarks on CUDA. Writes logs and JSON results under $OUT (default
# bench/results/gpu). Python packages the machine lacks travel as wheels in .whl/ (see
# docs/benchmarks.md, "GPU runs"); the machine's own python3 provides torch.
#
#   STEPS="model tests step train portfolio eager" bash bench/gpu/check.sh   (default: model tests step train)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=${OUT:-$ROOT/bench/results/gpu}
mkdir -p "$OUT"
STEPS=${STEPS:-"model tests step train"}
PY=${PY:-python3}
export PYTHONUNBUFFERED=1 MAX_JOBS=${MAX_JOBS:-16}
if [ "${WHEELS:-1}" = 1 ] && compgen -G ".whl/*.whl" >/dev/null; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
    || { echo "wheel install failed"; exit 3; }
  export PYTHONPATH=/tmp/site
fi
t0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - t0 )) s] $*"; }
{
  nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,temperature.gpu --format=csv,noheader
  $PY -c "import torch, xlstm, cvxpy, numpy, sys; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, 'xlstm', getattr(xlstm, '__version__', '?'), 'cvxpy', cvxpy.__version__, 'numpy', numpy.__version__, 'bf16', torch.cuda.is_bf16_supported())"
  nproc
} 2>&1 | tee "$OUT/env.txt"
SUMMARY=()
run_step() {  # name, timeout seconds, command...
  local name=$1 limit=$2; shift 2
  stamp "start $name (limit ${limit}s)"
  timeout "$limit" "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  stamp "end $name rc=$rc"
  tail -n 25 "$OUT/$name.log"
  SUMMARY+=("$name rc=$rc")
}
for s in $STEPS; do
  case $s in
    model) run_step model 240 $PY bench/py/bench_model.py --device cuda --quick --out "$OUT/model.json" ;;
    tests) run_step tests 240 $PY -m pytest -q -p no:cacheprovider tests/py/test_gpu.py tests/py/test_model_profile.py -rs ;;
    train) run_step train 240 $PY bench/py/bench_train.py --device cuda --quick --out "$OUT/train.json" ;;
    portfolio) run_step portfolio 200 $PY bench/py/bench_portfolio.py --device cuda --quick ;;
    step) run_step step 200 $PY bench/py/profile_train_step.py --device cuda --model full --n 100 \
            --out "$OUT/train_step.json" ;;
    eager) run_step eager 150 $PY -m pyworker profile --config configs/model/full.yaml --device cuda --no-compile \
             --steps 3 --latency-runs 10 --out "$OUT/full_eager.json" ;;
    *) echo "unknown step $s"; exit 2 ;;
  esac
done
stamp "done"
printf '%s\n' "${SUMMARY[@]}"
