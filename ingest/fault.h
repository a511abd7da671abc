// Faults on purpose, for the tests and the chaos benchmark that prove a
// crash at a chosen moment loses nothing. Off unless SOHOA_FAULT is set:
//   SOHOA_FAULT=<action>:<point>[@<text>][#<n>][,...]
// action: kill (SIGKILL, as from outside), crash (SIGSEGV inside sohoa, as
// a bug would), hang (sleep forever, as a stuck library would). The fault
// fires at the n-th time (default the first) the point is passed with a
// context containing <text> (default any). Points: after-claim,
// after-blob-write, after-dossier-commit, during-set-aside, recognize; for
// the job queue, `sohoa watch --queue`'s after-upload and after-enqueue and
// `sohoa worker`'s after-fetch and before-complete (context: the entry as
// staff know it, "inbox/<name>").
#pragma once

#include <string_view>

namespace sohoa::ingest {

// Passes the named point; acts if SOHOA_FAULT says so. Cheap when it is unset.
void FaultPoint(std::string_view point, std::string_view context = {});

}  // namespace sohoa::ingest
