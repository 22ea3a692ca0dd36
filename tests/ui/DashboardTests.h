#pragma once
// The dashboard's suite (see DashboardTests.cpp).

#include <QObject>

class DashboardTests : public QObject {
    Q_OBJECT
private slots:
    void smoothingMatchesHandComputedValues();
    void dashboardSaysNoRunInsteadOfEmptyAxes();
    void dashboardSmoothsLossAsTensorBoard();
    void dashboardMemoryByWallTime();
    void dashboardStepAxisHasWholeNumberTicks();
    void dashboardHoverReadoutClearsOnLeaveAndNewRuns();
    void dashboardLegendsStayOutOfThePlotArea();
    void dashboardComparesMemoryOfEveryRun();
    void historyComparesSettingsSideBySide();
    void sampledMemoryOnlyForProgramsWithoutTheirOwn();
    void dashboardExportsChartsOnlyAndEverySeries();
    void dashboardLogScaleAndChartMenu();
};
