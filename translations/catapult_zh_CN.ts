<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConfigIssue</name>
    <message>
        <source>%1: fp8_config.%2 is the name Accelerate&apos;s questionnaire writes but its runtime never reads; imported as %3.</source>
        <translation>%1：fp8_config.%2 是 Accelerate 问卷写入、但其运行时从不读取的名称；已导入为 %3。</translation>
    </message>
    <message>
        <source>%1: override_linear_precision was the string &apos;%2&apos;; imported as a list of three booleans.</source>
        <translation>%1：override_linear_precision 是字符串“%2”；已导入为三个布尔值组成的列表。</translation>
    </message>
    <message>
        <source>%1: distributed_type NO is unquoted, which YAML reads as false; read as &apos;NO&apos; and written quoted.</source>
        <translation>%1：distributed_type NO 没有加引号，YAML 会将其读作 false；已按“NO”读取，并将加引号写出。</translation>
    </message>
    <message>
        <source>%1: mixed_precision no is unquoted, which YAML reads as false (Accelerate would crash on it); read as &apos;no&apos;.</source>
        <translation>%1：mixed_precision no 没有加引号，YAML 会将其读作 false（Accelerate 会因此崩溃）；已按“no”读取。</translation>
    </message>
    <message>
        <source>%1: the legacy key fp16: %2 was converted to mixed_precision %3.</source>
        <translation>%1：旧键 fp16: %2 已转换为 mixed_precision %3。</translation>
    </message>
    <message>
        <source>%1: the legacy top-level dynamo_backend was moved into dynamo_config.</source>
        <translation>%1：旧的顶层 dynamo_backend 已移入 dynamo_config。</translation>
    </message>
    <message>
        <source>%1: ipex_config (Intel Extension for PyTorch, Accelerate 0.2x) was dropped: Accelerate 1.x refuses the key.</source>
        <translation>%1：已丢弃 ipex_config（Intel Extension for PyTorch，Accelerate 0.2x）：Accelerate 1.x 不接受该键。</translation>
    </message>
    <message>
        <source>%1: %2 was written as a number (%3); read as the string &apos;%3&apos; and written quoted.</source>
        <translation>%1：%2 被写成了数字（%3）；已按字符串“%3”读取，并将加引号写出。</translation>
    </message>
    <message>
        <source>%1: unknown key %2 in %3; Accelerate loads it without checking and may pass it to the workers. Check its spelling.</source>
        <translation>%1：%3 中有未知键 %2；Accelerate 不检查就加载它，并可能传给工作进程。请检查拼写。</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>true, false or a string</source>
        <translation>true、false 或字符串</translation>
    </message>
    <message>
        <source>a whole number or a string</source>
        <translation>整数或字符串</translation>
    </message>
    <message>
        <source>a list of strings</source>
        <translation>字符串列表</translation>
    </message>
    <message>
        <source>a list of true/false values</source>
        <translation>true/false 值的列表</translation>
    </message>
    <message>
        <source>a mapping</source>
        <translation>键值映射</translation>
    </message>
    <message>
        <source>%1 must be %2, not %3 (%4).</source>
        <translation>%1 必须是%2，而不是 %3（%4）。</translation>
    </message>
    <message>
        <source>%1 is &apos;%2&apos;; allowed values: %3.</source>
        <translation>%1 为“%2”；允许的值：%3。</translation>
    </message>
    <message>
        <source>fp8 on CPU is emulated (exact FP8 rounding, fp32 arithmetic) and slow; use it to test numerics, not for speed.</source>
        <translation>CPU 上的 fp8 是模拟实现（精确的 FP8 舍入，fp32 运算），速度很慢；用于检验数值，而不是为了速度。</translation>
    </message>
    <message>
        <source>fp8 needs FP8 tensor cores (compute capability 8.9 or newer: Ada, Hopper); GPU %1 (%2) has %3.%4. Choose bf16.</source>
        <translation>fp8 需要 FP8 张量核心（计算能力 8.9 或更高：Ada、Hopper）；GPU %1（%2）的计算能力为 %3.%4。请选择 bf16。</translation>
    </message>
    <message>
        <source>bf16 needs compute capability 8.0 or newer (Ampere); GPU %1 (%2) has %3.%4. Choose fp16.</source>
        <translation>bf16 需要计算能力 8.0 或更高（Ampere）；GPU %1（%2）的计算能力为 %3.%4。请选择 fp16。</translation>
    </message>
    <message>
        <source>fp16 on CPU is slow and gains nothing; bf16 is the CPU&apos;s half-precision format.</source>
        <translation>CPU 上的 fp16 很慢且没有收益；bf16 才是 CPU 的半精度格式。</translation>
    </message>
    <message>
        <source>distributed_type %1 needs GPUs, and this machine has none. Choose MULTI_CPU, or NO with use_cpu.</source>
        <translation>distributed_type %1 需要 GPU，而本机没有。请选择 MULTI_CPU，或 NO 并设置 use_cpu。</translation>
    </message>
    <message>
        <source>gpu_ids &apos;%1&apos; is not &apos;all&apos; or a comma-separated list of GPU indices such as 0,1.</source>
        <translation>gpu_ids“%1”既不是“all”，也不是如 0,1 这样用逗号分隔的 GPU 编号列表。</translation>
    </message>
    <message>
        <source>gpu_ids names GPU %1, but this machine has %2 GPU(s) (indices 0 to %3).</source>
        <translation>gpu_ids 指定了 GPU %1，但本机只有 %2 个 GPU（编号 0 到 %3）。</translation>
    </message>
    <message>
        <source>gpu_ids names GPU %1 twice.</source>
        <translation>gpu_ids 两次指定了 GPU %1。</translation>
    </message>
    <message>
        <source>%1 processes per machine but gpu_ids lists only %2 GPU(s); each process needs its own GPU.</source>
        <translation>每台机器 %1 个进程，但 gpu_ids 只列出 %2 个 GPU；每个进程需要独占一个 GPU。</translation>
    </message>
    <message>
        <source>num_processes is %1, but this machine has %2 GPU(s); each process needs its own GPU.</source>
        <translation>num_processes 为 %1，但本机只有 %2 个 GPU；每个进程需要独占一个 GPU。</translation>
    </message>
    <message>
        <source>distributed_type is required (NO, MULTI_CPU, MULTI_GPU, FSDP, DEEPSPEED, ...).</source>
        <translation>必须设置 distributed_type（NO、MULTI_CPU、MULTI_GPU、FSDP、DEEPSPEED 等）。</translation>
    </message>
    <message>
        <source>num_processes must be set for distributed_type %1 (the total number of processes over all machines).</source>
        <translation>distributed_type 为 %1 时必须设置 num_processes（所有机器上的进程总数）。</translation>
    </message>
    <message>
        <source>num_processes must be at least 1.</source>
        <translation>num_processes 至少为 1。</translation>
    </message>
    <message>
        <source>num_machines must be at least 1.</source>
        <translation>num_machines 至少为 1。</translation>
    </message>
    <message>
        <source>num_processes (%1) is the total over all machines and must be a multiple of num_machines (%2): every machine runs the same number of processes.</source>
        <translation>num_processes（%1）是所有机器上的总数，必须是 num_machines（%2）的倍数：每台机器运行相同数量的进程。</translation>
    </message>
    <message>
        <source>machine_rank %1 is outside 0 to %2 (num_machines - 1).</source>
        <translation>machine_rank %1 超出了 0 到 %2（num_machines - 1）的范围。</translation>
    </message>
    <message>
        <source>main_process_ip is required with %1 machines: the address of machine 0 as the other machines reach it.</source>
        <translation>%1 台机器时必须设置 main_process_ip：即其他机器访问 0 号机器所用的地址。</translation>
    </message>
    <message>
        <source>distributed_type NO runs one process; several machines need MULTI_CPU, MULTI_GPU, FSDP or DEEPSPEED.</source>
        <translation>distributed_type NO 只运行一个进程；多台机器需要 MULTI_CPU、MULTI_GPU、FSDP 或 DEEPSPEED。</translation>
    </message>
    <message>
        <source>distributed_type NO runs one process, but num_processes is %1. Choose MULTI_CPU or MULTI_GPU.</source>
        <translation>distributed_type NO 只运行一个进程，但 num_processes 为 %1。请选择 MULTI_CPU 或 MULTI_GPU。</translation>
    </message>
    <message>
        <source>main_process_port %1 is not a port (0 to 65535; 0 picks a free one).</source>
        <translation>main_process_port %1 不是有效端口（0 到 65535；0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>main_process_port %1 is a privileged port; ordinary users cannot listen on it. Use 1024 or above (29500 is usual).</source>
        <translation>main_process_port %1 是特权端口，普通用户无法监听。请使用 1024 或以上（通常为 29500）。</translation>
    </message>
    <message>
        <source>%1 is nvme, so %2 must name a folder on a fast disk.</source>
        <translation>%1 为 nvme，因此 %2 必须指定一个位于高速磁盘上的目录。</translation>
    </message>
    <message>
        <source>Parameter offload needs ZeRO stage 3 (zero_stage is %1).</source>
        <translation>参数卸载需要 ZeRO 阶段 3（当前 zero_stage 为 %1）。</translation>
    </message>
    <message>
        <source>zero3_save_16bit_model only matters with ZeRO stage 3.</source>
        <translation>zero3_save_16bit_model 只在 ZeRO 阶段 3 时有效。</translation>
    </message>
    <message>
        <source>deepspeed_config is ignored because distributed_type is %1, not DEEPSPEED (only gradient_accumulation_steps is read).</source>
        <translation>由于 distributed_type 为 %1 而不是 DEEPSPEED，deepspeed_config 将被忽略（只读取 gradient_accumulation_steps）。</translation>
    </message>
    <message>
        <source>fsdp_cpu_ram_efficient_loading needs fsdp_sync_module_states true (Accelerate refuses the launch otherwise).</source>
        <translation>fsdp_cpu_ram_efficient_loading 需要 fsdp_sync_module_states 为 true（否则 Accelerate 会拒绝启动）。</translation>
    </message>
    <message>
        <source>No fsdp_transformer_layer_cls_to_wrap: the model&apos;s _no_split_modules decide the units (the built-in recipe wraps each transformer block).</source>
        <translation>未设置 fsdp_transformer_layer_cls_to_wrap：由模型的 _no_split_modules 决定包装单元（内置配方会包装每个 transformer 块）。</translation>
    </message>
    <message>
        <source>fp8_config is ignored because mixed_precision is %1, not fp8.</source>
        <translation>由于 mixed_precision 为 %1 而不是 fp8，fp8_config 将被忽略。</translation>
    </message>
    <message>
        <source>The parallelism sizes multiply to %1, but num_processes is %2; they must be equal.</source>
        <translation>各并行维度的乘积为 %1，但 num_processes 为 %2；两者必须相等。</translation>
    </message>
    <message>
        <source>Catapult&apos;s engine does not implement %1 yet: the file is valid for Accelerate, and the built-in recipe refuses it until the engine supports it.</source>
        <translation>Catapult 的引擎尚未实现 %1：该文件对 Accelerate 有效，但在引擎支持之前，内置配方会拒绝它。</translation>
    </message>
    <message>
        <source>%1 is not an Accelerate config key; Accelerate refuses a file with it.</source>
        <translation>%1 不是 Accelerate 的配置键；Accelerate 会拒绝包含它的文件。</translation>
    </message>
    <message>
        <source>%1 is not a key Accelerate knows; it is kept, but check its spelling.</source>
        <translation>%1 不是 Accelerate 已知的键；它会被保留，但请检查拼写。</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Unknown host key</source>
        <translation>未知的主机密钥</translation>
    </message>
    <message>
        <source>The authenticity of %1 cannot be established: it is not in %2.

Its %3 key fingerprint is
%4

Trust it only if it matches the one the host&apos;s administrator gives you. Trust this host and remember its key?</source>
        <translation>无法确认 %1 的真实性：它不在 %2 中。

它的 %3 密钥指纹是
%4

只有当它与主机管理员提供的指纹一致时才应信任。信任此主机并记住它的密钥吗？</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>RunGraphs</name>
    <message>
        <source>%1 raw</source>
        <translation>%1 原始值</translation>
    </message>
    <message>
        <source>%1 smoothed</source>
        <translation>%1 平滑值</translation>
    </message>
    <message>
        <source>RSS</source>
        <translation>RSS</translation>
    </message>
    <message>
        <source>CUDA allocated</source>
        <translation>CUDA 已分配</translation>
    </message>
    <message>
        <source>CUDA reserved</source>
        <translation>CUDA 已保留</translation>
    </message>
    <message>
        <source>CUDA peak</source>
        <translation>CUDA 峰值</translation>
    </message>
    <message>
        <source>%1 rank %2 %3</source>
        <translation>%1 进程 %2 %3</translation>
    </message>
    <message>
        <source>rank %1 %2</source>
        <translation>进程 %1 %2</translation>
    </message>
    <message>
        <source>RSS (sampled)</source>
        <translation>RSS（采样）</translation>
    </message>
    <message>
        <source>GPU used (sampled)</source>
        <translation>GPU 已用（采样）</translation>
    </message>
    <message>
        <source>%1 validation</source>
        <translation>%1 验证</translation>
    </message>
