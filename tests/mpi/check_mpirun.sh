#!/usr/bin/env bash
# catapult launch through mpirun (Open MPI, Debian's openmpi-bin), on this machine as a
# one-machine hostfile (`localhost slots=2`):
#   1. --mpirun_hostfile: the built-in recipe on 2 ranks placed by MPI alone (no RANK given), the
#      loss falls;
#   2. an Accelerate config with mpirun_config.mpirun_hostfile: each rank of a program sees MPI's
#      rank and size and the launch's variables, and its lines reach its own log;
#   3. a rank that fails is named with its exit code, and the launch fails.
# usage: check_mpirun.sh CATAPULT SOURCE_DIR
set -euo pipefail
catapult=$1 src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/catapult-mpirun.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export CATAPULT_RUNS_DIR="$work/runs" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" OMP_NUM_THREADS=1
printf 'localhost slots=2\n' > "$work/hostfile"

echo "== --mpirun_hostfile, the built-in recipe"
"$catapult" launch --mpirun_hostfile "$work/hostfile" --cpu --run_dir "$work/run" -- catapult-worker train --steps 60 \
  >"$work/recipe.log" 2>&1 || { tail -20 "$work/recipe.log"; fail "the mpirun job failed"; }
grep -q '"world_size":2' "$work/run/metrics.jsonl" || fail "the ranks did not form a world of 2"
python3 "$src/tests/python/loss_fell.py" "$work/run" 1.3 || fail "the loss did not fall"

echo "== mpirun_config in an Accelerate config"
cat > "$work/mpi.yaml" <<YAML
compute_environment: LOCAL_MACHINE
distributed_type: MULTI_CPU
mixed_precision: 'no'
num_machines: 1
num_processes: 2
use_cpu: true
mpirun_config:
  mpirun_hostfile: $work/hostfile
YAML
"$catapult" launch --config_file "$work/mpi.yaml" --run_dir "$work/program" --env NOTE=seen -- \
  sh -c 'echo "mpi $OMPI_COMM_WORLD_RANK of $OMPI_COMM_WORLD_SIZE rank=${RANK:-unset} addr=$MASTER_ADDR note=$NOTE cpu=$ACCELERATE_USE_CPU"' \
  >"$work/program.log" 2>&1 || { cat "$work/program.log"; fail "the program under mpirun failed"; }
for r in 0 1; do
  grep -q "^\[rank $r\] mpi $r of 2 rank=unset addr=127.0.0.1 note=seen cpu=True$" "$work/program.log" \
    || { cat "$work/program.log"; fail "rank $r's line is missing or wrong"; }
done

echo "== a failing rank"
if "$catapult" launch --mpirun_hostfile "$work/hostfile" --cpu --run_dir "$work/failed" -- \
     sh -c 'sleep 0.3; exit $((OMPI_COMM_WORLD_RANK * 3))' >"$work/failed.log" 2>&1; then
  fail "the launch succeeded though rank 1 exited with code 3"
fi
grep -q "job failed: rank 1 exited with code 3" "$work/failed.log" || { cat "$work/failed.log"; fail "the failing rank is not named"; }
echo "mpirun: the recipe trained on 2 MPI ranks, a config's mpirun_config ran a program, a failed rank was named"
