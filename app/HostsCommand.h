#pragma once
// The machines for multi-machine launches, headless (the desktop app's Machines tab edits the
// same list in the run store):
//   catapult hosts                           list them (machine rank order)
//   catapult hosts add NAME slots=N [key=value ...]   fields as in a hostfile (see HostFile.h)
//   catapult hosts edit NAME key=value ...   change some fields
//   catapult hosts remove NAME
//   catapult hosts import FILE               add the hosts of a hostfile
//   catapult hosts import-ssh-config [FILE]  add the Host entries of ~/.ssh/config (slots=1)
//   catapult hosts export FILE               write them as a hostfile for `catapult launch --hosts`
//   catapult hosts check [--cpu] [--accept_new_host_keys] [--known_hosts F] [--main_process_port P]
//                                            connect to each and run the pre-flight checks
// The store is RunStore::defaultPath() unless --store PATH is given.

#include <QStringList>

namespace catapult {

int runHostsCommand(const QStringList& args);

}  // namespace catapult