</context>
<context>
    <name>catapult</name>
    <message>
        <source>catapult: hardware probe failed, checks against the hardware are skipped: %1</source>
        <translation>catapult：硬件探测失败，将跳过针对硬件的检查：%1</translation>
    </message>
    <message>
        <source>catapult config: %1 already exists; it is not overwritten. Use --show to see it, or pass another --config_file.</source>
        <translation>catapult config：%1 已存在，不会覆盖。用 --show 查看它，或指定另一个 --config_file。</translation>
    </message>
    <message>
        <source>catapult config: wrote %1</source>
        <translation>catapult config：已写入 %1</translation>
    </message>
    <message>
        <source>catapult config: importing %1</source>
        <translation>catapult config：正在导入 %1</translation>
    </message>
    <message>
        <source>catapult config: %1 was not imported; fix the errors above.</source>
        <translation>catapult config：未导入 %1；请先修正上面的错误。</translation>
    </message>
    <message>
        <source>Create one with `catapult config --default`, `catapult config --import FILE` or the setup wizard.</source>
        <translation>可用 `catapult config --default`、`catapult config --import FILE` 或设置向导创建一个。</translation>
    </message>
    <message>
        <source>catapult config: exported %1 to %2</source>
        <translation>catapult config：已将 %1 导出到 %2</translation>
    </message>
    <message>
        <source>Config file in effect: %1</source>
        <translation>当前生效的配置文件：%1</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation>检查结果：</translation>
    </message>
    <message>
        <source>usage: catapult env [--config_file PATH]</source>
        <translation>用法：catapult env [--config_file PATH]</translation>
    </message>
    <message>
        <source>Copy-and-paste the text below in your issue report</source>
        <translation>请将下面的文字复制粘贴到你的问题报告中</translation>
    </message>
    <message>
        <source>- Catapult version: %1</source>
        <translation>- Catapult 版本：%1</translation>
    </message>
    <message>
        <source>- Launcher: %1</source>
        <translation>- 启动器：%1</translation>
    </message>
    <message>
        <source>- Worker: %1</source>
        <translation>- 工作进程程序：%1</translation>
    </message>
    <message>
        <source>- Config passed: %1</source>
        <translation>- 传入的配置：%1</translation>
    </message>
    <message>
        <source>- Default config: %1</source>
        <translation>- 默认配置：%1</translation>
    </message>
    <message>
        <source>	Not found</source>
        <translation>	未找到</translation>
    </message>
    <message>
        <source>- Findings:</source>
        <translation>- 检查结果：</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>catapult: run history unavailable: %1</source>
        <translation>catapult：运行历史不可用：%1</translation>
    </message>
    <message>
        <source>catapult: job finished successfully</source>
        <translation>catapult：作业成功完成</translation>
    </message>
    <message>
        <source>catapult: job failed: %1</source>
        <translation>catapult：作业失败：%1</translation>
    </message>
    <message>
        <source>catapult: the other ranks were stopped</source>
        <translation>catapult：其他 rank 已停止</translation>
    </message>
    <message>
        <source>catapult: job cancelled; every rank stopped</source>
        <translation>catapult：作业已取消；所有 rank 均已停止</translation>
    </message>
    <message>
        <source>catapult: recorded as run %1 (catapult runs show %1)</source>
        <translation>catapult：已记录为运行 %1（catapult runs show %1）</translation>
    </message>
    <message>
        <source>Config file &apos;%1&apos; does not exist (--config_file).</source>
        <translation>配置文件“%1”不存在（--config_file）。</translation>
    </message>
    <message>
        <source>%1 does not set num_processes; pass --num_processes.</source>
        <translation>%1 没有设置 num_processes；请传入 --num_processes。</translation>
    </message>
    <message>
        <source>Unknown mixed precision &apos;%1&apos; in %2.</source>
        <translation>%2 中的混合精度“%1”未知。</translation>
    </message>
    <message>
        <source>%1 process(es), %2 steps</source>
        <translation>%1 个进程，%2 步</translation>
    </message>
    <message>
        <source>catapult runs: recovered %1 run(s) whose recording process had ended</source>
        <translation>catapult runs：已恢复 %1 个记录进程已结束的运行</translation>
    </message>
    <message>
        <source>%1 run(s) in %2</source>
        <translation>%2 中有 %1 个运行</translation>
    </message>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>procs</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>catapult runs: imported %1 as run %2</source>
        <translation>catapult runs：已将 %1 导入为运行 %2</translation>
    </message>
    <message>
        <source>catapult runs: there is no run %1 in %2</source>
        <translation>catapult runs：%2 中没有运行 %1</translation>
    </message>
    <message>
        <source>catapult runs: deleted run %1 (its folder %2 is kept)</source>
        <translation>catapult runs：已删除运行 %1（其目录 %2 保留）</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>  status: %1, exit code %2%3</source>
        <translation>  状态：%1，退出码 %2%3</translation>
    </message>
    <message>
        <source>, failing rank %1</source>
        <translation>，失败的 rank 为 %1</translation>
    </message>
    <message>
        <source>  message: %1</source>
        <translation>  消息：%1</translation>
    </message>
    <message>
        <source>  started: %1, ended: %2</source>
        <translation>  开始：%1，结束：%2</translation>
    </message>
    <message>
        <source>  folder: %1</source>
        <translation>  目录：%1</translation>
    </message>
    <message>
        <source>  command: %1</source>
        <translation>  命令：%1</translation>
    </message>
    <message>
        <source>  hosts: %1, processes: %2</source>
        <translation>  主机：%1，进程数：%2</translation>
    </message>
    <message>
        <source>  config: %1</source>
        <translation>  配置：%1</translation>
    </message>
    <message>
        <source>none (built-in defaults)</source>
        <translation>无（使用内置默认值）</translation>
    </message>
    <message>
        <source>  steps recorded: %1, memory samples: %2, events: %3</source>
        <translation>  已记录步数：%1，内存采样：%2，事件：%3</translation>
    </message>
    <message>
        <source>  config YAML:
%1</source>
        <translation>  配置 YAML：
