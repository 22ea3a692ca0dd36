#include "SetupWizard.h"

#include "DistributionPage.h"
#include "HardwarePage.h"
#include "MachinesPage.h"
#include "MemoryPage.h"
#include "PrecisionPage.h"
#include "ReviewPage.h"

namespace catapult {

SetupWizard::SetupWizard(const HardwareReport* hardware, QWidget* parent) : QWizard(parent) {
    setWindowTitle(tr("Catapult setup"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveCustomButton1, false);
    if (hardware) setLocalHardware(*hardware);
    setPage(HardwarePageId, new HardwarePage(this));
    setPage(MachinesPageId, new MachinesPage(this));
    setPage(DistributionPageId, new DistributionPage(this));
    setPage(PrecisionPageId, new PrecisionPage(this));
    setPage(MemoryPageId, new MemoryPage(this));
    setPage(ReviewPageId, new ReviewPage(this));
    setButtonText(QWizard::FinishButton, tr("Close"));
    resize(860, 640);
}

void SetupWizard::setHardware(const HardwareReport& report) {
    if (m_targetIsMachinesTab) {  // leaving the Machines tab's machines: back to one machine
        m_targetIsMachinesTab = false;
        m_choices.numMachines = 1;
        m_choices.mainProcessIp.clear();
    }
    m_targetIsLocal = m_local && report.json == m_local->json;
    m_hardware = report;
    m_hasHardware = true;
    const int gpus = static_cast<int>(report.gpus.size());
    m_choices.useCpu = gpus == 0;
    m_choices.processesPerMachine = gpus > 0 ? gpus : 1;
    if (gpus == 0 && report.cores > 1) m_choices.processesPerMachine = std::min(report.cores, 2);
    m_choices.strategy = m_choices.processesPerMachine > 1 ? SetupChoices::Strategy::DataParallel : SetupChoices::Strategy::None;
    emit choicesChanged();
}

void SetupWizard::setLocalHardware(const HardwareReport& report) {
    m_local = report;
    if (m_targetIsLocal) setHardware(report);
}

void SetupWizard::useLocalHardware() {
    m_targetIsLocal = true;
    if (m_local) setHardware(*m_local);
}

void SetupWizard::setMachinesTarget(const MachinesTarget& target) {
    setHardware(target.perMachine);
    m_targetIsMachinesTab = true;
    m_choices.numMachines = target.machines;
    m_choices.mainProcessIp = target.mainAddress;
    emit choicesChanged();
}

HardwareFacts SetupWizard::facts() const { return m_hasHardware ? m_hardware.toFacts() : HardwareFacts{}; }

}  // namespace catapult
