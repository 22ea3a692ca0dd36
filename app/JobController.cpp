#include "JobController.h"

namespace catapult {

namespace {

QString sentence(QString line) {
    if (!line.isEmpty()) line[0] = line[0].toUpper();
    return line;
}

}  // namespace

JobController::JobController(RunStore* store, QObject* parent) : QObject(parent), m_store(store), m_session(store) {
    connect(&m_session, &LaunchSession::notice, this, [this](const QString& line) { emit notice(sentence(line)); });
    connect(&m_session, &LaunchSession::preflightProgress, this, [this](const QString& step) { emit notice(sentence(step)); });
    connect(&m_session, &LaunchSession::started, this, &JobController::started);
    connect(&m_session, &LaunchSession::logLine, this, &JobController::logLine);
    connect(&m_session, &LaunchSession::eventLine, this, &JobController::logLine);
    connect(&m_session, &LaunchSession::metricsReceived, this, &JobController::metricsReceived);
    connect(&m_session, &LaunchSession::seriesChanged, this, &JobController::seriesChanged);
    connect(&m_session, &LaunchSession::finished, this, &JobController::finished);
}

Status JobController::start(LaunchRequest request, bool onHosts) {
    if (onHosts && !request.arguments.hostsFile) {
        request.arguments.hostList = m_store ? m_store->hosts() : std::vector<HostSpec>();
        if (request.arguments.hostList.empty())
            return Status::error(tr("There are no machines to run on: add them on the Machines tab.").toStdString());
    }
    return m_session.start(request);
}

}  // namespace catapult