%1</translation>
    </message>
    <message>
        <source>A host named %1 is already in the list (catapult hosts edit %1 changes it).</source>
        <translation>列表中已有名为 %1 的主机（用 catapult hosts edit %1 修改它）。</translation>
    </message>
    <message>
        <source>catapult: every host is ready</source>
        <translation>catapult：所有主机均已就绪</translation>
    </message>
    <message>
        <source>catapult: not ready:</source>
        <translation>catapult：尚未就绪：</translation>
    </message>
    <message>
        <source>%1 host(s) in %2</source>
        <translation>%2 中有 %1 台主机</translation>
    </message>
    <message>
        <source>No hosts yet: catapult hosts add NAME slots=N address=... (or import a hostfile).</source>
        <translation>还没有主机：catapult hosts add 名称 slots=N address=...（或导入 hostfile）。</translation>
    </message>
    <message>
        <source>catapult hosts %1 needs a host name.</source>
        <translation>catapult hosts %1 需要一个主机名。</translation>
    </message>
    <message>
        <source>No host named %1.</source>
        <translation>没有名为 %1 的主机。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Imported %1 Host entr(ies) from %2.</source>
        <translation>已从 %2 导入 %1 个 Host 条目。</translation>
    </message>
    <message>
        <source>catapult hosts export needs a file it can write.</source>
        <translation>catapult hosts export 需要一个可写的文件。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Wrote %1 host(s) to %2 (use it with catapult launch --hosts %2).</source>
        <translation>已将 %1 台主机写入 %2（用法：catapult launch --hosts %2）。</translation>
    </message>
    <message>
        <source>No hosts to check.</source>
        <translation>没有可检查的主机。</translation>
    </message>
    <message>
        <source>Unknown action &apos;%1&apos;. Use list, add, edit, remove, import, import-ssh-config, export or check.</source>
        <translation>未知操作“%1”。请使用 list、add、edit、remove、import、import-ssh-config、export 或 check。</translation>
    </message>
    <message>
        <source>catapult: last lines of %1:</source>
        <translation>catapult：%1 的最后几行：</translation>
    </message>
    <message>
        <source>catapult: every other rank on every host was stopped (%1 s)</source>
        <translation>catapult：所有主机上的其他 rank 均已停止（%1 秒）</translation>
    </message>
    <message>
        <source>the machines list</source>
        <translation>机器列表</translation>
    </message>
    <message>
        <source>%1 describes %2 machines but %3 lists %4; they must agree.</source>
        <translation>%1 描述了 %2 台机器，但 %3 列出了 %4 台；两者必须一致。</translation>
    </message>
    <message>
        <source>num_processes is %1 (the total over all machines) but the hosts in %2 provide %3 = %4 process slots. The world size must equal the sum of the slots: set num_processes to %4 or change the slots= of the hosts.</source>
        <translation>num_processes 为 %1（所有机器的总数），但 %2 中的主机提供 %3 = %4 个进程槽位。world size 必须等于槽位之和：请将 num_processes 设为 %4，或修改主机的 slots=。</translation>
    </message>
    <message>
        <source>the login directory</source>
        <translation>登录目录</translation>
    </message>
    <message>
        <source>working directory %1 does not exist</source>
        <translation>工作目录 %1 不存在</translation>
    </message>
    <message>
        <source>working directory %1 is not writable</source>
        <translation>工作目录 %1 不可写</translation>
    </message>
    <message>
        <source>not found on this host: %1</source>
        <translation>此主机上找不到：%1</translation>
    </message>
    <message>
        <source>exit %1: %2</source>
        <translation>退出码 %1：%2</translation>
    </message>
    <message>
        <source>%1 probe failed: %2</source>
        <translation>%1 probe 失败：%2</translation>
    </message>
    <message>
        <source>%1, %2 cores, %3 RAM, %n GPU(s)</source>
        <translation>%1，%2 个核心，%3 内存，%n 块 GPU</translation>
    </message>
    <message>
        <source>%1 process(es) with a GPU each were asked for, but the host has %2 GPU(s) (%3)</source>
        <translation>需要 %1 个各占一块 GPU 的进程，但该主机只有 %2 块 GPU（%3）</translation>
    </message>
    <message>
        <source>probe found them</source>
        <translation>由 probe 检测</translation>
    </message>
    <message>
        <source>%1 of %2 GPU(s) used</source>
        <translation>使用 %2 块 GPU 中的 %1 块</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>可用 %1</translation>
    </message>
    <message>
        <source>only %1 free in the working directory</source>
        <translation>工作目录只剩 %1 可用空间</translation>
    </message>
    <message>
        <source>%1 here, but %2 on %3</source>
        <translation>此处为 %1，但 %3 上为 %2</translation>
    </message>
    <message>
        <source>cannot listen on port %1: %2</source>
        <translation>无法监听端口 %1：%2</translation>
    </message>
    <message>
        <source>port %1 is free</source>
        <translation>端口 %1 空闲</translation>
    </message>
    <message>
        <source>reaches %1:%2</source>
        <translation>可以连到 %1:%2</translation>
    </message>
    <message>
        <source>cannot reach the main process address %1:%2 (%3)</source>
        <translation>无法连到主进程地址 %1:%2（%3）</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>正在连接 %1</translation>
    </message>
    <message>
        <source>logged in with %1</source>
        <translation>已通过 %1 登录</translation>
    </message>
    <message>
        <source>checking %1</source>
        <translation>正在检查 %1</translation>
    </message>
    <message>
        <source>port must be 1-65535, not &apos;%1&apos;</source>
        <translation>端口必须在 1-65535 之间，而不是“%1”</translation>
    </message>
    <message>
        <source>agent must be yes or no</source>
        <translation>agent 必须是 yes 或 no</translation>
    </message>
    <message>
        <source>env needs NAME=VALUE, not &apos;%1&apos;</source>
        <translation>env 需要 NAME=VALUE，而不是“%1”</translation>
    </message>
    <message>
        <source>unknown field &apos;%1&apos;</source>
        <translation>未知字段“%1”</translation>
    </message>
    <message>
        <source>expected &apos;HOST slots=N [key=value ...]&apos;, got &apos;%1&apos;</source>
        <translation>应为“HOST slots=N [key=value ...]”，实际为“%1”</translation>
    </message>
    <message>
        <source>slots must be at least 1</source>
        <translation>slots 至少为 1</translation>
    </message>
    <message>
        <source>host &apos;%1&apos; is listed twice</source>
        <translation>主机“%1”出现了两次</translation>
    </message>
    <message>
        <source>expected key=value, got &apos;%1&apos;</source>
        <translation>应为 key=value，实际为“%1”</translation>
    </message>
    <message>
        <source>%1 lists no hosts</source>
        <translation>%1 中没有列出任何主机</translation>
    </message>
    <message>
        <source>Cannot read hostfile %1: %2</source>
        <translation>无法读取 hostfile %1：%2</translation>
    </message>
    <message>
        <source>host %1 (machine rank %2, %n process(es)): %3</source>
        <translation>主机 %1（机器序号 %2，%n 个进程）：%3</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>NOT READY</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <source>catapult: this machine could not be probed (%1); pass --gpu_memory / --host_memory for a verdict.</source>
        <translation>catapult：无法探测本机（%1）；请传入 --gpu_memory / --host_memory 以得出结论。</translation>
    </message>
    <message>
        <source>Setup: %1 process(es) on %2 machine(s), %3, ZeRO stage %4, mixed precision %5, offload optimizer %6 / parameters %7, activation checkpointing %8</source>
        <translation>配置：%1 个进程，%2 台机器，%3，ZeRO 阶段 %4，混合精度 %5，优化器卸载 %6 / 参数卸载 %7，激活检查点 %8</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Per GPU</source>
        <translation>每个 GPU</translation>
    </message>
    <message>
        <source>Per process (CPU)</source>
        <translation>每个进程（CPU）</translation>
    </message>
    <message>
        <source>Parameters (%1)</source>
        <translation>参数（%1 个）</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Optimizer state and master weights</source>
        <translation>优化器状态和主权重</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Buffers</source>
        <translation>缓冲区</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Offloaded to CPU memory (per process)</source>
        <translation>卸载到 CPU 内存（每个进程）</translation>
    </message>
    <message>
        <source>Offloaded to disk (per process)</source>
        <translation>卸载到磁盘（每个进程）</translation>
    </message>
    <message>
        <source>Fits: %1 of %2 GPU memory.</source>
        <translation>可以容纳：占用 GPU 内存 %2 中的 %1。</translation>
    </message>
    <message>
        <source>Does not fit: %1 needed, the GPU has %2. Shard (ZeRO/FSDP), offload, checkpoint activations or lower the micro-batch.</source>
        <translation>无法容纳：需要 %1，GPU 只有 %2。请切分（ZeRO/FSDP）、卸载、使用激活检查点或减小微批大小。</translation>
    </message>
    <message>
        <source>Fits in this machine&apos;s memory (%1 for %2 process(es)).</source>
        <translation>可以放入本机内存（%2 个进程共需 %1）。</translation>
    </message>
    <message>
        <source>Does not fit in this machine&apos;s %1 of memory with %2 process(es). Offload to disk, shard or lower the micro-batch.</source>
        <translation>%2 个进程无法放入本机 %1 的内存。请卸载到磁盘、切分或减小微批大小。</translation>
    </message>
    <message>
        <source>No hardware facts: no verdict.</source>
        <translation>没有硬件信息：无法判断。</translation>
    </message>
    <message>
        <source>Cannot read the DeepSpeed config file %1 (deepspeed_config_file): %2.</source>
        <translation>无法读取 DeepSpeed 配置文件 %1（deepspeed_config_file）：%2。</translation>
    </message>
    <message>
        <source>%1 is not a DeepSpeed JSON config: %2 at byte %3.</source>
        <translation>%1 不是 DeepSpeed JSON 配置：第 %3 字节处 %2。</translation>
    </message>
    <message>
        <source>--use_deepspeed and --use_fsdp exclude each other.</source>
        <translation>--use_deepspeed 与 --use_fsdp 不能同时使用。</translation>
    </message>
    <message>
        <source>--%1 needs --use_deepspeed or --use_fsdp (or a config with distributed_type DEEPSPEED or FSDP).</source>
        <translation>--%1 需要 --use_deepspeed 或 --use_fsdp（或 distributed_type 为 DEEPSPEED 或 FSDP 的配置）。</translation>
    </message>
    <message>
        <source>--resume %1: run %1&apos;s directory %2 no longer exists.</source>
        <translation>--resume %1：运行 %1 的目录 %2 已不存在。</translation>
    </message>
    <message>
        <source>--resume %1: there is no run %1 in the history (catapult runs lists them) and no directory of that name.</source>
        <translation>--resume %1：历史记录中没有运行 %1（catapult runs 可列出），也没有同名目录。</translation>
    </message>
    <message>
        <source>--resume %1: no such directory.</source>
        <translation>--resume %1：没有这个目录。</translation>
    </message>
    <message>
        <source>--%1 is for TPU launches; Catapult launches on CPUs and NVIDIA GPUs, here or over SSH. Launch TPU pods with `accelerate launch --tpu`.</source>
        <translation>--%1 用于 TPU 启动；Catapult 在本机或通过 SSH 在 CPU 和 NVIDIA GPU 上启动作业。TPU Pod 请用 `accelerate launch --tpu` 启动。</translation>
    </message>
    <message>
        <source>--%1 is for Amazon SageMaker launches, which `accelerate launch` makes with a SageMaker config; Catapult launches on this machine or over SSH.</source>
        <translation>--%1 用于 Amazon SageMaker 启动，由 `accelerate launch` 配合 SageMaker 配置完成；Catapult 在本机或通过 SSH 启动作业。</translation>
    </message>
    <message>
        <source>--%1: Megatron-LM&apos;s tensor and pipeline parallelism is not in Catapult&apos;s engine; shard with --use_deepspeed --zero_stage N or --use_fsdp instead.</source>
        <translation>--%1：Catapult 的引擎没有 Megatron-LM 的张量并行和流水线并行；请改用 --use_deepspeed --zero_stage N 或 --use_fsdp 进行切分。</translation>
    </message>
    <message>
        <source>--%1: tensor, context and sequence parallelism (ParallelismConfig) are not in Catapult&apos;s engine; data parallel, ZeRO and FSDP sharding are.</source>
        <translation>--%1：Catapult 的引擎没有张量、上下文和序列并行（ParallelismConfig）；支持的是数据并行以及 ZeRO 和 FSDP 切分。</translation>
    </message>
    <message>
        <source>the ranks always reach the main process over the network</source>
        <translation>各进程总是通过网络连接主进程</translation>
    </message>
    <message>
        <source>every rank meets at MASTER_ADDR:MASTER_PORT (static rendezvous)</source>
        <translation>所有进程在 MASTER_ADDR:MASTER_PORT 会合（静态会合）</translation>
    </message>
    <message>
        <source>every rank has the role &apos;default&apos;</source>
        <translation>所有进程的角色都是“default”</translation>
    </message>
    <message>
        <source>the launcher follows its ranks continuously</source>
        <translation>启动器会持续跟踪各进程</translation>
    </message>
    <message>
        <source>it names the function of TPU and notebook launches</source>
        <translation>它指定的是 TPU 和笔记本启动所用的函数</translation>
    </message>
    <message>
        <source>the hostfile lists the machines to use</source>
        <translation>要使用的机器由 hostfile 列出</translation>
    </message>
    <message>
        <source>Catapult starts the ranks of every machine over SSH itself</source>
        <translation>Catapult 自己通过 SSH 启动每台机器上的进程</translation>
    </message>
    <message>
        <source>the engine has no mixture-of-experts layers</source>
        <translation>引擎没有混合专家层</translation>
    </message>
    <message>
        <source>catapult: --%1 has no effect here: %2.</source>
        <translation>catapult：--%1 在这里不起作用：%2。</translation>
    </message>
    <message>
        <source>Invalid value &apos;%1&apos; for --%2.</source>
        <translation>--%2 的值“%1”无效。</translation>
    </message>
    <message>
        <source>--machine_rank %1 needs --num_machines above %1.</source>
        <translation>--machine_rank %1 需要 --num_machines 大于 %1。</translation>
    </message>
    <message>
        <source>%1 machines: run this command on each machine with --machine_rank 0..%2 and --main_process_ip (the address of machine 0), or list the machines in a hostfile (--hosts FILE) and launch them all from here.</source>
        <translation>%1 台机器：请在每台机器上用 --machine_rank 0..%2 和 --main_process_ip（0 号机器的地址）运行此命令，或在 hostfile 中列出这些机器（--hosts FILE），从这里统一启动。</translation>
    </message>
    <message>
        <source>--machine_rank is %1, but there are %2 machines (ranks 0 to %3).</source>
        <translation>--machine_rank 为 %1，但只有 %2 台机器（序号 0 到 %3）。</translation>
    </message>
    <message>
        <source>num_processes %1 (the total over all machines) does not divide into %2 machines.</source>
        <translation>num_processes %1（所有机器的总数）不能平均分到 %2 台机器上。</translation>
    </message>
    <message>
        <source>--num_machines is %1 but %2 lists %3 machines; they must agree.</source>
        <translation>--num_machines 为 %1，但 %2 列出了 %3 台机器；两者必须一致。</translation>
    </message>
    <message>
        <source>--multi_gpu and --cpu exclude each other.</source>
        <translation>--multi_gpu 与 --cpu 不能同时使用。</translation>
    </message>
    <message>
        <source>catapult: --tee %1: the console always shows every rank&apos;s output, as --tee 3 does.</source>
        <translation>catapult：--tee %1：控制台总是显示每个进程的全部输出，相当于 --tee 3。</translation>
    </message>
    <message>
        <source>Cannot read the SSH config %1: %2</source>
        <translation>无法读取 SSH 配置 %1：%2</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>alert: %1</source>
        <translation>警报：%1</translation>
    </message>
    <message>
        <source>resumed from %1 (its step %2); training continues with step %3</source>
        <translation>已从 %1（其第 %2 步）恢复；训练从第 %3 步继续</translation>
    </message>
    <message>
        <source>  resumed from: run %1 (its newest checkpoint)</source>
        <translation>  恢复自：运行 %1（其最新检查点）</translation>
    </message>
    <message>
        <source>--max_restarts restarts jobs of this machine; a job on several machines over SSH is continued with --resume RUN after a failure.</source>
        <translation>--max_restarts 只重启本机的作业；通过 SSH 在多台机器上运行的作业失败后，请用 --resume RUN 继续。</translation>
    </message>
    <message>
        <source>no GPU</source>
        <translation>无 GPU</translation>
    </message>
    <message>
        <source>%1, %2 cores, %3 RAM</source>
        <translation>%1，%2 个核心，%3 内存</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>The Machines tab lists no machine.</source>
        <translation>“机器”页中没有列出任何机器。</translation>
    </message>
    <message>
        <source>These machines could not be probed: %1</source>
        <translation>无法探测以下机器：%1</translation>
    </message>
    <message>
        <source>The machines differ (%1: %2; %3: %4); the config is for what each has at least.</source>
        <translation>这些机器配置不同（%1：%2；%3：%4）；配置按每台机器至少具备的硬件生成。</translation>
    </message>
    <message>
        <source>the config file (default: Accelerate&apos;s default config)</source>
        <translation>配置文件（默认：Accelerate 的默认配置）</translation>
    </message>
    <message>
        <source>write a config for this machine, as `accelerate config default` does</source>
        <translation>为本机写入配置，与 `accelerate config default` 相同</translation>
    </message>
    <message>
        <source>with --default: its mixed precision</source>
        <translation>与 --default 一起使用：其混合精度</translation>
    </message>
    <message>
        <source>read an Accelerate config (0.11-1.15, legacy keys converted) and write it to PATH</source>
        <translation>读取 Accelerate 配置（0.11-1.15，旧键会被转换）并写入 PATH</translation>
    </message>
    <message>
        <source>write PATH&apos;s config to FILE: YAML, or JSON for *.json</source>
        <translation>将 PATH 的配置写入 FILE：YAML，*.json 则为 JSON</translation>
    </message>
    <message>
        <source>print PATH&apos;s config and its findings</source>
        <translation>打印 PATH 的配置及检查结果</translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--default and --import both write the config file; give one.</source>
        <translation>--default 和 --import 都会写入配置文件；请只给出其一。</translation>
    </message>
    <message>
        <source>Nothing to do: give --default, --import, --export or --show.</source>
        <translation>无事可做：请给出 --default、--import、--export 或 --show。</translation>
    </message>
    <message>
        <source>usage: catapult config --default | --import FILE | --export FILE | --show  [--config_file PATH]
PATH defaults to Accelerate&apos;s default config: %1. Several actions run in the order
--default or --import (they write PATH), --export, --show.</source>
        <translation>用法：catapult config --default | --import FILE | --export FILE | --show  [--config_file PATH]
PATH 默认为 Accelerate 的默认配置：%1。多个操作按以下顺序执行：
--default 或 --import（它们写入 PATH）、--export、--show。</translation>
    </message>
    <message>
        <source>the setup of an Accelerate config (flags override it)</source>
        <translation>Accelerate 配置中的设置（命令行参数优先）</translation>
    </message>
    <message>
        <source>model: decoder layers</source>
        <translation>模型：解码器层数</translation>
    </message>
    <message>
        <source>model: width</source>
        <translation>模型：宽度</translation>
    </message>
    <message>
        <source>model: attention heads</source>
        <translation>模型：注意力头数</translation>
    </message>
    <message>
        <source>model: sequence length</source>
        <translation>模型：序列长度</translation>
    </message>
    <message>
        <source>model: vocabulary size</source>
        <translation>模型：词表大小</translation>
    </message>
    <message>
        <source>micro-batch per process</source>
        <translation>每个进程的微批大小</translation>
    </message>
    <message>
        <source>processes in all</source>
        <translation>进程总数</translation>
    </message>
    <message>
        <source>machines</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>train on the CPU</source>
        <translation>在 CPU 上训练</translation>
    </message>
    <message>
        <source>mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <source>ZeRO stage (0: plain data parallel)</source>
        <translation>ZeRO 阶段（0：普通数据并行）</translation>
    </message>
    <message>
        <source>where the optimizer state lives</source>
        <translation>优化器状态存放的位置</translation>
    </message>
    <message>
        <source>where the parameters live (ZeRO-3)</source>
        <translation>参数存放的位置（ZeRO-3）</translation>
    </message>
    <message>
        <source>recompute activations in backward</source>
        <translation>在反向传播中重新计算激活值</translation>
    </message>
    <message>
        <source>judge against GPUs of this memory</source>
        <translation>按此显存大小的 GPU 判断</translation>
    </message>
    <message>
        <source>judge against this much RAM</source>
        <translation>按此内存大小判断</translation>
    </message>
    <message>
        <source>do not probe this machine</source>
        <translation>不探测本机</translation>
    </message>
    <message>
        <source>one JSON line for scripts</source>
        <translation>为脚本输出一行 JSON</translation>
    </message>
    <message>
        <source>invalid value &apos;%1&apos; for --%2.</source>
        <translation>--%2 的值“%1”无效。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>catapult estimate-memory: %1
usage: catapult estimate-memory [FLAGS]
</source>
        <translation>catapult estimate-memory：%1
