#include "HardwarePage.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "HostListModel.h"
#include "HostsWidget.h"
#include "LaunchFacts.h"
#include "SetupModel.h"

namespace catapult {

HardwarePage::HardwarePage(SetupModel* setup, QWidget* parent) : QWizardPage(parent), m_setup(setup) {
    setTitle(tr("Hardware"));
    setSubTitle(tr("The machines the config is for. The next pages only offer what they can run."));
    m_thisMachine = new QRadioButton(tr("This machine"), this);
    m_thisMachine->setObjectName(QStringLiteral("targetThisMachine"));
    m_thisMachine->setChecked(true);
    m_machinesTab = new QRadioButton(this);
    m_machinesTab->setObjectName(QStringLiteral("targetMachinesTab"));
    m_described = new QRadioButton(tr("Other machines, described here (the config is prepared here and runs there)"), this);
    m_described->setObjectName(QStringLiteral("targetDescribed"));
    m_description = buildDescription();
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("hardwareText"));
    m_text->setReadOnly(true);
    m_probeAgain = new QPushButton(tr("Probe again"), this);
    m_probeAgain->setObjectName(QStringLiteral("probeAgain"));
    connect(m_probeAgain, &QPushButton::clicked, this, &HardwarePage::probeAgain);
    for (QRadioButton* r : {m_described, m_machinesTab})
        connect(r, &QRadioButton::toggled, this, [this](bool on) { if (on) targetChanged(); });
    connect(m_thisMachine, &QRadioButton::toggled, this, [this](bool on) { if (on) targetChanged(); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_thisMachine);
    layout->addWidget(m_machinesTab);
    layout->addWidget(m_described);
    layout->addWidget(m_description);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_probeAgain, 0, Qt::AlignLeft);
    m_description->setEnabled(false);
}

QWidget* HardwarePage::buildDescription() {
    auto* box = new QWidget(this);
    const DescribedMachine d;
    m_gpuModel = new QComboBox(box);
    m_gpuModel->setObjectName(QStringLiteral("gpuModel"));
    for (const GpuModel& g : DescribedMachine::knownGpus())
        m_gpuModel->addItem(tr("%1 (%2 GiB, compute capability %3)").arg(g.name).arg(g.memoryGib).arg(g.computeCapability), g.name);
    m_gpuModel->setCurrentIndex(m_gpuModel->findData(d.gpuName));
    m_gpus = new QSpinBox(box);
    m_gpus->setObjectName(QStringLiteral("gpusPerMachine"));
    m_gpus->setRange(0, 64);
    m_gpus->setValue(d.gpusPerMachine);
    m_gpus->setSpecialValueText(tr("none (CPU only)"));
    m_gpuMemory = new QDoubleSpinBox(box);
    m_gpuMemory->setObjectName(QStringLiteral("gpuMemoryGib"));
    m_gpuMemory->setRange(1, 1024);
    m_gpuMemory->setSuffix(tr(" GiB"));
    m_gpuMemory->setValue(d.gpuMemoryGib);
    m_cores = new QSpinBox(box);
    m_cores->setRange(1, 4096);
    m_cores->setValue(d.cores);
    m_ram = new QDoubleSpinBox(box);
    m_ram->setRange(1, 65536);
    m_ram->setSuffix(tr(" GiB"));
    m_ram->setValue(d.ramGib);
    auto* form = new QFormLayout(box);
    form->addRow(tr("GPU:"), m_gpuModel);
    form->addRow(tr("GPUs per machine:"), m_gpus);
    form->addRow(tr("Memory per GPU:"), m_gpuMemory);
    form->addRow(tr("CPU cores per machine:"), m_cores);
    form->addRow(tr("RAM per machine:"), m_ram);
    connect(m_gpuModel, qOverload<int>(&QComboBox::currentIndexChanged), this, &HardwarePage::modelChosen);
    for (QSpinBox* s : {m_gpus, m_cores}) connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &HardwarePage::targetChanged);
    for (QDoubleSpinBox* s : {m_gpuMemory, m_ram})
        connect(s, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &HardwarePage::targetChanged);
    return box;
}

