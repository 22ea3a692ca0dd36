#pragma once
// The dataset preview of the Job tab as a table: one row per rendered example (where it comes
// from, its tokens, its trained tokens, its text on one line), from the JSON that
// `catapult-worker preview` prints; html() gives an example's whole text with the trained part
// (what the loss is taken on) highlighted.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QVector>

namespace catapult {

class DatasetPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Where, Tokens, Trained, Text, ColumnCount };

    explicit DatasetPreviewModel(QObject* parent = nullptr);
    void setPreview(const QJsonObject& preview);
    const QJsonObject& preview() const { return m_preview; }
    // The example's text as HTML, the trained segments highlighted.
    QString html(int row) const;
    // One line: format, template, rows, examples longer than seq_len, rows skipped and the first reason.
    QString summary() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QJsonObject m_preview;
    QJsonArray m_examples;
};

}  // namespace catapult
