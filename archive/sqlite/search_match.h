// The match expressions of a query moved to archive/internal/search_match.h,
// which both catalog backends read; this name stays for the SQLite files and
// tests that include it.
#pragma once

#include "archive/internal/search_match.h"
