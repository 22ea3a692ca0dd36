#include "MachinesPage.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRadioButton>
#include <QSpinBox>

#include "SetupModel.h"

namespace catapult {

MachinesPage::MachinesPage(SetupModel* setup, QWidget* parent) : QWizardPage(parent), m_setup(setup) {
    setTitle(tr("Machines"));
    setSubTitle(tr("Train on this machine, or on several. num_processes is the total over all machines, as in "
                   "Accelerate. SSH hosts are managed with the remote launcher."));
    m_single = new QRadioButton(tr("This machine only"), this);
    m_single->setObjectName(QStringLiteral("singleMachine"));
    m_several = new QRadioButton(tr("Several machines"), this);
    m_several->setObjectName(QStringLiteral("severalMachines"));
    m_machines = new QSpinBox(this);
    m_machines->setObjectName(QStringLiteral("numMachines"));
    m_machines->setRange(2, 1024);
    m_processes = new QSpinBox(this);
    m_processes->setObjectName(QStringLiteral("processesPerMachine"));
    m_processes->setRange(1, 1024);
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("mainProcessIp"));
    m_address->setPlaceholderText(tr("address of machine 0, as the others reach it"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("mainProcessPort"));
    m_port->setRange(0, 65535);
    m_total = new QLabel(this);
    auto* form = new QFormLayout(this);
    form->addRow(m_single);
    form->addRow(m_several);
    form->addRow(tr("Machines:"), m_machines);
    form->addRow(tr("Processes per machine:"), m_processes);
    form->addRow(tr("Main process address:"), m_address);
    form->addRow(tr("Main process port (0: pick a free one):"), m_port);
    form->addRow(m_total);
    for (auto* radio : {m_single, m_several}) connect(radio, &QRadioButton::toggled, this, &MachinesPage::store);
    for (auto* spin : {m_machines, m_processes, m_port})
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, &MachinesPage::store);
    connect(m_address, &QLineEdit::textChanged, this, &MachinesPage::store);
}

void MachinesPage::initializePage() {
    const SetupChoices& c = m_setup->choices();
    const QSignalBlocker b1(m_single), b2(m_several), b3(m_machines), b4(m_processes), b5(m_address), b6(m_port);
    (c.numMachines > 1 ? m_several : m_single)->setChecked(true);
    m_machines->setValue(std::max(2, c.numMachines));
    m_processes->setValue(c.processesPerMachine);
    m_address->setText(c.mainProcessIp);
    m_port->setValue(c.mainProcessPort);
    store();
}

void MachinesPage::store() {
    SetupChoices c = m_setup->choices();
    const bool several = m_several->isChecked();
    m_machines->setEnabled(several);
    m_address->setEnabled(several);
    c.numMachines = several ? m_machines->value() : 1;
    c.processesPerMachine = m_processes->value();
    c.mainProcessIp = m_address->text().trimmed();
    c.mainProcessPort = m_port->value();
    if (c.totalProcesses() > 1 && c.strategy == SetupChoices::Strategy::None) c.strategy = SetupChoices::Strategy::DataParallel;
    m_total->setText(tr("Total processes (num_processes): %1").arg(c.totalProcesses()));
    m_setup->setChoices(c);
}

bool MachinesPage::validatePage() {
    if (m_several->isChecked() && m_address->text().trimmed().isEmpty()) {
        QMessageBox::warning(this, tr("Machines"), tr("Several machines need the main process address: the address of "
                                                      "machine 0 as the other machines reach it."));
        return false;
    }
    return true;
}

}  // namespace catapult
