#pragma once
// The setup wizard: Hardware -> Machines -> Distribution -> Precision -> Memory -> Review.
// The wizard owns the SetupModel; every page is a view of it (reads it when shown, hands it
// the answers its widgets hold as they change); the Review page shows the YAML that
// buildClusterConfig() makes of them, the validation findings, and offers Export..., Save as
// default and Launch.

#include <QWizard>

#include "HardwareReport.h"
#include "SetupModel.h"

namespace catapult {

class HardwarePage;
class HostsWidget;

class SetupWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { HardwarePageId, MachinesPageId, DistributionPageId, PrecisionPageId, MemoryPageId, ReviewPageId };

    // `hardware` null: the Hardware page probes this machine when shown.
    explicit SetupWizard(const HardwareReport* hardware, QWidget* parent = nullptr);

    SetupModel& setup() { return m_setup; }
    const SetupChoices& choices() const { return m_setup.choices(); }
    ClusterConfig config() const { return m_setup.config(); }
    QString savedPath() const { return m_setup.savedPath(); }
    // The Machines tab, whose machines the Hardware page offers as a target (null: not offered).
    void setMachinesTab(HostsWidget* hosts);

signals:
    void launchRequested(const QString& configPath);

private:
    SetupModel m_setup;
    HardwarePage* m_hardwarePage;
};

}  // namespace catapult