用法：catapult estimate-memory [参数]
</translation>
    </message>
    <message>
        <source>the run store that keeps the list (default: the app&apos;s)</source>
        <translation>保存列表的运行库（默认：应用的运行库）</translation>
    </message>
    <message>
        <source>check: the job runs on the CPU (no GPU check)</source>
        <translation>检查：作业在 CPU 上运行（不检查 GPU）</translation>
    </message>
    <message>
        <source>check: record unknown host keys (OpenSSH&apos;s accept-new)</source>
        <translation>检查：记录未知的主机密钥（OpenSSH 的 accept-new）</translation>
    </message>
    <message>
        <source>check: the known_hosts file (default ~/.ssh/known_hosts)</source>
        <translation>检查：known_hosts 文件（默认 ~/.ssh/known_hosts）</translation>
    </message>
    <message>
        <source>check: the port the main process will listen on (default 29500)</source>
        <translation>检查：主进程将监听的端口（默认 29500）</translation>
    </message>
    <message>
        <source>DeepSpeed&apos;s %1, as in deepspeed_config</source>
        <translation>DeepSpeed 的 %1，与 deepspeed_config 中相同</translation>
    </message>
    <message>
        <source>FSDP&apos;s %1, as in fsdp_config</source>
        <translation>FSDP 的 %1，与 fsdp_config 中相同</translation>
    </message>
    <message>
        <source>the FP8 recipe&apos;s %1 (ACCELERATE_%2), as in fp8_config</source>
        <translation>FP8 配方的 %1（ACCELERATE_%2），与 fp8_config 中相同</translation>
    </message>
    <message>
        <source>ACCELERATE_%1 for Python programs</source>
        <translation>供 Python 程序使用的 ACCELERATE_%1</translation>
    </message>
    <message>
        <source>catapult: stopping every rank (press Ctrl-C again to kill at once)</source>
        <translation>catapult：正在停止所有 rank（再按一次 Ctrl-C 立即强制结束）</translation>
    </message>
    <message>
        <source>the run store (default: the app&apos;s)</source>
        <translation>运行库（默认：应用的运行库）</translation>
    </message>
    <message>
        <source>  loss: %1 at step %2 -&gt; %3 at step %4</source>
        <translation>  损失：第 %2 步 %1 -&gt; 第 %4 步 %3</translation>
    </message>
    <message>
        <source>%1, %2 tokens/s</source>
        <translation>%1，%2 词元/秒</translation>
    </message>
    <message>
        <source>(no stack)</source>
        <translation>（无调用栈）</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1，来自 %2</translation>
    </message>
    <message>
        <source>every rank&apos;s main thread is in the same place: %1</source>
        <translation>所有进程的主线程停在同一处：%1</translation>
    </message>
    <message>
        <source>rank(s) %1 in %2</source>
        <translation>进程 %1 停在 %2</translation>
    </message>
    <message>
        <source>rank(s) %1 differ from the rest: %2, while rank(s) %3 are in %4</source>
        <translation>进程 %1 与其余进程不同：%2；而进程 %3 停在 %4</translation>
    </message>
    <message>
        <source>  other series: %1</source>
        <translation>  其他序列：%1</translation>
    </message>
    <message>
        <source>a Hugging Face model directory: its config.json gives the model&apos;s shape</source>
        <translation>Hugging Face 模型目录：由其 config.json 给出模型结构</translation>
    </message>
    <message>
        <source>built-in GPT</source>
        <translation>内置 GPT</translation>
    </message>
    <message>
        <source>Model: %1, %2 layers, width %3, %4 heads, sequence %5, vocabulary %6: %7 parameters; micro-batch %8 per process</source>
        <translation>模型：%1，%2 层，宽度 %3，%4 个注意力头，序列 %5，词表 %6：%7 个参数；每个进程微批次 %8</translation>
    </message>
    <message>
        <source>the trained model is in %1</source>
        <translation>训练好的模型在 %1</translation>
    </message>
    <message>
        <source>(the built-in recipe&apos;s own flags, such as --steps, --seq_len or --export_dir, go after &quot;-- catapult-worker train&quot;; catapult launch --help lists the launcher&apos;s)</source>
        <translation>（内置训练流程自己的参数，如 --steps、--seq_len 或 --export_dir，放在 &quot;-- catapult-worker train&quot; 之后；catapult launch --help 列出启动器的参数）</translation>
    </message>
    <message>
        <source>%1 is given both to catapult launch and to the recipe after &quot;--&quot;; give it once.</source>
        <translation>%1 同时给了 catapult launch 和 &quot;--&quot; 之后的训练流程；请只给一次。</translation>
    </message>
    <message>
        <source>--model, --text and --dataset are for the built-in recipe; %1 is another program (give it its own flags, or leave the program out).</source>
        <translation>--model、--text 和 --dataset 是内置配方的参数；%1 是另一个程序（请给它自己的参数，或不指定程序）。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 with byte fallback</source>
        <translation>带字节回退的 %1</translation>
    </message>
    <message>
        <source>byte-level %1</source>
        <translation>字节级 %1</translation>
    </message>
    <message>
        <source>%1 has no tokenizer.json; Catapult needs the model&apos;s fast tokenizer file</source>
        <translation>%1 没有 tokenizer.json；Catapult 需要模型的快速分词器文件</translation>
    </message>
    <message>
        <source>%1 has no model.safetensors (or its index); the weights must be in safetensors</source>
        <translation>%1 没有 model.safetensors（或其索引）；权重必须是 safetensors 格式</translation>
    </message>
    <message>
        <source>LoRA (from an adapter)</source>
        <translation>LoRA（来自适配器）</translation>
    </message>
    <message>
        <source>LoRA r %1</source>
        <translation>LoRA 秩 %1</translation>
    </message>
    <message>
        <source>full fine-tuning</source>
        <translation>全量微调</translation>
    </message>
    <message>
        <source>%1: cannot write the job file: %2</source>
        <translation>%1：无法写入作业文件：%2</translation>
    </message>
    <message>
        <source>%1: cannot read the job file: %2</source>
        <translation>%1：无法读取作业文件：%2</translation>
    </message>
    <message>
        <source>%1: not JSON at byte %2: %3</source>
        <translation>%1：第 %2 字节处不是有效的 JSON：%3</translation>
    </message>
    <message>
        <source>%1: not a Catapult job file (no &quot;catapult_job&quot;)</source>
        <translation>%1：不是 Catapult 作业文件（没有 &quot;catapult_job&quot;）</translation>
    </message>
    <message>
        <source>%1: a job file of version %2; this Catapult reads version %3</source>
        <translation>%1：作业文件版本为 %2；此版本的 Catapult 只能读取版本 %3</translation>
    </message>
    <message>
        <source>usage: catapult launch [FLAGS] [--] [PROGRAM ARGS...]   (no PROGRAM: the built-in GPT recipe)
       catapult launch --job FILE [FLAGS] [-- PROGRAM ARGS...]   (a job saved by the desktop app; the flags given here win)
Each flag also takes dashes for underscores (--num-processes), and its value after &apos;=&apos;.
</source>
        <translation>用法：catapult launch [参数] [--] [程序 参数...]   （不指定程序：内置 GPT 配方）
       catapult launch --job 文件 [参数] [-- 程序 参数...]   （桌面应用保存的作业；此处给出的参数优先）
每个参数也可以用连字符代替下划线（--num-processes），其值也可写在“=”之后。
</translation>
    </message>
    <message>
        <source>with --model: LoRA adapters of this rank train, the base is frozen</source>
        <translation>与 --model 一起使用：训练此秩的 LoRA 适配器，基础模型冻结</translation>
    </message>
    <message>
        <source>with --lora_rank: the projections (default: PEFT&apos;s for the architecture; all-linear)</source>
        <translation>与 --lora_rank 一起使用：目标投影层（默认：PEFT 对该架构的默认值；all-linear）</translation>
    </message>
    <message>
        <source>--lora_target_modules needs --lora_rank R.</source>
        <translation>--lora_target_modules 需要 --lora_rank R。</translation>
    </message>
    <message>
        <source>--lora_target_modules %1 matches no projection of the model.</source>
        <translation>--lora_target_modules %1 没有匹配模型的任何投影层。</translation>
    </message>
    <message>
        <source>--lora_rank needs --model DIR (the adapters&apos; size comes from the model&apos;s projections).</source>
        <translation>--lora_rank 需要 --model DIR（适配器的大小取决于模型的投影层）。</translation>
    </message>
    <message>
        <source>Parameters (%1 trained, %2 frozen)</source>
        <translation>参数（训练 %1，冻结 %2）</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>cannot copy %1 to %2: %3</source>
        <translation>无法将 %1 复制到 %2：%3</translation>
    </message>
    <message>
        <source>%1 is a file; choose a new or empty folder</source>
        <translation>%1 是一个文件；请选择新的或空的文件夹</translation>
    </message>
    <message>
        <source>%1 is not empty; choose a new or empty folder, nothing was written</source>
        <translation>%1 不为空；请选择新的或空的文件夹，未写入任何内容</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>merging %1 into %2 failed: %3</source>
        <translation>将 %1 合并到 %2 失败：%3</translation>
    </message>
    <message>
        <source>%1 has no metrics.jsonl to tell what the run exported</source>
        <translation>%1 中没有 metrics.jsonl，无法得知该运行导出了什么</translation>
    </message>
    <message>
        <source>run folder %1: the run exported no model (it did not finish, or its program saves the model its own way)</source>
        <translation>运行文件夹 %1：该运行没有导出模型（它未完成，或其程序以自己的方式保存模型）</translation>
    </message>
    <message>
        <source>only a LoRA run has an adapter to merge; this run exported a whole model</source>
        <translation>只有 LoRA 运行才有可合并的适配器；该运行导出的是完整模型</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>config file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>duration (s)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>argument %1</source>
        <translation>参数 %1</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>catapult runs export: run %1: %2</source>
        <translation>catapult runs export：运行 %1：%2</translation>
    </message>
    <message>
        <source>catapult runs export: run %1&apos;s merged model is in %2</source>
        <translation>catapult runs export：运行 %1 的合并模型位于 %2</translation>
    </message>
    <message>
        <source>catapult runs export: run %1&apos;s %2 is in %3</source>
        <translation>catapult runs export：运行 %1 的%2位于 %3</translation>
    </message>
    <message>
        <source>adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>catapult runs compare: there is no run %1 in %2</source>
        <translation>catapult runs compare：%2 中没有运行 %1</translation>
    </message>
    <message>
        <source>catapult runs compare: name two runs or more</source>
        <translation>catapult runs compare：请指定两个或更多运行</translation>
    </message>
    <message>
        <source>export: the new or empty folder the model goes to</source>
        <translation>export：模型导出到的新文件夹或空文件夹</translation>
    </message>
    <message>
        <source>export: a LoRA run&apos;s model with the adapter merged in</source>
        <translation>export：合并了适配器的 LoRA 运行模型</translation>
    </message>
    <message>
        <source>compare: every setting, not only those that differ</source>
        <translation>compare：显示所有设置，而不仅是不同的设置</translation>
    </message>
    <message>
        <source>usage: catapult runs [list] | show ID | import DIR | delete ID | export ID --to DIR [--merged] | compare ID ID... [--all]   [--store PATH]</source>
        <translation>用法：catapult runs [list] | show ID | import DIR | delete ID | export ID --to DIR [--merged] | compare ID ID... [--all]   [--store PATH]</translation>
    </message>
    <message>
        <source>no folder to export to was given</source>
        <translation>未指定导出到的文件夹</translation>
    </message>
    <message>
        <source>the run&apos;s export %1 is not there (moved or deleted; a run on other machines exports on its first machine)</source>
        <translation>该运行的导出 %1 不存在（已移动或删除；在其他机器上的运行导出到其第一台机器）</translation>
    </message>
    <message>
        <source>catapult runs export: say where with --to DIR (a new or empty folder)</source>
        <translation>catapult runs export：请用 --to DIR 指定位置（新的或空的文件夹）</translation>
    </message>
    <message>
        <source>(%1 setting(s) the same in every run not shown; --all shows them)</source>
        <translation>（未显示所有运行中相同的 %1 项设置；--all 可显示）</translation>
    </message>
    <message>
        <source>catapult runs compare: run %1 is named twice</source>
        <translation>catapult runs compare：运行 %1 被指定了两次</translation>
    </message>
    <message>
        <source>Built-in recipe on 2 CPU processes</source>
        <translation>内置配方，2 个 CPU 进程</translation>
    </message>
    <message>
        <source>ZeRO-3 on 2 CPU processes, optimizer offloaded</source>
        <translation>ZeRO-3，2 个 CPU 进程，优化器卸载</translation>
    </message>
    <message>
        <source>Every GPU, bf16 mixed precision</source>
        <translation>全部 GPU，bf16 混合精度</translation>
    </message>
    <message>
        <source>Every GPU, FSDP full sharding, bf16</source>
        <translation>全部 GPU，FSDP 完全分片，bf16</translation>
    </message>
    <message>
        <source>%1 is an mpirun hostfile, and the job also lists machines for SSH (--hosts); give one of them.</source>
        <translation>%1 是 mpirun 主机文件，而作业还列出了通过 SSH 的机器（--hosts）；只能给出其中之一。</translation>
    </message>
    <message>
        <source>%1: mpirun starts CPU jobs (Accelerate&apos;s MULTI_CPU); add --cpu, or start GPU machines over SSH with --hosts FILE.</source>
        <translation>%1：mpirun 启动的是 CPU 作业（Accelerate 的 MULTI_CPU）；请加上 --cpu，或用 --hosts FILE 通过 SSH 启动 GPU 机器。</translation>
    </message>
    <message>
        <source>num_processes %1 (the total over all machines) does not divide into the %2 machines of %3.</source>
        <translation>num_processes %1（所有机器的总数）不能被 %3 的 %2 台机器整除。</translation>
    </message>
    <message>
        <source>Slurm jobs need the number of ranks: pass --num_processes (the total over all nodes) or a config file with num_processes.</source>
        <translation>Slurm 作业需要进程数：请传入 --num_processes（所有节点的总数）或带 num_processes 的配置文件。</translation>
    </message>
    <message>
        <source>num_processes %1 (the total over all nodes) does not divide into %2 nodes.</source>
        <translation>num_processes %1（所有节点的总数）不能被 %2 个节点整除。</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>usage: catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A] [--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]</source>
        <translation>用法：catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A] [--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]</translation>
    </message>
    <message>
        <source>catapult: wrote %1 (sbatch %1); run directory %2</source>
        <translation>catapult：已写入 %1（sbatch %1）；运行目录 %2</translation>
    </message>
    <message>
        <source>--%1 is set by the Slurm script itself (from the allocation); leave it out.</source>
        <translation>--%1 由 Slurm 脚本自己（根据分配）设置；请去掉它。</translation>
    </message>
    <message>
        <source>--nodes, --partition, --time, --account and --job_name are for Slurm jobs: add --slurm.</source>
        <translation>--nodes、--partition、--time、--account 和 --job_name 用于 Slurm 作业：请加上 --slurm。</translation>
    </message>
    <message>
        <source>num_processes %1 is more than the %2 slots of %3.</source>
        <translation>num_processes %1 超过了 %3 的 %2 个槽位。</translation>
    </message>
    <message>
        <source>catapult export slurm: cannot make the run directory %1</source>
        <translation>catapult export slurm：无法创建运行目录 %1</translation>
    </message>
    <message>
        <source>Runtime (LibTorch, threads)</source>
        <translation>运行时（LibTorch、线程）</translation>
    </message>
