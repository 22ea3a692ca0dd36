#!/usr/bin/env bash
# Catapult on a real Slurm (Debian's slurm-wlm and munge), started here for the test: munged,
# slurmctld and two slurmd, the nodes n1 and n2 being aliases of this machine, all on free
# ports under a temporary directory. Then:
#   1. catapult export slurm writes an sbatch script that bash parses;
#   2. catapult launch --slurm runs the built-in recipe on 2 ranks, one per node: the loss falls
#      and the run is in the history;
#   3. Ctrl-C on catapult launch --slurm cancels the job (scancel): it ends, Slurm's queue is empty
#      and no rank is left.
# usage: check_slurm.sh CATAPULT SOURCE_DIR
set -euo pipefail
catapult=$1 src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/catapult-slurm.XXXXXX")
fail() { echo "FAIL: $*" >&2; exit 1; }
stop_cluster() {
  for pid in "$work"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  sleep 1
  for pid in "$work"/*.pid; do [ -f "$pid" ] && kill -9 "$(cat "$pid")" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_cluster EXIT
export CATAPULT_RUNS_DIR="$work/runs" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" OMP_NUM_THREADS=1
read -r ctld_port n1_port n2_port < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')

echo "== starting munged, slurmctld and slurmd n1, n2"
mkdir -p "$work/state" "$work/spool-n1" "$work/spool-n2"
head -c 1024 /dev/urandom > "$work/munge.key"; chmod 600 "$work/munge.key"
munged --force --socket="$work/munge.sock" --key-file="$work/munge.key" --log-file="$work/munged.log" \
       --pid-file="$work/munged.pid" --seed-file="$work/munged.seed" || fail "munged did not start"
cat > "$work/slurm.conf" <<CONF
ClusterName=catapulttest
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=$(id -un)
SlurmdUser=root
SlurmctldPort=$ctld_port
AuthType=auth/munge
AuthInfo=socket=$work/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool-%n
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd-%n.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
KillWait=5
NodeName=n1 NodeHostname=$(hostname) NodeAddr=127.0.0.1 Port=$n1_port CPUs=$(nproc)
NodeName=n2 NodeHostname=$(hostname) NodeAddr=127.0.0.1 Port=$n2_port CPUs=$(nproc)
PartitionName=test Nodes=n1,n2 Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -i || { cat "$work/slurmctld.log"; fail "slurmctld did not start"; }
slurmd -N n1 && slurmd -N n2 || { cat "$work"/slurmd-*.log; fail "slurmd did not start"; }
for _ in $(seq 1 30); do
  [ "$(sinfo -h -o '%D %t' 2>/dev/null)" = "2 idle" ] && break
  sleep 1
done
[ "$(sinfo -h -o '%D %t')" = "2 idle" ] || { sinfo; cat "$work/slurmctld.log"; fail "the two nodes are not idle"; }

echo "== catapult export slurm"
"$catapult" export slurm --nodes 2 --num_processes 2 --cpu --run_dir "$work/exported" --output "$work/job.sbatch" \
  -- catapult-worker train --steps 20
bash -n "$work/job.sbatch" || fail "the script does not parse"
grep -q '^#SBATCH --nodes=2$' "$work/job.sbatch" && grep -q '^#SBATCH --ntasks-per-node=1$' "$work/job.sbatch" \
  || fail "the script does not ask for 2 nodes, 1 task each"
if "$catapult" export slurm --nodes 2 --num_processes 3 --cpu 2>"$work/bad.txt"; then fail "3 ranks on 2 nodes was accepted"; fi
grep -q "does not divide into 2 nodes" "$work/bad.txt" || fail "the refusal does not say why: $(cat "$work/bad.txt")"

echo "== catapult launch --slurm, 2 nodes"
"$catapult" launch --slurm --nodes 2 --num_processes 2 --cpu --run_dir "$work/run" -- catapult-worker train --steps 60 \
  >"$work/launch.log" 2>&1 || { tail -30 "$work/launch.log"; fail "the Slurm job failed"; }
grep -q '"world_size":2' "$work/run/metrics.jsonl" || fail "the ranks did not form a world of 2"
python3 "$src/tests/python/loss_fell.py" "$work/run" 1.3 || fail "the loss did not fall"
grep -q "finished successfully" "$work/launch.log" && grep -q "recorded as run" "$work/launch.log" \
  || { cat "$work/launch.log"; fail "no success or no history record"; }
grep -q "machine 1 of 2" "$work/launch.log" || fail "node 1's launcher did not run"

echo "== Ctrl-C cancels the job"
"$catapult" launch --slurm --nodes 2 --num_processes 2 --cpu --run_dir "$work/stopped" -- catapult-worker train --steps 100000 \
  >"$work/stop.log" 2>&1 &
launcher=$!
for _ in $(seq 1 60); do
  grep -q '"type":"step"' "$work/stopped/metrics.jsonl" 2>/dev/null && break
  sleep 1
done
grep -q '"type":"step"' "$work/stopped/metrics.jsonl" || { cat "$work/stop.log"; fail "the job never took a step"; }
kill -INT "$launcher"
code=0; wait "$launcher" || code=$?
[ "$code" = 130 ] || { cat "$work/stop.log"; fail "catapult launch --slurm exited with $code after Ctrl-C, not 130"; }
grep -q "submitted as Slurm job" "$work/stop.log" || fail "the submission was not said"
[ -z "$(squeue -h)" ] || { squeue; fail "the job is still in Slurm's queue"; }
for _ in $(seq 1 15); do pgrep -f "$work/stopped" >/dev/null || break; sleep 1; done
! pgrep -af "$work/stopped" || fail "ranks of the cancelled job are left"
echo "slurm: script written, 2-node job trained and recorded, Ctrl-C cancelled the job and left nothing"
