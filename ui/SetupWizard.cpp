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
    if (hardware) m_setup.setLocalHardware(*hardware);
    m_hardwarePage = new HardwarePage(&m_setup, this);
    setPage(HardwarePageId, m_hardwarePage);
    setPage(MachinesPageId, new MachinesPage(&m_setup, this));
    setPage(DistributionPageId, new DistributionPage(&m_setup, this));
    setPage(PrecisionPageId, new PrecisionPage(&m_setup, this));
    setPage(MemoryPageId, new MemoryPage(&m_setup, this));
    auto* review = new ReviewPage(&m_setup, this);
    setPage(ReviewPageId, review);
    connect(review, &ReviewPage::launchRequested, this, [this](const QString& path) {
        emit launchRequested(path);
        accept();
    });
    setButtonText(QWizard::FinishButton, tr("Close"));
    resize(860, 640);
}

void SetupWizard::setMachinesTab(HostsWidget* hosts) { m_hardwarePage->setMachinesTab(hosts); }

}  // namespace catapult