</context>
<context>
    <name>catapult::ChatPane</name>
    <message>
        <source>Loaded in %1 s; chat template: %2</source>
        <translation>已加载，用时 %1 秒；对话模板：%2</translation>
    </message>
    <message>
        <source>Not available: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s, first token after %3 s%4</source>
        <translation>%1 个 token，%2 token/秒，首个 token 用时 %3 秒%4</translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>a Hugging Face model directory</source>
        <translation>Hugging Face 模型目录</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Model directory</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>a LoRA adapter (optional)</source>
        <translation>LoRA 适配器（可选）</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>(a model directory)</source>
        <translation>（模型目录）</translation>
    </message>
    <message>
        <source>run %1 (LoRA adapter)</source>
        <translation>运行 %1（LoRA 适配器）</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Choose a model directory or a run first.</source>
        <translation>请先选择模型目录或一个运行。</translation>
    </message>
    <message>
        <source>Loading %1...</source>
        <translation>正在加载 %1...</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Loading the weights...</source>
        <translation>正在加载权重...</translation>
    </message>
    <message>
        <source>Starting the tokenizer...</source>
        <translation>正在启动分词器...</translation>
    </message>
    <message>
        <source>Larger than the free memory: %1 on the CPU, %2 read from its files as it runs (device map auto)</source>
        <translation>超出可用内存：%1 放在 CPU 上，%2 在运行时从其文件读取（device map auto）</translation>
    </message>
    <message>
        <source>Fits in the free memory: %1 on the CPU</source>
        <translation>可放入可用内存：%1 在 CPU 上</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>catapult::ChatSession</name>
    <message>
        <source>the model&apos;s process ended (exit code %1)</source>
        <translation>模型进程已结束（退出码 %1）</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
</context>
<context>
    <name>catapult::ChatWidget</name>
    <message>
        <source>Show the prompt as the model sees it</source>
        <translation>显示模型看到的提示词</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>New tokens at most:</source>
        <translation>最多新词元：</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>top-p</source>
        <translation>top-p</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Second model:</source>
        <translation>第二个模型：</translation>
    </message>
    <message>
        <source>Compare two models</source>
        <translation>比较两个模型</translation>
    </message>
    <message>
        <source>Load a second model beside the first: each message goes to both</source>
        <translation>在第一个模型旁加载第二个模型：每条消息同时发给两者</translation>
    </message>
</context>
<context>
    <name>catapult::ConfigIssueText</name>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>note</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>catapult::DashboardChart</name>
    <message>
        <source>No data yet</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Copy values at the cursor</source>
        <translation>复制光标处的数值</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Show series</source>
        <translation>显示序列</translation>
    </message>
</context>
<context>
    <name>catapult::DashboardWidget</name>
    <message>
        <source>Loss (nats)</source>
        <translation>损失（nats）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/秒</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>Memory per rank (MiB)</source>
        <translation>每个 rank 的内存（MiB）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Wall time (s)</source>
        <translation>实际时间（秒）</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Export PNG...</source>
        <translation>导出 PNG...</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>导出 CSV...</translation>
    </message>
    <message>
        <source>X axis:</source>
        <translation>X 轴：</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG（*.png）</translation>
    </message>
    <message>
        <source>Export series</source>
        <translation>导出数据序列</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV（*.csv）</translation>
    </message>
    <message>
        <source>Weight of the exponential moving average of the loss (TensorBoard&apos;s smoothing)</source>
        <translation>损失指数移动平均的权重（TensorBoard 的平滑方式）</translation>
    </message>
    <message>
        <source>Log scale (loss)</source>
        <translation>对数坐标（损失）</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>%1: waiting for the first step...</source>
        <translation>%1：正在等待第一步...</translation>
    </message>
    <message>
        <source>No run yet. Start a job on the Job tab, or open runs from the History tab.</source>
        <translation>还没有运行。请在“作业”标签页启动作业，或从“历史”标签页打开运行。</translation>
    </message>
    <message>
        <source>The runs shown recorded no metrics.</source>
        <translation>所显示的运行没有记录任何指标。</translation>
    </message>
    <message>
        <source>Hover a chart to read values; drag to pan, wheel to zoom, right-click for more.</source>
        <translation>将鼠标悬停在图表上读取数值；拖动平移，滚轮缩放，右键查看更多。</translation>
    </message>
</context>
<context>
    <name>catapult::DatasetPreviewModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Trained</source>
        <translation>训练词元</translation>
    </message>
    <message>
        <source>Text as the model sees it</source>
        <translation>模型看到的文本</translation>
    </message>
    <message>
        <source>Format: %1 · chat template: %2 · %3 rows · %4 of the first %5 examples longer than the sequence length</source>
        <translation>格式：%1 · 对话模板：%2 · %3 行 · 前 %5 个样本中有 %4 个超过序列长度</translation>
    </message>
    <message>
        <source> · %1 rows would be skipped, e.g. %2: %3</source>
        <translation> · 将跳过 %1 行，例如 %2：%3</translation>
    </message>
</context>
<context>
    <name>catapult::DistributionPage</name>
    <message>
        <source>Distribution</source>
        <translation>分布式策略</translation>
    </message>
    <message>
        <source>How the processes share the work. ZeRO and FSDP shard optimizer state, gradients and parameters to fit larger models.</source>
        <translation>各进程如何分担工作。ZeRO 和 FSDP 会切分优化器状态、梯度和参数，以容纳更大的模型。</translation>
    </message>
    <message>
        <source>None (one process)</source>
        <translation>无（单进程）</translation>
    </message>
    <message>
        <source>Data parallel (DDP)</source>
        <translation>数据并行（DDP）</translation>
    </message>
    <message>
        <source>ZeRO stage 1 (DeepSpeed: optimizer state sharded)</source>
        <translation>ZeRO 阶段 1（DeepSpeed：切分优化器状态）</translation>
    </message>
    <message>
        <source>ZeRO stage 2 (DeepSpeed: + gradients sharded)</source>
        <translation>ZeRO 阶段 2（DeepSpeed：再切分梯度）</translation>
    </message>
    <message>
        <source>ZeRO stage 3 (DeepSpeed: + parameters sharded)</source>
        <translation>ZeRO 阶段 3（DeepSpeed：再切分参数）</translation>
    </message>
    <message>
        <source>FSDP (fully sharded data parallel)</source>
        <translation>FSDP（全切分数据并行）</translation>
    </message>
    <message>
        <source>Train on the CPU</source>
        <translation>在 CPU 上训练</translation>
    </message>
    <message>
        <source>all, or a list such as 0,1</source>
        <translation>all，或如 0,1 的列表</translation>
    </message>
    <message>
        <source>FSDP options</source>
        <translation>FSDP 选项</translation>
    </message>
    <message>
        <source>2 (per-parameter sharding)</source>
        <translation>2（按参数切分）</translation>
    </message>
    <message>
        <source>1 (flat parameters)</source>
        <translation>1（扁平参数）</translation>
    </message>
    <message>
        <source>Reshard parameters after forward</source>
        <translation>前向计算后重新切分参数</translation>
    </message>
    <message>
        <source>empty: the model&apos;s _no_split_modules</source>
        <translation>留空：使用模型的 _no_split_modules</translation>
    </message>
    <message>
        <source>CPU-RAM-efficient loading</source>
        <translation>节省 CPU 内存的加载方式</translation>
    </message>
    <message>
        <source>FSDP version:</source>
        <translation>FSDP 版本：</translation>
    </message>
    <message>
        <source>Sharding strategy (version 1):</source>
        <translation>切分策略（版本 1）：</translation>
    </message>
    <message>
        <source>Auto wrap policy:</source>
        <translation>自动包装策略：</translation>
    </message>
    <message>
        <source>Layer class to wrap:</source>
        <translation>要包装的层类：</translation>
    </message>
    <message>
        <source>State dict type:</source>
        <translation>状态字典类型：</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>GPU ids:</source>
        <translation>GPU 编号：</translation>
    </message>
    <message>
        <source>The machines the config is for have no GPU.</source>
        <translation>该配置所针对的机器没有 GPU。</translation>
    </message>
</context>
<context>
    <name>catapult::ExportModelDialog</name>
    <message>
        <source>Export model of run %1</source>
        <translation>导出运行 %1 的模型</translation>
    </message>
    <message>
        <source>Exported by the run:</source>
        <translation>该运行导出的：</translation>
    </message>
    <message>
        <source>LoRA adapter (PEFT: adapter_config.json, adapter_model.safetensors)</source>
        <translation>LoRA 适配器（PEFT：adapter_config.json、adapter_model.safetensors）</translation>
    </message>
    <message>
        <source>Merged model (the adapter merged into %1)</source>
        <translation>合并模型（适配器合并到 %1）</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>To the new or empty folder:</source>
        <translation>到新的或空的文件夹：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Choose the folder to export to.</source>
        <translation>请选择要导出到的文件夹。</translation>
    </message>
    <message>
        <source>Merging the adapter into the base model...</source>
        <translation>正在将适配器合并到基础模型...</translation>
    </message>
    <message>
        <source>Copying...</source>
        <translation>正在复制...</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
</context>
<context>
    <name>catapult::FineTuneForm</name>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>a Hugging Face model directory (config.json, safetensors, tokenizer.json)</source>
        <translation>Hugging Face 模型目录（config.json、safetensors、tokenizer.json）</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Model directory</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>a JSONL, JSON, CSV/TSV, Parquet or text file, or a folder of them</source>
        <translation>JSONL、JSON、CSV/TSV、Parquet 或文本文件，或包含它们的目录</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>other field names, e.g. prompt=question,completion=answer</source>
        <translation>其他字段名，例如 prompt=question,completion=answer</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>tokens per example</source>
        <translation>每个样本的词元数</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.tsv *.parquet *.txt);;All files (*)</source>
        <translation>数据集（*.jsonl *.json *.csv *.tsv *.parquet *.txt）;;所有文件（*）</translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation>全量微调</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>PEFT&apos;s default; or q_proj,v_proj, all-linear</source>
        <translation>PEFT 默认；或 q_proj,v_proj、all-linear</translation>
    </message>
    <message>
        <source>also export the merged model</source>
        <translation>同时导出合并后的模型</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>alpha</source>
        <translation>alpha</translation>
    </message>
    <message>
        <source>targets</source>
        <translation>目标模块</translation>
    </message>
    <message>
        <source>validation split</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Not a model Catapult can fine-tune: %1</source>
        <translation>不是 Catapult 可以微调的模型：%1</translation>
    </message>
    <message>
        <source>Reading the dataset with the model&apos;s tokenizer...</source>
        <translation>正在用模型的分词器读取数据集...</translation>
    </message>
    <message>
        <source>Memory per process, %1: %2 (weights %3, gradients %4, optimizer %5, activations %6)</source>
        <translation>每进程内存，%1：%2（权重 %3，梯度 %4，优化器 %5，激活 %6）</translation>
    </message>
    <message>
        <source>, %1 offloaded to CPU memory</source>
        <translation>，%1 卸载到 CPU 内存</translation>
    </message>
    <message>
        <source>, %1 offloaded to disk</source>
        <translation>，%1 卸载到磁盘</translation>
    </message>
    <message>
        <source>; %1 trained parameters</source>
        <translation>；训练参数 %1 个</translation>
    </message>
    <message>
        <source>ZeRO stage %1 in %2</source>
        <translation>ZeRO 阶段 %1，%2</translation>
    </message>
    <message>
        <source>data parallel in %1</source>
        <translation>数据并行，%1</translation>
    </message>
    <message>
        <source>, optimizer offloaded to %1</source>
        <translation>，优化器卸载到 %1</translation>
    </message>
    <message>
        <source>, parameters offloaded to %1</source>
        <translation>，参数卸载到 %1</translation>
    </message>
</context>
<context>
    <name>catapult::HangMonitor</name>
    <message>
        <source>stack of rank %1 (%2):</source>
        <translation>进程 %1 的调用栈（%2）：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>no step line and no CPU use for %1 s</source>
        <translation>%1 秒内没有步骤行，也没有 CPU 使用</translation>
    </message>
    <message>
        <source>no step line and no CPU use for %1 s; %2</source>
        <translation>%1 秒内没有步骤行，也没有 CPU 使用；%2</translation>
    </message>
    <message>
        <source>no step line and no CPU use for %1 s (hang timeout %2 s): the job looks stalled; dumping every rank&apos;s stack</source>
        <translation>%1 秒内没有步骤行，也没有 CPU 使用（挂起超时 %2 秒）：作业似乎已停滞；正在导出每个进程的调用栈</translation>
    </message>
</context>
<context>
    <name>catapult::HardwarePage</name>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Probe again</source>
        <translation>重新探测</translation>
    </message>
    <message>
        <source>The hardware probe failed: %1
The wizard continues without hardware checks.</source>
        <translation>硬件探测失败：%1
