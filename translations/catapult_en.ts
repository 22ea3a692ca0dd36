<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConfigIssue</name>
    <message>
        <source>%1: fp8_config.%2 is the name Accelerate&apos;s questionnaire writes but its runtime never reads; imported as %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: override_linear_precision was the string &apos;%2&apos;; imported as a list of three booleans.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: distributed_type NO is unquoted, which YAML reads as false; read as &apos;NO&apos; and written quoted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: mixed_precision no is unquoted, which YAML reads as false (Accelerate would crash on it); read as &apos;no&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the legacy key fp16: %2 was converted to mixed_precision %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the legacy top-level dynamo_backend was moved into dynamo_config.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ipex_config (Intel Extension for PyTorch, Accelerate 0.2x) was dropped: Accelerate 1.x refuses the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 was written as a number (%3); read as the string &apos;%3&apos; and written quoted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown key %2 in %3; Accelerate loads it without checking and may pass it to the workers. Check its spelling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true, false or a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number or a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of true/false values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be %2, not %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is &apos;%2&apos;; allowed values: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 on CPU is emulated (exact FP8 rounding, fp32 arithmetic) and slow; use it to test numerics, not for speed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 needs FP8 tensor cores (compute capability 8.9 or newer: Ada, Hopper); GPU %1 (%2) has %3.%4. Choose bf16.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16 needs compute capability 8.0 or newer (Ampere); GPU %1 (%2) has %3.%4. Choose fp16.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16 on CPU is slow and gains nothing; bf16 is the CPU&apos;s half-precision format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distributed_type %1 needs GPUs, and this machine has none. Choose MULTI_CPU, or NO with use_cpu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpu_ids &apos;%1&apos; is not &apos;all&apos; or a comma-separated list of GPU indices such as 0,1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpu_ids names GPU %1, but this machine has %2 GPU(s) (indices 0 to %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpu_ids names GPU %1 twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 processes per machine but gpu_ids lists only %2 GPU(s); each process needs its own GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes is %1, but this machine has %2 GPU(s); each process needs its own GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distributed_type is required (NO, MULTI_CPU, MULTI_GPU, FSDP, DEEPSPEED, ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes must be set for distributed_type %1 (the total number of processes over all machines).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_machines must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes (%1) is the total over all machines and must be a multiple of num_machines (%2): every machine runs the same number of processes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>machine_rank %1 is outside 0 to %2 (num_machines - 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>main_process_ip is required with %1 machines: the address of machine 0 as the other machines reach it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distributed_type NO runs one process; several machines need MULTI_CPU, MULTI_GPU, FSDP or DEEPSPEED.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distributed_type NO runs one process, but num_processes is %1. Choose MULTI_CPU or MULTI_GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>main_process_port %1 is not a port (0 to 65535; 0 picks a free one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>main_process_port %1 is a privileged port; ordinary users cannot listen on it. Use 1024 or above (29500 is usual).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is nvme, so %2 must name a folder on a fast disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter offload needs ZeRO stage 3 (zero_stage is %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero3_save_16bit_model only matters with ZeRO stage 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deepspeed_config is ignored because distributed_type is %1, not DEEPSPEED (only gradient_accumulation_steps is read).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fsdp_cpu_ram_efficient_loading needs fsdp_sync_module_states true (Accelerate refuses the launch otherwise).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fsdp_transformer_layer_cls_to_wrap: the model&apos;s _no_split_modules decide the units (the built-in recipe wraps each transformer block).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8_config is ignored because mixed_precision is %1, not fp8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parallelism sizes multiply to %1, but num_processes is %2; they must be equal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catapult&apos;s engine does not implement %1 yet: the file is valid for Accelerate, and the built-in recipe refuses it until the engine supports it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an Accelerate config key; Accelerate refuses a file with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a key Accelerate knows; it is kept, but check its spelling.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Unknown host key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authenticity of %1 cannot be established: it is not in %2.

Its %3 key fingerprint is
%4

Trust it only if it matches the one the host&apos;s administrator gives you. Trust this host and remember its key?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunGraphs</name>
    <message>
        <source>%1 raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 smoothed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA allocated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA reserved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rank %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSS (sampled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU used (sampled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 validation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult</name>
    <message>
        <source>catapult: hardware probe failed, checks against the hardware are skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult config: %1 already exists; it is not overwritten. Use --show to see it, or pass another --config_file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult config: wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult config: importing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult config: %1 was not imported; fix the errors above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create one with `catapult config --default`, `catapult config --import FILE` or the setup wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult config: exported %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config file in effect: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: catapult env [--config_file PATH]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy-and-paste the text below in your issue report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Catapult version: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Launcher: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Worker: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Config passed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Default config: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>	Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- Findings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: run history unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: job finished successfully</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: job failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: the other ranks were stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: job cancelled; every rank stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: recorded as run %1 (catapult runs show %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config file &apos;%1&apos; does not exist (--config_file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not set num_processes; pass --num_processes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown mixed precision &apos;%1&apos; in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 process(es), %2 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs: recovered %1 run(s) whose recording process had ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 run(s) in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>procs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs: imported %1 as run %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs: there is no run %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs: deleted run %1 (its folder %2 is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  status: %1, exit code %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, failing rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  started: %1, ended: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  command: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  hosts: %1, processes: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  config: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (built-in defaults)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  steps recorded: %1, memory samples: %2, events: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  config YAML:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A host named %1 is already in the list (catapult hosts edit %1 changes it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: every host is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: not ready:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 host(s) in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hosts yet: catapult hosts add NAME slots=N address=... (or import a hostfile).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult hosts %1 needs a host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No host named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 Host entr(ies) from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult hosts export needs a file it can write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1 host(s) to %2 (use it with catapult launch --hosts %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hosts to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown action &apos;%1&apos;. Use list, add, edit, remove, import, import-ssh-config, export or check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: last lines of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: every other rank on every host was stopped (%1 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the machines list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 describes %2 machines but %3 lists %4; they must agree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes is %1 (the total over all machines) but the hosts in %2 provide %3 = %4 process slots. The world size must equal the sum of the slots: set num_processes to %4 or change the slots= of the hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the login directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working directory %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working directory %1 is not writable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not found on this host: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exit %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 probe failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 cores, %3 RAM, %n GPU(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 process(es) with a GPU each were asked for, but the host has %2 GPU(s) (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probe found them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 GPU(s) used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only %1 free in the working directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 here, but %2 on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on port %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port %1 is free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reaches %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach the main process address %1:%2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged in with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port must be 1-65535, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent must be yes or no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>env needs NAME=VALUE, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;HOST slots=N [key=value ...]&apos;, got &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slots must be at least 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host &apos;%1&apos; is listed twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected key=value, got &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists no hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read hostfile %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host %1 (machine rank %2, %n process(es)): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT READY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: this machine could not be probed (%1); pass --gpu_memory / --host_memory for a verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup: %1 process(es) on %2 machine(s), %3, ZeRO stage %4, mixed precision %5, offload optimizer %6 / parameters %7, activation checkpointing %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per process (CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer state and master weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offloaded to CPU memory (per process)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offloaded to disk (per process)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits: %1 of %2 GPU memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does not fit: %1 needed, the GPU has %2. Shard (ZeRO/FSDP), offload, checkpoint activations or lower the micro-batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits in this machine&apos;s memory (%1 for %2 process(es)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does not fit in this machine&apos;s %1 of memory with %2 process(es). Offload to disk, shard or lower the micro-batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hardware facts: no verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the DeepSpeed config file %1 (deepspeed_config_file): %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a DeepSpeed JSON config: %2 at byte %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--use_deepspeed and --use_fsdp exclude each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 needs --use_deepspeed or --use_fsdp (or a config with distributed_type DEEPSPEED or FSDP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--resume %1: run %1&apos;s directory %2 no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--resume %1: there is no run %1 in the history (catapult runs lists them) and no directory of that name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--resume %1: no such directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 is for TPU launches; Catapult launches on CPUs and NVIDIA GPUs, here or over SSH. Launch TPU pods with `accelerate launch --tpu`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 is for Amazon SageMaker launches, which `accelerate launch` makes with a SageMaker config; Catapult launches on this machine or over SSH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1: Megatron-LM&apos;s tensor and pipeline parallelism is not in Catapult&apos;s engine; shard with --use_deepspeed --zero_stage N or --use_fsdp instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1: tensor, context and sequence parallelism (ParallelismConfig) are not in Catapult&apos;s engine; data parallel, ZeRO and FSDP sharding are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the ranks always reach the main process over the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every rank meets at MASTER_ADDR:MASTER_PORT (static rendezvous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every rank has the role &apos;default&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the launcher follows its ranks continuously</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it names the function of TPU and notebook launches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hostfile lists the machines to use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catapult starts the ranks of every machine over SSH itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the engine has no mixture-of-experts layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: --%1 has no effect here: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid value &apos;%1&apos; for --%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--machine_rank %1 needs --num_machines above %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 machines: run this command on each machine with --machine_rank 0..%2 and --main_process_ip (the address of machine 0), or list the machines in a hostfile (--hosts FILE) and launch them all from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--machine_rank is %1, but there are %2 machines (ranks 0 to %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes %1 (the total over all machines) does not divide into %2 machines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--num_machines is %1 but %2 lists %3 machines; they must agree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--multi_gpu and --cpu exclude each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: --tee %1: the console always shows every rank&apos;s output, as --tee 3 does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the SSH config %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alert: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resumed from %1 (its step %2); training continues with step %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  resumed from: run %1 (its newest checkpoint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--max_restarts restarts jobs of this machine; a job on several machines over SSH is continued with --resume RUN after a failure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 cores, %3 RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Machines tab lists no machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These machines could not be probed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machines differ (%1: %2; %3: %4); the config is for what each has at least.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the config file (default: Accelerate&apos;s default config)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write a config for this machine, as `accelerate config default` does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with --default: its mixed precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read an Accelerate config (0.11-1.15, legacy keys converted) and write it to PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write PATH&apos;s config to FILE: YAML, or JSON for *.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>print PATH&apos;s config and its findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--default and --import both write the config file; give one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do: give --default, --import, --export or --show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: catapult config --default | --import FILE | --export FILE | --show  [--config_file PATH]
PATH defaults to Accelerate&apos;s default config: %1. Several actions run in the order
--default or --import (they write PATH), --export, --show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the setup of an Accelerate config (flags override it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model: decoder layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model: width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model: attention heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model: sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model: vocabulary size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>micro-batch per process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>processes in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mixed precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO stage (0: plain data parallel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where the optimizer state lives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where the parameters live (ZeRO-3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recompute activations in backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>judge against GPUs of this memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>judge against this much RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>do not probe this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one JSON line for scripts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid value &apos;%1&apos; for --%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult estimate-memory: %1
usage: catapult estimate-memory [FLAGS]
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the run store that keeps the list (default: the app&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: the job runs on the CPU (no GPU check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: record unknown host keys (OpenSSH&apos;s accept-new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: the known_hosts file (default ~/.ssh/known_hosts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: the port the main process will listen on (default 29500)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DeepSpeed&apos;s %1, as in deepspeed_config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FSDP&apos;s %1, as in fsdp_config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the FP8 recipe&apos;s %1 (ACCELERATE_%2), as in fp8_config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACCELERATE_%1 for Python programs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: stopping every rank (press Ctrl-C again to kill at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the run store (default: the app&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  loss: %1 at step %2 -&gt; %3 at step %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no stack)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every rank&apos;s main thread is in the same place: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank(s) %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank(s) %1 differ from the rest: %2, while rank(s) %3 are in %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  other series: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Hugging Face model directory: its config.json gives the model&apos;s shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in GPT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1, %2 layers, width %3, %4 heads, sequence %5, vocabulary %6: %7 parameters; micro-batch %8 per process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the trained model is in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the built-in recipe&apos;s own flags, such as --steps, --seq_len or --export_dir, go after &quot;-- catapult-worker train&quot;; catapult launch --help lists the launcher&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is given both to catapult launch and to the recipe after &quot;--&quot;; give it once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--model, --text and --dataset are for the built-in recipe; %1 is another program (give it its own flags, or leave the program out).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 with byte fallback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>byte-level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no tokenizer.json; Catapult needs the model&apos;s fast tokenizer file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no model.safetensors (or its index); the weights must be in safetensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA (from an adapter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA r %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write the job file: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot read the job file: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not JSON at byte %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a Catapult job file (no &quot;catapult_job&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a job file of version %2; this Catapult reads version %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: catapult launch [FLAGS] [--] [PROGRAM ARGS...]   (no PROGRAM: the built-in GPT recipe)
       catapult launch --job FILE [FLAGS] [-- PROGRAM ARGS...]   (a job saved by the desktop app; the flags given here win)
Each flag also takes dashes for underscores (--num-processes), and its value after &apos;=&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with --model: LoRA adapters of this rank train, the base is frozen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with --lora_rank: the projections (default: PEFT&apos;s for the architecture; all-linear)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lora_target_modules needs --lora_rank R.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lora_target_modules %1 matches no projection of the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lora_rank needs --model DIR (the adapters&apos; size comes from the model&apos;s projections).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters (%1 trained, %2 frozen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot copy %1 to %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file; choose a new or empty folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not empty; choose a new or empty folder, nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merging %1 into %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no metrics.jsonl to tell what the run exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run folder %1: the run exported no model (it did not finish, or its program saves the model its own way)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only a LoRA run has an adapter to merge; this run exported a whole model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duration (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>argument %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs export: run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs export: run %1&apos;s merged model is in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs export: run %1&apos;s %2 is in %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs compare: there is no run %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs compare: name two runs or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: the new or empty folder the model goes to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export: a LoRA run&apos;s model with the adapter merged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compare: every setting, not only those that differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: catapult runs [list] | show ID | import DIR | delete ID | export ID --to DIR [--merged] | compare ID ID... [--all]   [--store PATH]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no folder to export to was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the run&apos;s export %1 is not there (moved or deleted; a run on other machines exports on its first machine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs export: say where with --to DIR (a new or empty folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 setting(s) the same in every run not shown; --all shows them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult runs compare: run %1 is named twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in recipe on 2 CPU processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO-3 on 2 CPU processes, optimizer offloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every GPU, bf16 mixed precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every GPU, FSDP full sharding, bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is an mpirun hostfile, and the job also lists machines for SSH (--hosts); give one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: mpirun starts CPU jobs (Accelerate&apos;s MULTI_CPU); add --cpu, or start GPU machines over SSH with --hosts FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes %1 (the total over all machines) does not divide into the %2 machines of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slurm jobs need the number of ranks: pass --num_processes (the total over all nodes) or a config file with num_processes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes %1 (the total over all nodes) does not divide into %2 nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A] [--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: wrote %1 (sbatch %1); run directory %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 is set by the Slurm script itself (from the allocation); leave it out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--nodes, --partition, --time, --account and --job_name are for Slurm jobs: add --slurm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_processes %1 is more than the %2 slots of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult export slurm: cannot make the run directory %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runtime (LibTorch, threads)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ChatPane</name>
    <message>
        <source>Loaded in %1 s; chat template: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s, first token after %3 s%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Hugging Face model directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a LoRA adapter (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(a model directory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1 (LoRA adapter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model directory or a run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the weights...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the tokenizer...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger than the free memory: %1 on the CPU, %2 read from its files as it runs (device map auto)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits in the free memory: %1 on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ChatSession</name>
    <message>
        <source>the model&apos;s process ended (exit code %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ChatWidget</name>
    <message>
        <source>Show the prompt as the model sees it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tokens at most:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a second model beside the first: each message goes to both</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ConfigIssueText</name>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::DashboardChart</name>
    <message>
        <source>No data yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy values at the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show series</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::DashboardWidget</name>
    <message>
        <source>Loss (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per rank (MiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X axis:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the exponential moving average of the loss (TensorBoard&apos;s smoothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale (loss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: waiting for the first step...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run yet. Start a job on the Job tab, or open runs from the History tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The runs shown recorded no metrics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hover a chart to read values; drag to pan, wheel to zoom, right-click for more.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::DatasetPreviewModel</name>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text as the model sees it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format: %1 · chat template: %2 · %3 rows · %4 of the first %5 examples longer than the sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 rows would be skipped, e.g. %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::DistributionPage</name>
    <message>
        <source>Distribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the processes share the work. ZeRO and FSDP shard optimizer state, gradients and parameters to fit larger models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (one process)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data parallel (DDP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO stage 1 (DeepSpeed: optimizer state sharded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO stage 2 (DeepSpeed: + gradients sharded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO stage 3 (DeepSpeed: + parameters sharded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FSDP (fully sharded data parallel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all, or a list such as 0,1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FSDP options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 (per-parameter sharding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 (flat parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reshard parameters after forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: the model&apos;s _no_split_modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU-RAM-efficient loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FSDP version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharding strategy (version 1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto wrap policy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer class to wrap:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State dict type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU ids:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machines the config is for have no GPU.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ExportModelDialog</name>
    <message>
        <source>Export model of run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported by the run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA adapter (PEFT: adapter_config.json, adapter_model.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged model (the adapter merged into %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To the new or empty folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder to export to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging the adapter into the base model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::FineTuneForm</name>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Hugging Face model directory (config.json, safetensors, tokenizer.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSONL, JSON, CSV/TSV, Parquet or text file, or a folder of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other field names, e.g. prompt=question,completion=answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens per example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.tsv *.parquet *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEFT&apos;s default; or q_proj,v_proj, all-linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>also export the merged model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a model Catapult can fine-tune: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the dataset with the model&apos;s tokenizer...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per process, %1: %2 (weights %3, gradients %4, optimizer %5, activations %6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 offloaded to CPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 offloaded to disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; %1 trained parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZeRO stage %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data parallel in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, optimizer offloaded to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, parameters offloaded to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::HangMonitor</name>
    <message>
        <source>stack of rank %1 (%2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no step line and no CPU use for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no step line and no CPU use for %1 s; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no step line and no CPU use for %1 s (hang timeout %2 s): the job looks stalled; dumping every rank&apos;s stack</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::HardwarePage</name>
    <message>
        <source>Hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hardware probe failed: %1
The wizard continues without hardware checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machines the config is for. The next pages only offer what they can run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other machines, described here (the config is prepared here and runs there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 GiB, compute capability %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (CPU only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs per machine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory per GPU:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU cores per machine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAM per machine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The Machines tab&apos;s machines (%n), each probed over SSH</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the Machines tab&apos;s machines over SSH...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Machines tab&apos;s machines cannot be the target: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s): %1. Each has at least:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::HardwareReport</name>
    <message>
        <source>The hardware probe did not print a JSON document: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hardware probe&apos;s document lacks the CPU or memory section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the hardware probe &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hardware probe &apos;%1&apos; did not finish within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hardware probe failed (exit code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU: %1, %2 socket(s), %3 cores, %4 threads, %5 NUMA node(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory: %1 total, %2 available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs: none. %1 Training runs on the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1: %2, %3 (%4 free), compute capability %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, peer access to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 NVLink link(s) active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA runtime: %1, driver: %2, NCCL: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>InfiniBand: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free disk at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LibTorch: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU support in this build (LibTorch CPU libraries only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: no NVIDIA driver is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usable NVIDIA GPU: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NVIDIA GPU found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::HistoryWidget</name>
    <message>
        <source>Filter runs (name, status, ...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relaunch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) from the history? Their folders stay on disk.</source>
        <translation>
            <numerusform>Delete %n run from the history? Its folder stays on disk.</numerusform>
            <numerusform>Delete %n runs from the history? Their folders stay on disk.</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the selected run from its newest usable checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected run&apos;s folder: metrics, logs, checkpoints and the exported model or adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected runs&apos; charts overlaid, and their settings side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export model...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the finished run&apos;s model or LoRA adapter (or the adapter merged into its base) to a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::HostDialog</name>
    <message>
        <source>Add machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpu-node-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name, if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your user name, if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-agent and ~/.ssh keys, if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use ssh-agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the login directory, if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult-worker on its PATH, if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address, if empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NCCL_SOCKET_IFNAME=eth0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached by the others at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name must be one word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment lines are NAME=VALUE, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::HostListModel</name>
    <message>
        <source>(you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1, then ssh-agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-agent, default keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(login directory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>machine %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::HostsWidget</name>
    <message>
        <source>Add...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import hostfile...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import ~/.ssh/config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine 0 runs the main process. Check connects to every machine and runs the pre-flight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a machine named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import hostfile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 machine(s) from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 Host entr(ies) from %2; set their processes with Edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every machine is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::JobController</name>
    <message>
        <source>There are no machines to run on: add them on the Machines tab.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::JobExecutor</name>
    <message>
        <source>rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exited with code %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was killed by signal %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::JobPanel</name>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accelerate&apos;s default config, if there is one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU only (--cpu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in GPT recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the licence texts every Debian system ships</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. train.py --epochs 3, or /path/to/program args</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accelerate config (*.yaml *.yml *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running: %1 process(es); config: %2; folder %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (built-in defaults)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping every rank...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished successfully (exit code 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped; every rank was stopped (exit code %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1 (exit code %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all ranks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the machines before the start...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end and stop only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a checkpoint every N steps (one is always written at the end and when the job is stopped), keeping the newest 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next start resumes run %1 from its newest usable checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the Machines tab&apos;s machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on the machines of the Machines tab; the processes are their slots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more catapult launch flags, e.g. --mixed_precision bf16 --gpu_ids 0,1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More flags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more catapult-worker train flags, e.g. --seed 3 --on_nan skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune a Hugging Face model on a dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT shape:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save job...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load job...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catapult job (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the job to %1; run it with catapult launch --job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded the job %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filled the form from the template &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::JobProgress</name>
    <message>
        <source>%v / %m steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No step yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::LaunchSession</name>
    <message>
        <source>--machine_rank %1 needs the main process&apos;s port: pass --main_process_port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port %1 is %2; using free port %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 (pick one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is already running; stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>pre-flight of %n host(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>config file: none (built-in defaults)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>config file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>machine %1 of %2 (ranks %3 to %4 of %5), main process %6:%7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 process(es), %2, run directory %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU if present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>command: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped before the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-flight failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not starting; pre-flight failed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 process(es) on %2 machines: %3; main process %4:%5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; stopping every rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first step %1 s after launch (pre-flight included)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restart %1 of %2 from the start (no checkpoint was written), run directory %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restart %1 of %2 from the newest checkpoint of %3, run directory %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this run is not in the history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hang policy wait: the job keeps running (stop it, or pass --hang_policy stop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the job stalled; rank %1&apos;s stack differs from the rest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the job stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the loss reported at step %1 is not a finite number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--slurm: sbatch is not on PATH; submit from a Slurm login node (or write the script with catapult export slurm).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>started by mpirun on the %n machine(s) of %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>a Slurm job on %n node(s), each running its share of the ranks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::LocalExecutor</name>
    <message>
        <source>%1 could not start &apos;%2&apos;: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::LogModel</name>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::MachinesPage</name>
    <message>
        <source>Machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on this machine, or on several. num_processes is the total over all machines, as in Accelerate. SSH hosts are managed with the remote launcher.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address of machine 0, as the others reach it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes per machine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main process address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main process port (0: pick a free one):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total processes (num_processes): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several machines need the main process address: the address of machine 0 as the other machines reach it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::MainWindow</name>
    <message>
        <source>Catapult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup &amp;wizard...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import config...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export config...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Catapult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Catapult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run history unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accelerate config (*.yaml *.yml *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Using %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time Catapult starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config: none (built-in defaults)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1 (resumed from run %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Catapult %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distributed, mixed-precision and offloaded training on your machines, with Accelerate-compatible configs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::MemoryPage</name>
    <message>
        <source>Built-in default (4 layers, width 128)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 small shape (12 layers, width 768)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 medium shape (24 layers, width 1024)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 XL shape (48 layers, width 1600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7B shape (32 layers, width 4096)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offload, accumulation and recomputation trade speed for memory. The estimate below is per device for the chosen model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disk (nvme)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation checkpointing (recompute activations in backward)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offload optimizer state to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer offload folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offload parameters to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter offload folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient accumulation steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batch per process:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ModelSummary</name>
    <message>
        <source>%1 · %2 parameters · %3 · context %4 tokens · %5 tokenizer · %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has a chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no chat template (chatml is used for conversations)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::MpiExecutor</name>
    <message>
        <source>%1 is an mpirun hostfile, but neither mpirun nor mpiexec is on PATH (Debian: openmpi-bin).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::PrecisionPage</name>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixed precision keeps fp32 master weights and computes in a narrower format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no (fp32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16 (with dynamic loss scaling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp8 (Hopper/Ada tensor cores; emulated on CPU)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FP8 recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TE (TransformerEngine-style recipe)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AO (torchao-style)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MSAMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HYBRID (e4m3 forward, e5m2 gradients)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E4M3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delayed scaling (amax history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current scaling (this step&apos;s amax)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaling:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amax history length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amax from the history:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Margin (powers of 2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale update interval (steps):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixed precision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the CPU, fp8 is emulated exactly and slowly: good for checking numerics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the CPU, bf16 is the better half-precision format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These GPUs have no FP8 tensor cores (compute capability 8.9 or newer needed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16 needs compute capability 8.0 or newer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::PreflightModel</name>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>programs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::Progress</name>
    <message>
        <source>step %1 | loss %2 | %3 tok/s | %4 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> | ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 | loss %2 | %3 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> | eval loss %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::RemoteExecutor</name>
    <message>
        <source>rank %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: Catapult&apos;s Python package could not be copied to %1 (%2); its Python ranks report only what the launcher samples</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::RemoteRankGroup</name>
    <message>
        <source>the connection to %1 was lost (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to %1 was closed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stopped responding: no data for %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no stack: neither py-spy nor gdb could read it on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::ReviewPage</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Accelerate config these answers make. Accelerate itself can load this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 error(s): fix them before saving or launching.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No errors. %1 finding(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::RunCompareModel</name>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::RunCompareWidget</name>
    <message>
        <source>Only differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Settings of %n run(s): %1 differ</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Settings of %n run(s): %1 of %2 differ (marked)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::RunListModel</name>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed (rank %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::RunStore</name>
    <message>
        <source>Cannot open the run store %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run store %1 is damaged (SQLite quick_check failed). Move it away; Catapult will start a new one, and runs can be re-imported from their folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>creating the meta table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run store %1 has schema version %2, newer than this Catapult (%3). Use a newer Catapult or another store (CATAPULT_STORE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting a migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migration to schema version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording schema version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording a new run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording the end of run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting a batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storing steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storing memory samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storing events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>committing a batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clearing the series of run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleting run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no metrics.jsonl; it is not a run directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording process ended before the run did; series re-imported from metrics.jsonl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording process ended before the run did, and the run left no metrics.jsonl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saving the hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run store: %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storing scalars</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::SetupWizard</name>
    <message>
        <source>Catapult setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::SlurmExecutor</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sbatch not found: is this a Slurm login node?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sbatch refused the job: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>submitted as Slurm job %1 (%2 node(s), %3/job.sbatch)
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slurm job %1 ended %2 (exit code %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown to Slurm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::SshSession</name>
    <message>
        <source>Out of memory creating an SSH session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot check the host key of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WARNING: the host key of %1 has changed. %2 records %3; the host now offers %4 (%5). Someone may be intercepting the connection, or the host was reinstalled. Not connecting. If you know why it changed, remove the old entry with: ssh-keygen -R %6 -f %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host key of %1 (%2 %3) was not trusted. Not connecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host key of %1 is not known: %2 %3. Not connecting. Check the fingerprint with the host&apos;s administrator, then pass --accept_new_host_keys to record it in %4 (or add it there yourself).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record the host key of %1 in %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the identity file %1 for %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key %1 for %2 is protected by a passphrase and nothing can ask for it here. Add it to ssh-agent (ssh-add %1) and set agent=yes, or launch from the desktop app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for %1 (to log in to %2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No passphrase given for %1; not connecting to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase for the key %1 (for %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a private key that can be used for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key %1 was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no ssh-agent is running (SSH_AUTH_SOCK is not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-agent offered no key the host accepts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default key in ~/.ssh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no default key in ~/.ssh was accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login to %1 cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keyboard-interactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keyboard-interactive login failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication to %1 failed: %2. The host accepts: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no method could be tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing offered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open a channel to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run a command on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; on %2 did not finish within %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::StackDumper</name>
    <message>
        <source>no stack: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not installed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>catapult::main</name>
    <message>
        <source>catapult: unknown command &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>catapult: cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: catapult [--gui]               the desktop app
  or:  catapult launch [accelerate launch flags] [-- PROGRAM ARGS...]
  or:  catapult config --default | --import FILE | --export FILE | --show
  or:  catapult env [--config_file PATH]
  or:  catapult launch --hosts HOSTFILE [...]   several machines over SSH
  or:  catapult launch --slurm [--nodes N] [--partition P] [--time T] [...]   a Slurm job, followed here
  or:  catapult export slurm [the same flags] [--output FILE]   its sbatch script
  or:  catapult runs [list | show ID | import DIR | delete ID | export ID --to DIR | compare ID ID...]
  or:  catapult hosts [list | add | edit | remove | import | import-ssh-config | export | check]
  or:  catapult estimate-memory [model and setup flags]
  or:  catapult generate --model DIR [--adapter DIR] [--device_map auto [--max_memory cpu=SIZE] [--offload_folder DIR]] --prompt TEXT | --chat [sampling flags]
  or:  catapult --version
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
