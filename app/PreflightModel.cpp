#include "PreflightModel.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

namespace catapult {

namespace {

// The checks' names as shown; the report lines keep the stable names.
const char* checkTitle(const QString& name) {
    static const std::pair<const char*, const char*> titles[] = {
        {"connect", QT_TRANSLATE_NOOP("catapult::PreflightModel", "connect")},
        {"directory", QT_TRANSLATE_NOOP("catapult::PreflightModel", "directory")},
        {"programs", QT_TRANSLATE_NOOP("catapult::PreflightModel", "programs")},
        {"probe", QT_TRANSLATE_NOOP("catapult::PreflightModel", "probe")},
        {"gpus", QT_TRANSLATE_NOOP("catapult::PreflightModel", "gpus")},
        {"disk", QT_TRANSLATE_NOOP("catapult::PreflightModel", "disk")},
        {"versions", QT_TRANSLATE_NOOP("catapult::PreflightModel", "versions")},
        {"port", QT_TRANSLATE_NOOP("catapult::PreflightModel", "port")},
    };
    for (const auto& [key, title] : titles)
        if (name == QLatin1String(key)) return title;
    return nullptr;
}

}  // namespace

PreflightModel::PreflightModel(QObject* parent) : QAbstractTableModel(parent) {}

void PreflightModel::setResult(const std::vector<HostPreflight>& hosts) {
    beginResetModel();
    m_rows.clear();
    for (const HostPreflight& h : hosts)
        for (const PreflightCheck& c : h.checks) m_rows.push_back(Row{h.host.name, c});
    endResetModel();
}

int PreflightModel::failedCount() const {
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const Row& r) { return !r.check.ok; }));
}

int PreflightModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

int PreflightModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PreflightModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& r = m_rows[index.row()];
    if (role == Qt::UserRole) return r.check.ok;  // the view colours failed rows
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
    case HostColumn: return r.host;
    case CheckColumn: {
        const char* title = checkTitle(r.check.name);
        return title ? tr(title) : r.check.name;
    }
    case ResultColumn: return r.check.ok ? tr("ok") : tr("FAILED");
    case DetailColumn: return r.check.detail;
    }
    return {};
}

QVariant PreflightModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
    case HostColumn: return tr("Host");
    case CheckColumn: return tr("Check");
    case ResultColumn: return tr("Result");
    case DetailColumn: return tr("Detail");
    }
    return {};
}

}  // namespace catapult