向导将在不做硬件检查的情况下继续。</translation>
    </message>
    <message>
        <source>The machines the config is for. The next pages only offer what they can run.</source>
        <translation>该配置所针对的机器。后续页面只提供这些机器能运行的选项。</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Other machines, described here (the config is prepared here and runs there)</source>
        <translation>其他机器，在此描述（配置在这里准备，在那里运行）</translation>
    </message>
    <message>
        <source>%1 (%2 GiB, compute capability %3)</source>
        <translation>%1（%2 GiB，计算能力 %3）</translation>
    </message>
    <message>
        <source>none (CPU only)</source>
        <translation>无（仅 CPU）</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>GPU:</source>
        <translation>GPU：</translation>
    </message>
    <message>
        <source>GPUs per machine:</source>
        <translation>每台机器的 GPU 数：</translation>
    </message>
    <message>
        <source>Memory per GPU:</source>
        <translation>每块 GPU 的显存：</translation>
    </message>
    <message>
        <source>CPU cores per machine:</source>
        <translation>每台机器的 CPU 核心数：</translation>
    </message>
    <message>
        <source>RAM per machine:</source>
        <translation>每台机器的内存：</translation>
    </message>
    <message numerus="yes">
        <source>The Machines tab&apos;s machines (%n), each probed over SSH</source>
        <translation>
            <numerusform>“机器”页中的机器（%n 台），逐台通过 SSH 探测</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the Machines tab&apos;s machines over SSH...</source>
        <translation>正在通过 SSH 检查“机器”页中的机器……</translation>
    </message>
    <message>
        <source>The Machines tab&apos;s machines cannot be the target: %1</source>
        <translation>“机器”页中的机器不能作为目标：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s): %1. Each has at least:</source>
        <translation>
            <numerusform>%n 台机器：%1。每台至少具备：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::HardwareReport</name>
    <message>
        <source>The hardware probe did not print a JSON document: %1</source>
        <translation>硬件探测没有输出 JSON 文档：%1</translation>
    </message>
    <message>
        <source>The hardware probe&apos;s document lacks the CPU or memory section.</source>
        <translation>硬件探测文档缺少 CPU 或内存部分。</translation>
    </message>
    <message>
        <source>Cannot start the hardware probe &apos;%1&apos;: %2</source>
        <translation>无法启动硬件探测程序“%1”：%2</translation>
    </message>
    <message>
        <source>The hardware probe &apos;%1&apos; did not finish within %2 s.</source>
        <translation>硬件探测程序“%1”未在 %2 秒内完成。</translation>
    </message>
    <message>
        <source>The hardware probe failed (exit code %1): %2</source>
        <translation>硬件探测失败（退出码 %1）：%2</translation>
    </message>
    <message>
        <source>Machine: %1, %2</source>
        <translation>机器：%1，%2</translation>
    </message>
    <message>
        <source>CPU: %1, %2 socket(s), %3 cores, %4 threads, %5 NUMA node(s)</source>
        <translation>CPU：%1，%2 个插槽，%3 个核心，%4 个线程，%5 个 NUMA 节点</translation>
    </message>
    <message>
        <source>Memory: %1 total, %2 available</source>
        <translation>内存：共 %1，可用 %2</translation>
    </message>
    <message>
        <source>GPUs: none. %1 Training runs on the CPU.</source>
        <translation>GPU：无。%1 训练将在 CPU 上运行。</translation>
    </message>
    <message>
        <source>GPU %1: %2, %3 (%4 free), compute capability %5</source>
        <translation>GPU %1：%2，%3（空闲 %4），计算能力 %5</translation>
    </message>
    <message>
        <source>, peer access to %1</source>
        <translation>，可直接访问 %1</translation>
    </message>
    <message>
        <source>, %1 NVLink link(s) active</source>
        <translation>，%1 条 NVLink 链路活动</translation>
    </message>
    <message>
        <source>CUDA runtime: %1, driver: %2, NCCL: %3</source>
        <translation>CUDA 运行时：%1，驱动：%2，NCCL：%3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>InfiniBand: %1</source>
        <translation>InfiniBand：%1</translation>
    </message>
    <message>
        <source>Free disk at %1: %2</source>
        <translation>%1 处的可用磁盘空间：%2</translation>
    </message>
    <message>
        <source>LibTorch: %1</source>
        <translation>LibTorch：%1</translation>
    </message>
    <message>
        <source>No GPU support in this build (LibTorch CPU libraries only).</source>
        <translation>此构建不支持 GPU（仅包含 LibTorch CPU 库）。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: no NVIDIA driver is installed.</source>
        <translation>未找到 NVIDIA GPU：未安装 NVIDIA 驱动。</translation>
    </message>
    <message>
        <source>No usable NVIDIA GPU: %1.</source>
        <translation>没有可用的 NVIDIA GPU：%1。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found.</source>
        <translation>未找到 NVIDIA GPU。</translation>
    </message>
</context>
<context>
    <name>catapult::HistoryWidget</name>
    <message>
        <source>Filter runs (name, status, ...)</source>
        <translation>筛选运行（名称、状态等）</translation>
    </message>
    <message>
        <source>Open charts</source>
        <translation>打开图表</translation>
    </message>
    <message>
        <source>Compare selected</source>
        <translation>比较所选</translation>
    </message>
    <message>
        <source>Relaunch</source>
        <translation>重新启动</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) from the history? Their folders stay on disk.</source>
        <translation>
            <numerusform>从历史中删除 %n 个运行？它们的目录仍保留在磁盘上。</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue the selected run from its newest usable checkpoint</source>
        <translation>从最新的可用检查点继续所选运行</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>The selected run&apos;s folder: metrics, logs, checkpoints and the exported model or adapter</source>
        <translation>所选运行的文件夹：指标、日志、检查点以及导出的模型或适配器</translation>
    </message>
    <message>
        <source>The selected runs&apos; charts overlaid, and their settings side by side</source>
        <translation>叠加显示所选运行的图表，并排显示它们的设置</translation>
    </message>
    <message>
        <source>Export model...</source>
        <translation>导出模型...</translation>
    </message>
    <message>
        <source>Copy the finished run&apos;s model or LoRA adapter (or the adapter merged into its base) to a folder</source>
        <translation>将已完成运行的模型或 LoRA 适配器（或合并到基础模型的适配器）复制到文件夹</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
</context>
<context>
    <name>catapult::HostDialog</name>
    <message>
        <source>Add machine</source>
        <translation>添加机器</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>gpu-node-1</source>
        <translation>gpu-node-1</translation>
    </message>
    <message>
        <source>the name, if empty</source>
        <translation>留空则使用名称</translation>
    </message>
    <message>
        <source>your user name, if empty</source>
        <translation>留空则使用你的用户名</translation>
    </message>
    <message>
        <source>ssh-agent and ~/.ssh keys, if empty</source>
        <translation>留空则使用 ssh-agent 和 ~/.ssh 中的密钥</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Use ssh-agent</source>
        <translation>使用 ssh-agent</translation>
    </message>
    <message>
        <source>the login directory, if empty</source>
        <translation>留空则使用登录目录</translation>
    </message>
    <message>
        <source>catapult-worker on its PATH, if empty</source>
        <translation>留空则使用其 PATH 中的 catapult-worker</translation>
    </message>
    <message>
        <source>the address, if empty</source>
        <translation>留空则使用地址</translation>
    </message>
    <message>
        <source>NCCL_SOCKET_IFNAME=eth0</source>
        <translation>NCCL_SOCKET_IFNAME=eth0</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>SSH port:</source>
        <translation>SSH 端口：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Identity file:</source>
        <translation>身份密钥文件：</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程数：</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>工作目录：</translation>
    </message>
    <message>
        <source>Worker program:</source>
        <translation>Worker 程序：</translation>
    </message>
    <message>
        <source>Reached by the others at:</source>
        <translation>其他机器访问它的地址：</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>环境变量：</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>身份密钥文件</translation>
    </message>
    <message>
        <source>The name must be one word.</source>
        <translation>名称必须是一个单词。</translation>
    </message>
    <message>
        <source>Environment lines are NAME=VALUE, not &apos;%1&apos;.</source>
        <translation>环境变量行应为 NAME=VALUE，而不是“%1”。</translation>
    </message>
</context>
<context>
    <name>catapult::HostListModel</name>
    <message>
        <source>(you)</source>
        <translation>（你）</translation>
    </message>
    <message>
        <source>key %1, then ssh-agent</source>
        <translation>密钥 %1，其次 ssh-agent</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message>
        <source>ssh-agent, default keys</source>
        <translation>ssh-agent、默认密钥</translation>
    </message>
    <message>
        <source>default keys</source>
        <translation>默认密钥</translation>
    </message>
    <message>
        <source>(login directory)</source>
        <translation>（登录目录）</translation>
    </message>
    <message>
        <source>machine %1</source>
        <translation>机器 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录方式</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
</context>
<context>
    <name>catapult::HostsWidget</name>
    <message>
        <source>Add...</source>
        <translation>添加...</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>编辑...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Import hostfile...</source>
        <translation>导入 hostfile...</translation>
    </message>
    <message>
        <source>Import ~/.ssh/config</source>
        <translation>导入 ~/.ssh/config</translation>
    </message>
    <message>
        <source>Check machines</source>
        <translation>检查机器</translation>
    </message>
    <message>
        <source>Machine 0 runs the main process. Check connects to every machine and runs the pre-flight.</source>
        <translation>机器 0 运行主进程。“检查”会连接每台机器并执行启动前检查。</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>There is already a machine named %1.</source>
        <translation>已有名为 %1 的机器。</translation>
    </message>
    <message>
        <source>Import hostfile</source>
        <translation>导入 hostfile</translation>
    </message>
    <message>
        <source>Imported %1 machine(s) from %2.</source>
        <translation>已从 %2 导入 %1 台机器。</translation>
    </message>
    <message>
        <source>Imported %1 Host entr(ies) from %2; set their processes with Edit.</source>
        <translation>已从 %2 导入 %1 个 Host 条目；请用“编辑”设置它们的进程数。</translation>
    </message>
    <message>
        <source>Every machine is ready.</source>
        <translation>所有机器均已就绪。</translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed: %1</source>
        <translation>
            <numerusform>%n 项检查失败：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::JobController</name>
    <message>
        <source>There are no machines to run on: add them on the Machines tab.</source>
        <translation>没有可运行的机器：请在“机器”标签页中添加。</translation>
    </message>
</context>
<context>
    <name>catapult::JobExecutor</name>
    <message>
        <source>rank %1</source>
        <translation>rank %1</translation>
    </message>
    <message>
        <source>%1 exited with code %2</source>
        <translation>%1 以退出码 %2 退出</translation>
    </message>
    <message>
        <source>%1 was killed by signal %2 (%3)</source>
        <translation>%1 被信号 %2（%3）终止</translation>
    </message>
</context>
<context>
    <name>catapult::JobPanel</name>
    <message>
        <source>Where</source>
        <translation>在哪里运行</translation>
    </message>
    <message>
        <source>Accelerate&apos;s default config, if there is one</source>
        <translation>Accelerate 的默认配置（如果存在）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>from the config</source>
        <translation>取自配置</translation>
    </message>
    <message>
        <source>CPU only (--cpu)</source>
        <translation>仅用 CPU（--cpu）</translation>
    </message>
    <message>
        <source>Config file:</source>
        <translation>配置文件：</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程数：</translation>
    </message>
    <message>
        <source>What</source>
        <translation>运行什么</translation>
    </message>
    <message>
        <source>Built-in GPT recipe</source>
        <translation>内置 GPT 训练配方</translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>程序：</translation>
    </message>
    <message>
        <source>default: the licence texts every Debian system ships</source>
        <translation>默认：每个 Debian 系统自带的许可证文本</translation>
    </message>
    <message>
        <source>e.g. train.py --epochs 3, or /path/to/program args</source>
        <translation>例如 train.py --epochs 3，或 /path/to/program 参数</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>heads</source>
        <translation>头数</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>seq</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Training:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation>语料：</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>Log of:</source>
        <translation>日志来源：</translation>
    </message>
    <message>
        <source>Config file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Accelerate config (*.yaml *.yml *.json)</source>
        <translation>Accelerate 配置（*.yaml *.yml *.json）</translation>
    </message>
    <message>
        <source>Not started: %1</source>
        <translation>未启动：%1</translation>
    </message>
    <message>
        <source>Running: %1 process(es); config: %2; folder %3</source>
        <translation>运行中：%1 个进程；配置：%2；目录 %3</translation>
    </message>
    <message>
        <source>none (built-in defaults)</source>
        <translation>无（使用内置默认值）</translation>
    </message>
    <message>
        <source>Stopping every rank...</source>
        <translation>正在停止所有 rank...</translation>
    </message>
    <message>
        <source>Finished successfully (exit code 0).</source>
        <translation>成功完成（退出码 0）。</translation>
    </message>
    <message>
        <source>Stopped; every rank was stopped (exit code %1).</source>
        <translation>已停止；所有 rank 均已停止（退出码 %1）。</translation>
    </message>
    <message>
        <source>Failed: %1 (exit code %2).</source>
        <translation>失败：%1（退出码 %2）。</translation>
    </message>
    <message>
        <source>all ranks</source>
        <translation>所有 rank</translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation>rank %1</translation>
    </message>
    <message>
        <source>Checking the machines before the start...</source>
        <translation>启动前正在检查机器...</translation>
    </message>
    <message>
        <source>end and stop only</source>
        <translation>仅在结束和停止时</translation>
    </message>
    <message>
        <source>Write a checkpoint every N steps (one is always written at the end and when the job is stopped), keeping the newest 3.</source>
        <translation>每 N 步写一个检查点（结束时和作业停止时总会写一个），保留最新的 3 个。</translation>
    </message>
    <message>
        <source>The next start resumes run %1 from its newest usable checkpoint.</source>
        <translation>下次启动将从最新的可用检查点继续运行 %1。</translation>
    </message>
    <message>
        <source>On the Machines tab&apos;s machines</source>
        <translation>在“机器”标签页的机器上运行</translation>
    </message>
    <message>
        <source>Run on the machines of the Machines tab; the processes are their slots.</source>
        <translation>在“机器”标签页的机器上运行；进程数为它们的槽位数。</translation>
    </message>
    <message>
        <source>more catapult launch flags, e.g. --mixed_precision bf16 --gpu_ids 0,1</source>
        <translation>更多 catapult launch 参数，例如 --mixed_precision bf16 --gpu_ids 0,1</translation>
    </message>
    <message>
        <source>More flags:</source>
        <translation>更多参数：</translation>
    </message>
    <message>
        <source>more catapult-worker train flags, e.g. --seed 3 --on_nan skip</source>
        <translation>更多 catapult-worker train 参数，例如 --seed 3 --on_nan skip</translation>
    </message>
    <message>
        <source>every</source>
        <translation>每</translation>
    </message>
    <message>
        <source>Checkpoints:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Fine-tune a Hugging Face model on a dataset</source>
        <translation>在数据集上微调 Hugging Face 模型</translation>
    </message>
    <message>
        <source>GPT shape:</source>
        <translation>GPT 结构：</translation>
    </message>
    <message>
        <source>Save job...</source>
        <translation>保存作业...</translation>
    </message>
    <message>
        <source>Load job...</source>
        <translation>加载作业...</translation>
    </message>
    <message>
        <source>Save job</source>
        <translation>保存作业</translation>
    </message>
    <message>
        <source>Catapult job (*.json)</source>
        <translation>Catapult 作业（*.json）</translation>
    </message>
    <message>
        <source>Saved the job to %1; run it with catapult launch --job %1</source>
        <translation>已将作业保存到 %1；可用 catapult launch --job %1 运行</translation>
    </message>
    <message>
        <source>Load job</source>
        <translation>加载作业</translation>
    </message>
    <message>
        <source>Loaded the job %1.</source>
        <translation>已加载作业 %1。</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Filled the form from the template &quot;%1&quot;.</source>
        <translation>已用模板“%1”填写表单。</translation>
    </message>
</context>
<context>
    <name>catapult::JobProgress</name>
    <message>
        <source>%v / %m steps</source>
        <translation>%v / %m 步</translation>
    </message>
    <message>
        <source>No step yet.</source>
        <translation>还没有步。</translation>
    </message>
