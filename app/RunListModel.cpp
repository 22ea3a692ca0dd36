#include "RunListModel.h"

#include <QFileInfo>

#include <cmath>

#include "RunSubject.h"

namespace catapult {

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunListModel::setRuns(QVector<RunRecord> runs) {
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

const RunRecord* RunListModel::runAt(int row) const {
    return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr;
}

int RunListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_runs.size()); }
int RunListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_runs.size()) return {};
    const RunRecord& r = m_runs[index.row()];
    if (role == RunIdRole) return r.id;
    const bool subjectColumn = index.column() == ModelColumn || index.column() == DataColumn;
    if (role == Qt::ToolTipRole && subjectColumn) {
        const RunSubject s = runSubject(r.command);
        return index.column() == ModelColumn ? s.model : s.data;
    }
    if (role == Qt::ToolTipRole) return r.message.isEmpty() ? r.runDir : r.message;
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort) return {};
    switch (index.column()) {
    case IdColumn: return r.id;
    case NameColumn: return r.name;
    case ModelColumn: return QFileInfo(runSubject(r.command).model).fileName();
    case DataColumn: return QFileInfo(runSubject(r.command).data).fileName();
    case MethodColumn: return runSubject(r.command).method;
    case StartedColumn: return sort ? QVariant(r.startedAt) : QVariant(r.startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    case StatusColumn: {
        if (sort) return r.status;
        if (r.status == QLatin1String("running")) return tr("running");
        if (r.status == QLatin1String("finished")) return tr("finished");
        if (r.status == QLatin1String("failed")) return r.failingRank >= 0 ? tr("failed (rank %1)").arg(r.failingRank) : tr("failed");
        if (r.status == QLatin1String("cancelled")) return tr("cancelled");
        if (r.status == QLatin1String("interrupted")) return tr("interrupted");
        return r.status;
    }
    case ProcessesColumn: return r.numProcesses;
    case StepColumn: return r.finalStep;
    case LossColumn:
        if (sort) return std::isfinite(r.finalLoss) ? QVariant(r.finalLoss) : QVariant();
        return r.finalStep > 0 && std::isfinite(r.finalLoss) ? QVariant(QString::number(r.finalLoss, 'f', 4)) : QVariant();
    case ThroughputColumn:
        if (sort) return r.tokensPerSecond;
        return r.tokensPerSecond > 0 ? QVariant(QString::number(r.tokensPerSecond, 'f', 0)) : QVariant();
    case ResumedFromColumn:
        if (sort) return r.resumedFrom;
        return r.resumedFrom > 0 ? QVariant(tr("run %1").arg(r.resumedFrom)) : QVariant();
    default: return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("Run");
    case NameColumn: return tr("Name");
    case ModelColumn: return tr("Model");
    case DataColumn: return tr("Data");
    case MethodColumn: return tr("Method");
    case StartedColumn: return tr("Started");
    case StatusColumn: return tr("Status");
    case ProcessesColumn: return tr("Processes");
    case StepColumn: return tr("Step");
    case LossColumn: return tr("Loss");
    case ThroughputColumn: return tr("Tokens/s");
    case ResumedFromColumn: return tr("Resumed from");
    default: return {};
    }
}

}  // namespace catapult
