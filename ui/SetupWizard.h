#pragma once
// The setup wizard: Hardware -> Machines -> Distribution -> Precision -> Memory -> Review.
// Every page edits the wizard's SetupChoices as its widgets change; the Review page shows
// the YAML that buildClusterConfig() makes of them, the validation findings, and offers
// Export..., Save as default and Launch.

#include <QWizard>
#include <optional>

#include "HardwareReport.h"
#include "MachinesTarget.h"
#include "SetupChoices.h"
#include "catapult/GptConfig.h"

namespace catapult {

class HostsWidget;

class SetupWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { HardwarePageId, MachinesPageId, DistributionPageId, PrecisionPageId, MemoryPageId, ReviewPageId };

    // `hardware` null: the Hardware page probes this machine when shown.
    explicit SetupWizard(const HardwareReport* hardware, QWidget* parent = nullptr);

    SetupChoices& choices() { return m_choices; }
    const SetupChoices& choices() const { return m_choices; }
    // The target: the hardware the config is for (this machine's, or described machines').
    bool hasHardware() const { return m_hasHardware; }
    const HardwareReport& hardware() const { return m_hardware; }
    void setHardware(const HardwareReport& report);
    // This machine's probe: the target too, unless described machines are.
    void setLocalHardware(const HardwareReport& report);
    void useLocalHardware();  // back to this machine as the target
    // The Machines tab's machines as the target: their common hardware, how many there are and
    // machine 0's address.
    void setMachinesTarget(const MachinesTarget& target);
    // The Machines tab, whose machines the Hardware page offers as a target (null: not offered).
    void setMachinesTab(HostsWidget* hosts) { m_machinesTab = hosts; }
    HostsWidget* machinesTab() const { return m_machinesTab; }
    HardwareFacts facts() const;
    ClusterConfig config() const { return buildClusterConfig(m_choices); }

    // The model the memory estimate is for (the built-in recipe's shape) and its batch.
    GptConfig& model() { return m_model; }
    int& microBatch() { return m_microBatch; }

    // Where Save/Export wrote the config (empty if not saved).
    QString savedPath() const { return m_savedPath; }
    void setSavedPath(const QString& path) { m_savedPath = path; }

signals:
    void choicesChanged();
    void launchRequested(const QString& configPath);

private:
    SetupChoices m_choices;
    HardwareReport m_hardware;
    bool m_hasHardware = false;
    std::optional<HardwareReport> m_local;
    bool m_targetIsLocal = true;
    bool m_targetIsMachinesTab = false;
    HostsWidget* m_machinesTab = nullptr;
    GptConfig m_model;
    int m_microBatch = 16;
    QString m_savedPath;
};

}  // namespace catapult