</context>
<context>
    <name>catapult::LaunchSession</name>
    <message>
        <source>--machine_rank %1 needs the main process&apos;s port: pass --main_process_port.</source>
        <translation>--machine_rank %1 需要主进程的端口：请传入 --main_process_port。</translation>
    </message>
    <message>
        <source>port %1 is %2; using free port %3</source>
        <translation>端口 %1 %2；改用空闲端口 %3</translation>
    </message>
    <message>
        <source>0 (pick one)</source>
        <translation>为 0（自动选择）</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>已被占用</translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation>rank %1</translation>
    </message>
    <message>
        <source>A job is already running; stop it first.</source>
        <translation>已有作业在运行；请先停止它。</translation>
    </message>
    <message numerus="yes">
        <source>pre-flight of %n host(s)</source>
        <translation>
            <numerusform>对 %n 台主机进行启动前检查</numerusform>
        </translation>
    </message>
    <message>
        <source>config file: none (built-in defaults)</source>
        <translation>配置文件：无（使用内置默认值）</translation>
    </message>
    <message>
        <source>config file: %1</source>
        <translation>配置文件：%1</translation>
    </message>
    <message>
        <source>machine %1 of %2 (ranks %3 to %4 of %5), main process %6:%7</source>
        <translation>第 %1 台机器，共 %2 台（进程序号 %3 到 %4，共 %5 个），主进程 %6:%7</translation>
    </message>
    <message>
        <source>%1 process(es), %2, run directory %3</source>
        <translation>%1 个进程，%2，运行目录 %3</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU if present</source>
        <translation>有 GPU 时使用 GPU</translation>
    </message>
    <message>
        <source>command: %1</source>
        <translation>命令：%1</translation>
    </message>
    <message>
        <source>stopped before the start</source>
        <translation>在启动前已停止</translation>
    </message>
    <message>
        <source>pre-flight failed: %1</source>
        <translation>启动前检查失败：%1</translation>
    </message>
    <message>
        <source>not starting; pre-flight failed:</source>
        <translation>未启动；启动前检查失败：</translation>
    </message>
    <message>
        <source>%1 process(es) on %2 machines: %3; main process %4:%5</source>
        <translation>%1 个进程，分布在 %2 台机器上：%3；主进程 %4:%5</translation>
    </message>
    <message>
        <source>%1; stopping every rank</source>
        <translation>%1；正在停止所有进程</translation>
    </message>
    <message>
        <source>first step %1 s after launch (pre-flight included)</source>
        <translation>启动后 %1 秒完成第一步（含启动前检查）</translation>
    </message>
    <message>
        <source>restart %1 of %2 from the start (no checkpoint was written), run directory %3</source>
        <translation>第 %1 次重启（共 %2 次），从头开始（未写入检查点），运行目录 %3</translation>
    </message>
    <message>
        <source>restart %1 of %2 from the newest checkpoint of %3, run directory %4</source>
        <translation>第 %1 次重启（共 %2 次），从 %3 的最新检查点继续，运行目录 %4</translation>
    </message>
    <message>
        <source>this run is not in the history: %1</source>
        <translation>此运行未记入历史：%1</translation>
    </message>
    <message>
        <source>hang policy wait: the job keeps running (stop it, or pass --hang_policy stop)</source>
        <translation>挂起策略 wait：作业继续运行（可手动停止，或传入 --hang_policy stop）</translation>
    </message>
    <message>
        <source>the job stalled; rank %1&apos;s stack differs from the rest</source>
        <translation>作业停滞；进程 %1 的调用栈与其余进程不同</translation>
    </message>
    <message>
        <source>the job stalled</source>
        <translation>作业停滞</translation>
    </message>
    <message>
        <source>the loss reported at step %1 is not a finite number</source>
        <translation>第 %1 步报告的损失不是有限数</translation>
    </message>
    <message>
        <source>--slurm: sbatch is not on PATH; submit from a Slurm login node (or write the script with catapult export slurm).</source>
        <translation>--slurm：PATH 中没有 sbatch；请在 Slurm 登录节点上提交（或用 catapult export slurm 写出脚本）。</translation>
    </message>
    <message numerus="yes">
        <source>started by mpirun on the %n machine(s) of %1</source>
        <translation>
            <numerusform>由 mpirun 在 %1 的 %n 台机器上启动</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>a Slurm job on %n node(s), each running its share of the ranks</source>
        <translation>
            <numerusform>一个在 %n 个节点上的 Slurm 作业，每个节点运行它那份进程</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::LocalExecutor</name>
    <message>
        <source>%1 could not start &apos;%2&apos;: %3</source>
        <translation>%1 无法启动“%2”：%3</translation>
    </message>
</context>
<context>
    <name>catapult::LogModel</name>
    <message>
        <source>Rank</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>catapult</source>
        <translation>catapult</translation>
    </message>
</context>
<context>
    <name>catapult::MachinesPage</name>
    <message>
        <source>Machines</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>Train on this machine, or on several. num_processes is the total over all machines, as in Accelerate. SSH hosts are managed with the remote launcher.</source>
        <translation>在本机或多台机器上训练。与 Accelerate 相同，num_processes 是所有机器上的进程总数。SSH 主机由远程启动器管理。</translation>
    </message>
    <message>
        <source>This machine only</source>
        <translation>仅本机</translation>
    </message>
    <message>
        <source>Several machines</source>
        <translation>多台机器</translation>
    </message>
    <message>
        <source>address of machine 0, as the others reach it</source>
        <translation>其他机器访问 0 号机器所用的地址</translation>
    </message>
    <message>
        <source>Machines:</source>
        <translation>机器数：</translation>
    </message>
    <message>
        <source>Processes per machine:</source>
        <translation>每台机器的进程数：</translation>
    </message>
    <message>
        <source>Main process address:</source>
        <translation>主进程地址：</translation>
    </message>
    <message>
        <source>Main process port (0: pick a free one):</source>
        <translation>主进程端口（0：自动选择空闲端口）：</translation>
    </message>
    <message>
        <source>Total processes (num_processes): %1</source>
        <translation>进程总数（num_processes）：%1</translation>
    </message>
    <message>
        <source>Several machines need the main process address: the address of machine 0 as the other machines reach it.</source>
        <translation>多台机器需要主进程地址：即其他机器访问 0 号机器所用的地址。</translation>
    </message>
</context>
<context>
    <name>catapult::MainWindow</name>
    <message>
        <source>Catapult</source>
        <translation>Catapult</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>作业</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Setup &amp;wizard...</source>
        <translation>设置向导(&amp;W)...</translation>
    </message>
    <message>
        <source>&amp;Import config...</source>
        <translation>导入配置(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Export config...</source>
        <translation>导出配置(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Catapult</source>
        <translation>关于 Catapult(&amp;A)</translation>
    </message>
    <message>
        <source>About Catapult</source>
        <translation>关于 Catapult</translation>
    </message>
    <message>
        <source>Run history unavailable: %1</source>
        <translation>运行历史不可用：%1</translation>
    </message>
    <message>
        <source>current run</source>
        <translation>当前运行</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Import config</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>Accelerate config (*.yaml *.yml *.json)</source>
        <translation>Accelerate 配置（*.yaml *.yml *.json）</translation>
    </message>
    <message>
        <source>Using %1.</source>
        <translation>正在使用 %1。</translation>
    </message>
    <message>
        <source>Export config</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml);;JSON (*.json)</source>
        <translation>YAML（*.yaml *.yml）;;JSON（*.json）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes the next time Catapult starts.</source>
        <translation>语言将在下次启动 Catapult 时生效。</translation>
    </message>
    <message>
        <source>Config: none (built-in defaults)</source>
        <translation>配置：无（使用内置默认值）</translation>
    </message>
    <message>
        <source>Config: %1</source>
        <translation>配置：%1</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>run %1 (resumed from run %2)</source>
        <translation>运行 %1（恢复自运行 %2）</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>&lt;b&gt;Catapult %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Catapult %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Distributed, mixed-precision and offloaded training on your machines, with Accelerate-compatible configs.</source>
        <translation>在你的机器上进行分布式、混合精度和卸载训练，配置与 Accelerate 兼容。</translation>
    </message>
</context>
<context>
    <name>catapult::MemoryPage</name>
    <message>
        <source>Built-in default (4 layers, width 128)</source>
        <translation>内置默认（4 层，宽度 128）</translation>
    </message>
    <message>
        <source>GPT-2 small shape (12 layers, width 768)</source>
        <translation>GPT-2 small 规模（12 层，宽度 768）</translation>
    </message>
    <message>
        <source>GPT-2 medium shape (24 layers, width 1024)</source>
        <translation>GPT-2 medium 规模（24 层，宽度 1024）</translation>
    </message>
    <message>
        <source>GPT-2 XL shape (48 layers, width 1600)</source>
        <translation>GPT-2 XL 规模（48 层，宽度 1600）</translation>
    </message>
    <message>
        <source>7B shape (32 layers, width 4096)</source>
        <translation>7B 规模（32 层，宽度 4096）</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Offload, accumulation and recomputation trade speed for memory. The estimate below is per device for the chosen model.</source>
        <translation>卸载、梯度累积和重计算以速度换取内存。下面是所选模型在每个设备上的估计。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>CPU memory</source>
        <translation>CPU 内存</translation>
    </message>
    <message>
        <source>disk (nvme)</source>
        <translation>磁盘（nvme）</translation>
    </message>
    <message>
        <source>Activation checkpointing (recompute activations in backward)</source>
        <translation>激活检查点（反向传播时重新计算激活）</translation>
    </message>
    <message>
        <source>Offload optimizer state to:</source>
        <translation>优化器状态卸载到：</translation>
    </message>
    <message>
        <source>Optimizer offload folder:</source>
        <translation>优化器卸载目录：</translation>
    </message>
    <message>
        <source>Offload parameters to:</source>
        <translation>参数卸载到：</translation>
    </message>
    <message>
        <source>Parameter offload folder:</source>
        <translation>参数卸载目录：</translation>
    </message>
    <message>
        <source>Gradient accumulation steps:</source>
        <translation>梯度累积步数：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Micro-batch per process:</source>
        <translation>每个进程的微批大小：</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>部分</translation>
    </message>
</context>
<context>
    <name>catapult::ModelSummary</name>
    <message>
        <source>%1 · %2 parameters · %3 · context %4 tokens · %5 tokenizer · %6</source>
        <translation>%1 · %2 参数 · %3 · 上下文 %4 词元 · %5 分词器 · %6</translation>
    </message>
    <message>
        <source>has a chat template</source>
        <translation>有对话模板</translation>
    </message>
    <message>
        <source>no chat template (chatml is used for conversations)</source>
        <translation>没有对话模板（对话使用 chatml）</translation>
    </message>
</context>
<context>
    <name>catapult::MpiExecutor</name>
    <message>
        <source>%1 is an mpirun hostfile, but neither mpirun nor mpiexec is on PATH (Debian: openmpi-bin).</source>
        <translation>%1 是 mpirun 主机文件，但 PATH 中既没有 mpirun 也没有 mpiexec（Debian：openmpi-bin）。</translation>
    </message>
    <message>
        <source>could not start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
</context>
<context>
    <name>catapult::PrecisionPage</name>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Mixed precision keeps fp32 master weights and computes in a narrower format.</source>
        <translation>混合精度保留 fp32 主权重，并用更窄的格式计算。</translation>
    </message>
    <message>
        <source>no (fp32)</source>
        <translation>no（fp32）</translation>
    </message>
    <message>
        <source>fp16 (with dynamic loss scaling)</source>
        <translation>fp16（使用动态损失缩放）</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>fp8 (Hopper/Ada tensor cores; emulated on CPU)</source>
        <translation>fp8（Hopper/Ada 张量核心；在 CPU 上模拟）</translation>
    </message>
    <message>
        <source>FP8 recipe</source>
        <translation>FP8 方案</translation>
    </message>
    <message>
        <source>TE (TransformerEngine-style recipe)</source>
        <translation>TE（TransformerEngine 风格方案）</translation>
    </message>
    <message>
        <source>AO (torchao-style)</source>
        <translation>AO（torchao 风格）</translation>
    </message>
    <message>
        <source>MSAMP</source>
        <translation>MSAMP</translation>
    </message>
    <message>
        <source>HYBRID (e4m3 forward, e5m2 gradients)</source>
        <translation>HYBRID（前向 e4m3，梯度 e5m2）</translation>
    </message>
    <message>
        <source>E4M3</source>
        <translation>E4M3</translation>
    </message>
    <message>
        <source>Delayed scaling (amax history)</source>
        <translation>延迟缩放（amax 历史）</translation>
    </message>
    <message>
        <source>Current scaling (this step&apos;s amax)</source>
        <translation>即时缩放（本步的 amax）</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Scaling:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <source>Amax history length:</source>
        <translation>amax 历史长度：</translation>
    </message>
    <message>
        <source>Amax from the history:</source>
        <translation>从历史中取 amax 的方式：</translation>
    </message>
    <message>
        <source>Margin (powers of 2):</source>
        <translation>余量（2 的幂）：</translation>
    </message>
    <message>
        <source>Scale update interval (steps):</source>
        <translation>缩放更新间隔（步）：</translation>
    </message>
    <message>
        <source>Mixed precision:</source>
        <translation>混合精度：</translation>
    </message>
    <message>
        <source>On the CPU, fp8 is emulated exactly and slowly: good for checking numerics.</source>
        <translation>在 CPU 上，fp8 是精确但缓慢的模拟：适合检查数值。</translation>
    </message>
    <message>
        <source>On the CPU, bf16 is the better half-precision format.</source>
        <translation>在 CPU 上，bf16 是更好的半精度格式。</translation>
    </message>
    <message>
        <source>These GPUs have no FP8 tensor cores (compute capability 8.9 or newer needed).</source>
        <translation>这些 GPU 没有 FP8 张量核心（需要计算能力 8.9 或更高）。</translation>
    </message>
    <message>
        <source>bf16 needs compute capability 8.0 or newer.</source>
        <translation>bf16 需要计算能力 8.0 或更高。</translation>
    </message>
</context>
<context>
    <name>catapult::PreflightModel</name>
    <message>
        <source>ok</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>programs</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <source>gpus</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
</context>
<context>
    <name>catapult::Progress</name>
    <message>
        <source>step %1 | loss %2 | %3 tok/s | %4 elapsed</source>
        <translation>第 %1 步 | 损失 %2 | %3 tok/s | 已用 %4</translation>
    </message>
    <message>
        <source> | ETA %1</source>
        <translation> | 预计剩余 %1</translation>
    </message>
    <message>
        <source>step %1 | loss %2 | %3 elapsed</source>
        <translation>第 %1 步 | 损失 %2 | 已用 %3</translation>
    </message>
    <message>
        <source> | eval loss %1</source>
        <translation> | 验证损失 %1</translation>
    </message>
</context>
<context>
    <name>catapult::RemoteExecutor</name>
    <message>
        <source>rank %1 on %2</source>
        <translation>%2 上的 rank %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>catapult: Catapult&apos;s Python package could not be copied to %1 (%2); its Python ranks report only what the launcher samples</source>
        <translation>catapult：无法将 Catapult 的 Python 包复制到 %1（%2）；其 Python 进程只报告启动器采样到的数据</translation>
    </message>
</context>
<context>
    <name>catapult::RemoteRankGroup</name>
    <message>
        <source>the connection to %1 was lost (%2)</source>
        <translation>与 %1 的连接已断开（%2）</translation>
    </message>
    <message>
        <source>the connection to %1 was closed (%2)</source>
        <translation>与 %1 的连接已关闭（%2）</translation>
    </message>
    <message>
        <source>%1 stopped responding: no data for %2 s</source>
        <translation>%1 停止响应：%2 秒内没有数据</translation>
    </message>
    <message>
        <source>no stack: neither py-spy nor gdb could read it on %1</source>
        <translation>无调用栈：%1 上的 py-spy 和 gdb 都无法读取</translation>
    </message>
</context>
<context>
    <name>catapult::ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>The Accelerate config these answers make. Accelerate itself can load this file.</source>
        <translation>根据这些回答生成的 Accelerate 配置。Accelerate 本身可以加载此文件。</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Save as default</source>
        <translation>保存为默认配置</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>校验：</translation>
    </message>
    <message>
        <source>%1 error(s): fix them before saving or launching.</source>
        <translation>%1 个错误：请在保存或启动前修正。</translation>
    </message>
    <message>
        <source>No errors. %1 finding(s).</source>
        <translation>没有错误。共 %1 条检查结果。</translation>
    </message>
    <message>
        <source>Save config</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Export config</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml);;JSON (*.json)</source>
        <translation>YAML（*.yaml *.yml）;;JSON（*.json）</translation>
    </message>
