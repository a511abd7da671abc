// Internal to ocr/: CutEntryRows (entry_rows.h) in its steps, so that the
// ledger reader, which prepares the page and finds its table anyway, cuts the
// rows from the same preparation (LedgerReader::ReadRows).
#pragma once

#include "ocr/entry_rows.h"
#include "ocr/ledger_rules.h"

namespace sohoa::ocr {

// False for a page too small to hold a line of writing (under 5 mm a side).
bool MayHoldRows(const PageImage& page);
// True for a page more than 40% ink: black, or a photograph; no rows.
bool MostlyInk(const LedgerImage& page);
// The table rows below the headings that hold writing. `ink` is the page
// without its rules (InkWithoutRules).
EntryRows RuledEntryRows(const LedgerImage& page, const RuledTable& table, Pix* ink);
// The lines of writing of a page without a ruled table.
Result<EntryRows> UnruledEntryRows(const LedgerImage& page, const EntryRowOptions& options);

}  // namespace sohoa::ocr