void HardwarePage::initializePage() {
    const int count = m_hosts ? m_hosts->model()->rowCount() : 0;
    m_machinesTab->setText(tr("The Machines tab's machines (%n), each probed over SSH", nullptr, count));
    m_machinesTab->setEnabled(count > 0);
    if (m_hosts) connect(m_hosts, &HostsWidget::checkFinished, this, &HardwarePage::applyMachinesTab, Qt::UniqueConnection);
    if (!m_setup->hasHardware()) probe();
    show();
}

void HardwarePage::probeAgain() {
    if (m_machinesTab->isChecked()) useMachinesTab(true);
    else probe();
}

void HardwarePage::probe() {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto report = HardwareReport::probe(workerPath(), runsBaseDir());
    QApplication::restoreOverrideCursor();
    if (!report.ok()) {
        m_text->setPlainText(tr("The hardware probe failed: %1\nThe wizard continues without hardware checks.")
                                 .arg(QString::fromStdString(report.status().message())));
        return;
    }
    m_setup->setLocalHardware(report.value());
    show();
}

// A GPU model brings its memory; the count and the memory stay editable.
void HardwarePage::modelChosen() {
    for (const GpuModel& g : DescribedMachine::knownGpus())
        if (g.name == m_gpuModel->currentData().toString()) m_gpuMemory->setValue(g.memoryGib);
    targetChanged();
}

void HardwarePage::targetChanged() {
    m_description->setEnabled(m_described->isChecked());
    m_probeAgain->setEnabled(!m_described->isChecked());
    if (m_machinesTab->isChecked()) return useMachinesTab(false);
    if (!m_described->isChecked()) {
        m_setup->useLocalHardware();
        show();
        return;
    }
    DescribedMachine d;
    for (const GpuModel& g : DescribedMachine::knownGpus())
        if (g.name == m_gpuModel->currentData().toString()) d.computeCapability = g.computeCapability;
    d.gpuName = m_gpuModel->currentData().toString();
    d.gpusPerMachine = m_gpus->value();
    d.gpuMemoryGib = m_gpuMemory->value();
    d.cores = m_cores->value();
    d.ramGib = m_ram->value();
    m_setup->setHardware(d.toReport());
    show();
}

// The tab's last Check holds every machine now listed, in order.
bool HardwarePage::lastCheckIsCurrent() const {
    const auto& checked = m_hosts->lastCheck();
    const auto& listed = m_hosts->model()->hosts();
    return checked.size() == listed.size() &&
           std::equal(checked.begin(), checked.end(), listed.begin(), [](const HostPreflight& c, const HostSpec& h) { return c.host == h; });
}

void HardwarePage::useMachinesTab(bool checkAgain) {
    if (checkAgain || !lastCheckIsCurrent()) {
        m_text->setPlainText(tr("Checking the Machines tab's machines over SSH..."));
        m_probeAgain->setEnabled(false);
        m_hosts->check();  // applyMachinesTab follows
        return;
    }
    applyMachinesTab();
}

void HardwarePage::applyMachinesTab() {
    m_probeAgain->setEnabled(true);
    if (!m_machinesTab->isChecked()) return;
    const auto target = machinesTarget(m_hosts->lastCheck());
    if (!target.ok()) {
        m_text->setPlainText(tr("The Machines tab's machines cannot be the target: %1")
                                 .arg(QString::fromStdString(target.status().message())));
        return;
    }
    m_setup->setMachinesTarget(target.value());
    show();
}

void HardwarePage::show() {
    if (!m_setup->hasHardware()) return;
    if (m_machinesTab->isChecked()) {
        const auto target = machinesTarget(m_hosts->lastCheck());
        if (!target.ok()) return;
        QStringList lines{tr("%n machine(s): %1. Each has at least:", nullptr, target.value().machines)
                              .arg(target.value().perMachine.hostname)};
        lines << target.value().perMachine.summaryLines().mid(1) << target.value().notes;
        m_text->setPlainText(lines.join('\n'));
        return;
    }
    QStringList lines = m_setup->hardware().summaryLines();
    if (m_described->isChecked()) lines = lines.mid(1, 2 + std::max(1, m_gpus->value()));  // CPU, memory, the GPUs
    m_text->setPlainText(lines.join('\n'));
}

}  // namespace catapult
