#pragma once
// What the setup wizard is editing: the answers (SetupChoices), the target they are for (this
// machine's probe, the Machines tab's machines, or described machines), the model shape and
// micro-batch of the memory estimate, and where the config was saved. The wizard's pages are
// views of it: they read it, hand it changed answers, and follow changed(). Qt Core only.
//
// Thread safety: a QObject of the GUI thread.

#include <QObject>
#include <optional>

#include "HardwareReport.h"
#include "MachinesTarget.h"
#include "SetupChoices.h"
#include "catapult/GptConfig.h"

namespace catapult {

class SetupModel : public QObject {
    Q_OBJECT
public:
    explicit SetupModel(QObject* parent = nullptr);

    const SetupChoices& choices() const { return m_choices; }
    // Takes the answers; changed() follows when any differs.
    void setChoices(const SetupChoices& choices);
    ClusterConfig config() const { return buildClusterConfig(m_choices); }

    // The target: the hardware the config is for (this machine's, the Machines tab's machines'
    // or described machines'). The answers follow it: CPU or one process per GPU.
    bool hasHardware() const { return m_hasHardware; }
    const HardwareReport& hardware() const { return m_hardware; }
    HardwareFacts facts() const;
    void setHardware(const HardwareReport& report);
    // This machine's probe: the target too, unless other machines are.
    void setLocalHardware(const HardwareReport& report);
    void useLocalHardware();  // back to this machine as the target
    // The Machines tab's machines: their common hardware, how many, machine 0's address.
    void setMachinesTarget(const MachinesTarget& target);

    // The model the memory estimate is for (the built-in recipe's shape) and its micro-batch.
    const GptConfig& model() const { return m_model; }
    int microBatch() const { return m_microBatch; }
    void setEstimateShape(const GptConfig& model, int microBatch);

    // Where Save/Export wrote the config (empty if not saved).
    QString savedPath() const { return m_savedPath; }
    void setSavedPath(const QString& path) { m_savedPath = path; }

signals:
    void changed();

private:
    SetupChoices m_choices;
    HardwareReport m_hardware;
    bool m_hasHardware = false;
    std::optional<HardwareReport> m_local;
    bool m_targetIsLocal = true;
    bool m_targetIsMachinesTab = false;
    GptConfig m_model;
    int m_microBatch = 16;
    QString m_savedPath;
};

}  // namespace catapult