</context>
<context>
    <name>catapult::RunCompareModel</name>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
</context>
<context>
    <name>catapult::RunCompareWidget</name>
    <message>
        <source>Only differences</source>
        <translation>仅显示差异</translation>
    </message>
    <message numerus="yes">
        <source>Settings of %n run(s): %1 differ</source>
        <translation>
            <numerusform>%n 个运行的设置：%1 项不同</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Settings of %n run(s): %1 of %2 differ (marked)</source>
        <translation>
            <numerusform>%n 个运行的设置：%2 项中 %1 项不同（已标记）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>catapult::RunListModel</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed (rank %1)</source>
        <translation>失败（rank %1）</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/秒</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Resumed from</source>
        <translation>恢复自</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
</context>
<context>
    <name>catapult::RunStore</name>
    <message>
        <source>Cannot open the run store %1: %2</source>
        <translation>无法打开运行记录库 %1：%2</translation>
    </message>
    <message>
        <source>The run store %1 is damaged (SQLite quick_check failed). Move it away; Catapult will start a new one, and runs can be re-imported from their folders.</source>
        <translation>运行记录库 %1 已损坏（SQLite quick_check 失败）。请将其移走；Catapult 会新建一个，运行可以从各自目录重新导入。</translation>
    </message>
    <message>
        <source>creating the meta table</source>
        <translation>创建 meta 表</translation>
    </message>
    <message>
        <source>The run store %1 has schema version %2, newer than this Catapult (%3). Use a newer Catapult or another store (CATAPULT_STORE).</source>
        <translation>运行记录库 %1 的结构版本为 %2，比当前 Catapult 支持的（%3）更新。请使用更新的 Catapult 或另一个记录库（CATAPULT_STORE）。</translation>
    </message>
    <message>
        <source>starting a migration</source>
        <translation>开始迁移</translation>
    </message>
    <message>
        <source>migration to schema version %1</source>
        <translation>迁移到结构版本 %1</translation>
    </message>
    <message>
        <source>recording schema version %1</source>
        <translation>记录结构版本 %1</translation>
    </message>
    <message>
        <source>recording a new run</source>
        <translation>记录新的运行</translation>
    </message>
    <message>
        <source>recording the end of run %1</source>
        <translation>记录运行 %1 的结束</translation>
    </message>
    <message>
        <source>starting a batch</source>
        <translation>开始批量写入</translation>
    </message>
    <message>
        <source>storing steps</source>
        <translation>保存训练步</translation>
    </message>
    <message>
        <source>storing memory samples</source>
        <translation>保存内存采样</translation>
    </message>
    <message>
        <source>storing events</source>
        <translation>保存事件</translation>
    </message>
    <message>
        <source>committing a batch</source>
        <translation>提交批量写入</translation>
    </message>
    <message>
        <source>clearing the series of run %1</source>
        <translation>清除运行 %1 的数据序列</translation>
    </message>
    <message>
        <source>deleting run %1</source>
        <translation>删除运行 %1</translation>
    </message>
    <message>
        <source>%1 has no metrics.jsonl; it is not a run directory.</source>
        <translation>%1 中没有 metrics.jsonl；它不是运行目录。</translation>
    </message>
    <message>
        <source>The recording process ended before the run did; series re-imported from metrics.jsonl.</source>
        <translation>记录进程在运行结束前退出；数据序列已从 metrics.jsonl 重新导入。</translation>
    </message>
    <message>
        <source>The recording process ended before the run did, and the run left no metrics.jsonl.</source>
        <translation>记录进程在运行结束前退出，且该运行没有留下 metrics.jsonl。</translation>
    </message>
    <message>
        <source>saving the hosts</source>
        <translation>保存主机列表</translation>
    </message>
    <message>
        <source>Run store: %1 failed: %2</source>
        <translation>运行记录库：%1 失败：%2</translation>
    </message>
    <message>
        <source>storing scalars</source>
        <translation>存储标量</translation>
    </message>
</context>
<context>
    <name>catapult::SetupWizard</name>
    <message>
        <source>Catapult setup</source>
        <translation>Catapult 设置</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>catapult::SlurmExecutor</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>sbatch not found: is this a Slurm login node?</source>
        <translation>找不到 sbatch：这是 Slurm 登录节点吗？</translation>
    </message>
    <message>
        <source>sbatch refused the job: %1</source>
        <translation>sbatch 拒绝了作业：%1</translation>
    </message>
    <message>
        <source>submitted as Slurm job %1 (%2 node(s), %3/job.sbatch)
</source>
        <translation>已作为 Slurm 作业 %1 提交（%2 个节点，%3/job.sbatch）
</translation>
    </message>
    <message>
        <source>Slurm job %1 ended %2 (exit code %3)</source>
        <translation>Slurm 作业 %1 以 %2 结束（退出码 %3）</translation>
    </message>
    <message>
        <source>unknown to Slurm</source>
        <translation>Slurm 已不知道它</translation>
    </message>
</context>
<context>
    <name>catapult::SshSession</name>
    <message>
        <source>Out of memory creating an SSH session.</source>
        <translation>创建 SSH 会话时内存不足。</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>Cannot check the host key of %1: %2</source>
        <translation>无法检查 %1 的主机密钥：%2</translation>
    </message>
    <message>
        <source>WARNING: the host key of %1 has changed. %2 records %3; the host now offers %4 (%5). Someone may be intercepting the connection, or the host was reinstalled. Not connecting. If you know why it changed, remove the old entry with: ssh-keygen -R %6 -f %2</source>
        <translation>警告：%1 的主机密钥已改变。%2 中记录的是 %3；该主机现在提供的是 %4（%5）。可能有人在截获连接，也可能主机被重装。不会连接。如果你知道它改变的原因，请用以下命令删除旧条目：ssh-keygen -R %6 -f %2</translation>
    </message>
    <message>
        <source>another key</source>
        <translation>另一个密钥</translation>
    </message>
    <message>
        <source>The host key of %1 (%2 %3) was not trusted. Not connecting.</source>
        <translation>未信任 %1 的主机密钥（%2 %3）。不会连接。</translation>
    </message>
    <message>
        <source>The host key of %1 is not known: %2 %3. Not connecting. Check the fingerprint with the host&apos;s administrator, then pass --accept_new_host_keys to record it in %4 (or add it there yourself).</source>
        <translation>%1 的主机密钥未知：%2 %3。不会连接。请与主机管理员核对指纹，然后传入 --accept_new_host_keys 将其记录到 %4（或自行添加到该文件）。</translation>
    </message>
    <message>
        <source>Cannot record the host key of %1 in %2: %3</source>
        <translation>无法将 %1 的主机密钥记录到 %2：%3</translation>
    </message>
    <message>
        <source>Cannot read the identity file %1 for %2: %3</source>
        <translation>无法读取用于 %2 的身份密钥文件 %1：%3</translation>
    </message>
    <message>
        <source>The key %1 for %2 is protected by a passphrase and nothing can ask for it here. Add it to ssh-agent (ssh-add %1) and set agent=yes, or launch from the desktop app.</source>
        <translation>用于 %2 的密钥 %1 受口令保护，而此处无法询问口令。请将其加入 ssh-agent（ssh-add %1）并设置 agent=yes，或从桌面应用启动。</translation>
    </message>
    <message>
        <source>Passphrase for %1 (to log in to %2):</source>
        <translation>%1 的口令（用于登录 %2）：</translation>
    </message>
    <message>
        <source>No passphrase given for %1; not connecting to %2.</source>
        <translation>未提供 %1 的口令；不会连接 %2。</translation>
    </message>
    <message>
        <source>Wrong passphrase for the key %1 (for %2).</source>
        <translation>密钥 %1 的口令错误（用于 %2）。</translation>
    </message>
    <message>
        <source>%1 is not a private key that can be used for %2.</source>
        <translation>%1 不是可用于 %2 的私钥。</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message>
        <source>the key %1 was refused</source>
        <translation>密钥 %1 被拒绝</translation>
    </message>
    <message>
        <source>no ssh-agent is running (SSH_AUTH_SOCK is not set)</source>
        <translation>没有运行 ssh-agent（未设置 SSH_AUTH_SOCK）</translation>
    </message>
    <message>
        <source>ssh-agent</source>
        <translation>ssh-agent</translation>
    </message>
    <message>
        <source>ssh-agent offered no key the host accepts</source>
        <translation>ssh-agent 中没有主机接受的密钥</translation>
    </message>
    <message>
        <source>default key in ~/.ssh</source>
        <translation>~/.ssh 中的默认密钥</translation>
    </message>
    <message>
        <source>no default key in ~/.ssh was accepted</source>
        <translation>~/.ssh 中的默认密钥均未被接受</translation>
    </message>
    <message>
        <source>%1 asks: %2</source>
        <translation>%1 询问：%2</translation>
    </message>
    <message>
        <source>Login to %1 cancelled.</source>
        <translation>已取消登录 %1。</translation>
    </message>
    <message>
        <source>keyboard-interactive</source>
        <translation>键盘交互</translation>
    </message>
    <message>
        <source>keyboard-interactive login failed</source>
        <translation>键盘交互登录失败</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>%1 的密码：</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>the password was refused</source>
        <translation>密码被拒绝</translation>
    </message>
    <message>
        <source>Authentication to %1 failed: %2. The host accepts: %3.</source>
        <translation>登录 %1 失败：%2。该主机接受：%3。</translation>
    </message>
    <message>
        <source>no method could be tried</source>
        <translation>没有可尝试的方式</translation>
    </message>
    <message>
        <source>nothing offered</source>
        <translation>未提供任何方式</translation>
    </message>
    <message>
        <source>Cannot open a channel to %1: %2</source>
        <translation>无法打开到 %1 的通道：%2</translation>
    </message>
    <message>
        <source>Cannot run a command on %1: %2</source>
        <translation>无法在 %1 上运行命令：%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; on %2 did not finish within %3 s</source>
        <translation>%2 上的“%1”未在 %3 秒内完成</translation>
    </message>
    <message>
        <source>connection lost: %1</source>
        <translation>连接已断开：%1</translation>
    </message>
</context>
<context>
    <name>catapult::StackDumper</name>
    <message>
        <source>no stack: %1 %2</source>
        <translation>无调用栈：%1 %2</translation>
    </message>
    <message>
        <source>is not installed</source>
        <translation>未安装</translation>
    </message>
</context>
<context>
    <name>catapult::main</name>
    <message>
        <source>catapult: unknown command &apos;%1&apos;</source>
        <translation>catapult：未知命令“%1”</translation>
    </message>
    <message>
        <source>catapult: cannot start %1: %2</source>
        <translation>catapult：无法启动 %1：%2</translation>
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
        <translation>用法：catapult [--gui]               桌面应用
  或：  catapult launch [accelerate launch flags] [-- PROGRAM ARGS...]
  或：  catapult config --default | --import FILE | --export FILE | --show
  或：  catapult env [--config_file PATH]
  或：  catapult launch --hosts HOSTFILE [...]   通过 SSH 在多台机器上
  或：  catapult launch --slurm [--nodes N] [--partition P] [--time T] [...]   Slurm 作业，在此跟踪
  或：  catapult export slurm [the same flags] [--output FILE]   它的 sbatch 脚本
  或：  catapult runs [list | show ID | import DIR | delete ID | export ID --to DIR | compare ID ID...]
  或：  catapult hosts [list | add | edit | remove | import | import-ssh-config | export | check]
  或：  catapult estimate-memory [模型与设置参数]
  或：  catapult generate --model DIR [--adapter DIR] [--device_map auto [--max_memory cpu=SIZE] [--offload_folder DIR]] --prompt TEXT | --chat [采样参数]
  或：  catapult --version
</translation>
    </message>
</context>
</TS>
