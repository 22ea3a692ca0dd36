#include "SetupModel.h"

#include <algorithm>

namespace catapult {

SetupModel::SetupModel(QObject* parent) : QObject(parent) {}

void SetupModel::setChoices(const SetupChoices& choices) {
    if (choices == m_choices) return;
    m_choices = choices;
    emit changed();
}

HardwareFacts SetupModel::facts() const { return m_hasHardware ? m_hardware.toFacts() : HardwareFacts{}; }

void SetupModel::setHardware(const HardwareReport& report) {
    SetupChoices c = m_choices;
    if (m_targetIsMachinesTab) {  // leaving the Machines tab's machines: back to one machine
        m_targetIsMachinesTab = false;
        c.numMachines = 1;
        c.mainProcessIp.clear();
    }
    m_targetIsLocal = m_local && report.json == m_local->json;
    m_hardware = report;
    m_hasHardware = true;
    const int gpus = static_cast<int>(report.gpus.size());
    c.useCpu = gpus == 0;
    c.processesPerMachine = gpus > 0 ? gpus : 1;
    if (gpus == 0 && report.cores > 1) c.processesPerMachine = std::min(report.cores, 2);
    c.strategy = c.processesPerMachine > 1 ? SetupChoices::Strategy::DataParallel : SetupChoices::Strategy::None;
    m_choices = c;
    emit changed();  // the target changed, even where the answers did not
}

void SetupModel::setLocalHardware(const HardwareReport& report) {
    m_local = report;
    if (m_targetIsLocal) setHardware(report);
}

void SetupModel::useLocalHardware() {
    m_targetIsLocal = true;
    if (m_local) setHardware(*m_local);
}

void SetupModel::setMachinesTarget(const MachinesTarget& target) {
    setHardware(target.perMachine);
    m_targetIsMachinesTab = true;
    SetupChoices c = m_choices;
    c.numMachines = target.machines;
    c.mainProcessIp = target.mainAddress;
    setChoices(c);
}

void SetupModel::setEstimateShape(const GptConfig& model, int microBatch) {
    if (model.layers == m_model.layers && model.heads == m_model.heads && model.width == m_model.width &&
        model.seqLen == m_model.seqLen && microBatch == m_microBatch)
        return;
    m_model = model;
    m_microBatch = microBatch;
    emit changed();
}

}  // namespace catapult
