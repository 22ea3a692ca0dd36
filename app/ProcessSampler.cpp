#include "ProcessSampler.h"

#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QSet>

#include "NvmlLibrary.h"

namespace catapult {
namespace {

struct ProcStat {
    qint64 pid = 0, group = 0;
    double cpuSeconds = 0, childCpuSeconds = 0;
    qint64 rssBytes = 0;
};

// /proc/PID/stat, read after the command name's closing parenthesis (the name may hold spaces).
bool readStat(qint64 pid, ProcStat& out) {
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray text = f.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0) return false;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 22) return false;
    static const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    static const qint64 page = ::sysconf(_SC_PAGESIZE);
    out.pid = pid;
    out.group = fields[2].toLongLong();
    out.cpuSeconds = (fields[11].toDouble() + fields[12].toDouble()) / ticks;
    out.childCpuSeconds = (fields[13].toDouble() + fields[14].toDouble()) / ticks;
    out.rssBytes = fields[21].toLongLong() * page;
    return true;
}

// Pss of /proc/PID/smaps_rollup in bytes; -1 where it cannot be read (another user's process).
qint64 readPss(qint64 pid) {
    QFile f(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (QByteArray line = f.readLine(); !line.isEmpty(); line = f.readLine())
        if (line.startsWith("Pss:")) return line.mid(4).trimmed().split(' ').value(0).toLongLong() * 1024;
    return -1;
}

void addGpu(RankUsage& u, const QSet<qint64>& pids, const NvmlLibrary& nvml) {
    if (!nvml.available()) return;
    const std::vector<double> util = nvml.utilization();
    u.gpuBytes = 0;
    for (const GpuProcess& p : nvml.computeProcesses()) {
        if (!pids.contains(p.pid)) continue;
        u.gpuBytes += p.usedBytes;
        if (p.device < static_cast<int>(util.size())) u.gpuUtilPercent = std::max(u.gpuUtilPercent, util[p.device]);
    }
}

}  // namespace

ProcessSampler::ProcessSampler() : m_nvml(&NvmlLibrary::instance()) {}

std::vector<RankUsage> ProcessSampler::sample(const std::vector<qint64>& processGroups) {
    QHash<qint64, int> index;
    for (int i = 0; i < static_cast<int>(processGroups.size()); ++i)
        if (processGroups[i] > 0) index.insert(processGroups[i], i);
    std::vector<RankUsage> usage(processGroups.size());
    std::vector<QSet<qint64>> pids(processGroups.size());
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& name : entries) {
        bool numeric = false;
        const qint64 pid = name.toLongLong(&numeric);
        ProcStat st;
        if (!numeric || !readStat(pid, st) || !index.contains(st.group)) continue;
        RankUsage& u = usage[index.value(st.group)];
        ++u.processes;
        u.rssBytes += st.rssBytes;
        u.cpuSeconds += st.cpuSeconds + (pid == st.group ? st.childCpuSeconds : 0);
        const qint64 pss = readPss(pid);
        u.pssBytes = pss < 0 ? u.pssBytes : std::max<qint64>(u.pssBytes, 0) + pss;
        pids[index.value(st.group)].insert(pid);
    }
    for (int i = 0; i < static_cast<int>(processGroups.size()); ++i)
        if (usage[i].processes > 0) addGpu(usage[i], pids[i], *m_nvml);
    return usage;
}

}  // namespace catapult
