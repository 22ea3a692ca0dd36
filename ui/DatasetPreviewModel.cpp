#include "DatasetPreviewModel.h"

#include <QFileInfo>

namespace catapult {

DatasetPreviewModel::DatasetPreviewModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetPreviewModel::setPreview(const QJsonObject& preview) {
    beginResetModel();
    m_preview = preview;
    m_examples = preview.value("examples").toArray();
    endResetModel();
}

int DatasetPreviewModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_examples.size()); }
int DatasetPreviewModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DatasetPreviewModel::data(const QModelIndex& index, int role) const {
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const QJsonObject e = m_examples.at(index.row()).toObject();
    switch (index.column()) {
        case Where: return QFileInfo(e.value("where").toString()).fileName();
        case Tokens: return e.value("tokens").toInt();
        case Trained: return e.value("trained_tokens").toInt();
        case Text: {
            QString text;
            for (const QJsonValue& s : e.value("segments").toArray()) text += s.toArray().at(0).toString();
            return role == Qt::ToolTipRole ? text : text.simplified();
        }
        default: return {};
    }
}

QVariant DatasetPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Where: return tr("Row");
        case Tokens: return tr("Tokens");
        case Trained: return tr("Trained");
        case Text: return tr("Text as the model sees it");
        default: return {};
    }
}

QString DatasetPreviewModel::html(int row) const {
    if (row < 0 || row >= m_examples.size()) return {};
    QString html = QStringLiteral("<pre style=\"white-space: pre-wrap\">");
    for (const QJsonValue& v : m_examples.at(row).toObject().value("segments").toArray()) {
        const QJsonArray s = v.toArray();
        const QString text = s.at(0).toString().toHtmlEscaped();
        html += s.at(1).toBool() ? QStringLiteral("<span style=\"background-color:#c8f0c8\"><b>%1</b></span>").arg(text) : text;
    }
    return html + QStringLiteral("</pre>");
}

QString DatasetPreviewModel::summary() const {
    if (m_preview.isEmpty()) return {};
    QString line = tr("Format: %1 · chat template: %2 · %3 rows · %4 of the first %5 examples longer than the sequence length")
                       .arg(m_preview.value("format").toString(), m_preview.value("chat_template").toString())
                       .arg(m_preview.value("rows").toInt())
                       .arg(m_preview.value("longer_than_seq_len").toInt())
                       .arg(m_preview.value("counted_examples").toInt());
    const QJsonArray skipped = m_preview.value("skipped").toArray();
    if (m_preview.value("skipped_rows").toInt() > 0 && !skipped.isEmpty()) {
        const QJsonObject first = skipped.at(0).toObject();
        line += tr(" · %1 rows would be skipped, e.g. %2: %3")
                    .arg(m_preview.value("skipped_rows").toInt())
                    .arg(QFileInfo(first.value("where").toString()).fileName(), first.value("reason").toString());
    }
    return line;
}

}  // namespace catapult
