// Keying civil-status register books: clerks type each entry of a scanned
// book beside the image of exactly that entry (schema/migrations/
// 0010_keying.sql). Most books are handwritten, and no OCR reads old
// Vietnamese handwriting reliably; where a page is printed, the ledger
// reader's confident cells are offered as a pre-fill.
//
// A page is cut into entry rows ("slots", one per registration) when the book
// is ingested. By default each slot is keyed twice, by two different clerks
// who never see each other's values (nor, for the second, the pre-fill): where
// the two agree field for field the entry is verified; where they differ a
// third person decides beside the image. A book may be set to single keying,
// where one keying verifies the entry.
//
// A verified slot becomes the book's entry (book_entries, status "verified"),
// replacing what OCR alone had read at that position, so the search, the
// records export and the backlog see it at once.
//
// Work is handed out by book and page range: a clerk keys only the pages
// assigned to them. Every keying is saved the moment it is finished, so a
// closed browser loses at most the entry on screen.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive {

// field key (no, registered, name, dob, ...; schema/civil_record.h) → value
using KeyedValues = std::map<std::string, std::string>;

enum class SlotState {
  kOpen,      // keyings still needed
  kDiffer,    // two keyings differ: waiting for a third person
  kVerified,  // agreed, resolved, or keyed once in a single-keying book
};
std::string_view SlotStateName(SlotState state);  // "open", "differ", "verified"

enum class KeyingMode { kDouble, kSingle };
std::string_view KeyingModeName(KeyingMode mode);  // "double", "single"
std::optional<KeyingMode> ParseKeyingMode(std::string_view name);

// One entry row cut from a page scan.
struct SlotRecord {
  std::int64_t id = 0;
  std::string book_id;
  int page = 0;      // 1-based page of the book
  int position = 0;  // 1-based row on the page
  Box box;           // the row on the page scan, in its pixels
  KeyedValues prefill;  // what OCR read with enough confidence; empty for handwriting
  SlotState state = SlotState::kOpen;
  int keyings = 0;      // keyings saved (resolutions not counted)
};

// The rows of one page, as ingest found them, with the OCR pre-fill.
struct PageSlots {
  std::string book_id;
  int page = 0;
  struct Row {
    Box box;
    KeyedValues prefill;
  };
  std::vector<Row> rows;  // top to bottom; positions are 1, 2, ...
};

struct KeyingRecord {
  std::int64_t slot_id = 0;
  std::string user;
  bool resolution = false;  // a third person's decision, not a keying
  KeyedValues values;
  std::vector<std::string> warnings;  // check codes the clerk confirmed
  double seconds = 0;                 // time on the entry, as the browser measured it
  std::string keyed_at;               // ISO 8601 UTC
};

// A page range of a book handed to one clerk. Two clerks given the same
// range key it twice.
struct Assignment {
  std::int64_t id = 0;
  std::string book_id;
  int first_page = 1, last_page = 1;
  std::string user;
  std::string assigned_by, assigned_at;
};

// What a manager sees of each clerk.
struct ClerkStats {
  std::string user;
  std::int64_t keyed = 0;       // keyings saved
  std::int64_t resolved = 0;    // decisions taken as the third person
  std::int64_t compared = 0;    // keyings whose slot has a second keying
  std::int64_t agreed = 0;      // ... that agreed with it field for field
  double seconds = 0;           // summed over keyings
  std::string last_keyed_at;
};

// A book's keying progress: entries against its stated size.
struct BookKeyingProgress {
  std::string book_id;
  KeyingMode mode = KeyingMode::kDouble;
  std::int64_t pages = 0, slots = 0;
  std::int64_t keyed_once = 0;   // keyed, waiting for the second keying
  std::int64_t differ = 0;
  std::int64_t verified = 0;
  std::optional<int> entries_expected;
};

// Keying as a catalog backend keeps it (Catalog::keying()): the methods of
// Keying below, which says what each does.
class KeyingStore {
 public:
  virtual ~KeyingStore() = default;
  // Replaces the rows of a stored page (ingest). Slots already keyed keep
  // their keyings when the same position comes back; InvalidArgument for an
  // unknown page.
  virtual Status StoreSlots(const PageSlots& page) = 0;

  virtual Status SetMode(const std::string& book_id, KeyingMode mode, const std::string& actor) = 0;
  virtual Result<KeyingMode> Mode(const std::string& book_id) = 0;

  virtual Result<std::int64_t> Assign(const Assignment& assignment) = 0;
  virtual Status Unassign(std::int64_t assignment_id, const std::string& actor) = 0;
  // Every assignment of books in scope (of one book when `book_id` is set).
  virtual Result<std::vector<Assignment>> Assignments(const std::string& book_id) = 0;

  // The next slot `user` should key: the lowest (book, page, position) of
  // their assigned pages that still needs a keying they have not given and
  // that no other clerk holds. Taking it holds it for `user` for 15 minutes,
  // so three clerks on one range do not key the same slot three times.
  // A slot the user already holds comes first: a reopened browser goes back
  // to the entry it left. nullopt when there is nothing left to key.
  virtual Result<std::optional<SlotRecord>> NextSlot(const std::string& user, const std::string& book_id) = 0;
  // The slot NextSlot would give `user` after `after` is keyed, without
  // holding it: what the workbench fetches the image of while the clerk
  // types. nullopt when there is none.
  virtual Result<std::optional<SlotRecord>> Following(const std::string& user, const std::string& book_id,
                                              std::int64_t after) = 0;
  // One slot of a book in scope; nullopt when there is none.
  virtual Result<std::optional<SlotRecord>> FindSlot(std::int64_t slot_id) = 0;
  // The slots of one page.
  virtual Result<std::vector<SlotRecord>> Slots(const std::string& book_id, int page) = 0;
  // A page of a book in scope (without its entries): its scan's blob, the
  // page inside that file and its size; nullopt when there is none.
  virtual Result<std::optional<BookPageRecord>> Page(const std::string& book_id, int page) = 0;

  // May `user` key this slot now? It must be on their assigned pages, still
  // open, not already keyed by them. PermissionDenied with the reason if not.
  virtual Status CanKey(const std::string& user, const SlotRecord& slot) = 0;
  // Saves one clerk's keying of an open slot (after CanKey) in one
  // transaction and moves the slot on (no values: the clerk says the row is
  // no entry, and two who say so verify that the book has none there): verified when this was the last keying
  // needed and the values agree (or the book is single-keyed), differ when
  // two keyings disagree. Returns the new state.
  virtual Result<SlotState> SaveKeying(const KeyingRecord& keying) = 0;

  // Slots whose keyings differ that `user` may decide: in scope and not
  // keyed by them. Oldest first, at most `limit`.
  virtual Result<std::vector<SlotRecord>> Conflicts(const std::string& user, const std::string& book_id,
                                            int limit) = 0;
  // The keyings of a slot, in the order they were given.
  virtual Result<std::vector<KeyingRecord>> KeyingsOf(std::int64_t slot_id) = 0;
  // A third person's decision on a differing slot: the values become the
  // verified entry. PermissionDenied for one of its two keyers,
  // FailedPrecondition when the slot is not differing.
  virtual Result<SlotState> Resolve(const KeyingRecord& decision) = 0;

  // The entry number ("no") keyed for each slot of the book that is
  // verified or keyed by `user`, in page and row order: what the number
  // checks compare against.
  virtual Result<std::vector<std::pair<SlotRecord, std::string>>> EntryNumbers(const std::string& book_id,
                                                                       const std::string& user) = 0;

  virtual Result<std::vector<ClerkStats>> Stats(const std::string& book_id) = 0;
  virtual Result<std::vector<BookKeyingProgress>> Progress(const std::string& book_id) = 0;
};

// Values compare equal for double keying when they agree after NFC,
// trimmed and collapsed spaces, case, and a date's zero padding
// (schema/civil_record.h SameKeyed); tone marks are never folded.
class Keying {
 public:
  explicit Keying(Catalog& catalog) : catalog_(catalog) {}

  // Replaces the rows of a stored page (ingest). Slots already keyed keep
  // their keyings when the same position comes back; InvalidArgument for an
  // unknown page.
  Status StoreSlots(const PageSlots& page) { return catalog_.keying().StoreSlots(page); }

  Status SetMode(const std::string& book_id, KeyingMode mode, const std::string& actor) { return catalog_.keying().SetMode(book_id, mode, actor); }
  Result<KeyingMode> Mode(const std::string& book_id) { return catalog_.keying().Mode(book_id); }

  Result<std::int64_t> Assign(const Assignment& assignment) { return catalog_.keying().Assign(assignment); }
  Status Unassign(std::int64_t assignment_id, const std::string& actor) { return catalog_.keying().Unassign(assignment_id, actor); }
  // Every assignment of books in scope (of one book when `book_id` is set).
  Result<std::vector<Assignment>> Assignments(const std::string& book_id = "") { return catalog_.keying().Assignments(book_id); }

  // The next slot `user` should key: the lowest (book, page, position) of
  // their assigned pages that still needs a keying they have not given and
  // that no other clerk holds. Taking it holds it for `user` for 15 minutes,
  // so three clerks on one range do not key the same slot three times.
  // A slot the user already holds comes first: a reopened browser goes back
  // to the entry it left. nullopt when there is nothing left to key.
  Result<std::optional<SlotRecord>> NextSlot(const std::string& user, const std::string& book_id = "") { return catalog_.keying().NextSlot(user, book_id); }
  // The slot NextSlot would give `user` after `after` is keyed, without
  // holding it: what the workbench fetches the image of while the clerk
  // types. nullopt when there is none.
  Result<std::optional<SlotRecord>> Following(const std::string& user, const std::string& book_id,
                                              std::int64_t after) { return catalog_.keying().Following(user, book_id, after); }
  // One slot of a book in scope; nullopt when there is none.
  Result<std::optional<SlotRecord>> FindSlot(std::int64_t slot_id) { return catalog_.keying().FindSlot(slot_id); }
  // The slots of one page.
  Result<std::vector<SlotRecord>> Slots(const std::string& book_id, int page) { return catalog_.keying().Slots(book_id, page); }
  // A page of a book in scope (without its entries): its scan's blob, the
  // page inside that file and its size; nullopt when there is none.
  Result<std::optional<BookPageRecord>> Page(const std::string& book_id, int page) { return catalog_.keying().Page(book_id, page); }

  // May `user` key this slot now? It must be on their assigned pages, still
  // open, not already keyed by them. PermissionDenied with the reason if not.
  Status CanKey(const std::string& user, const SlotRecord& slot) { return catalog_.keying().CanKey(user, slot); }
  // Saves one clerk's keying of an open slot (after CanKey) in one
  // transaction and moves the slot on (no values: the clerk says the row is
  // no entry, and two who say so verify that the book has none there): verified when this was the last keying
  // needed and the values agree (or the book is single-keyed), differ when
  // two keyings disagree. Returns the new state.
  Result<SlotState> SaveKeying(const KeyingRecord& keying) { return catalog_.keying().SaveKeying(keying); }

  // Slots whose keyings differ that `user` may decide: in scope and not
  // keyed by them. Oldest first, at most `limit`.
  Result<std::vector<SlotRecord>> Conflicts(const std::string& user, const std::string& book_id,
                                            int limit) { return catalog_.keying().Conflicts(user, book_id, limit); }
  // The keyings of a slot, in the order they were given.
  Result<std::vector<KeyingRecord>> KeyingsOf(std::int64_t slot_id) { return catalog_.keying().KeyingsOf(slot_id); }
  // A third person's decision on a differing slot: the values become the
  // verified entry. PermissionDenied for one of its two keyers,
  // FailedPrecondition when the slot is not differing.
  Result<SlotState> Resolve(const KeyingRecord& decision) { return catalog_.keying().Resolve(decision); }

  // The entry number ("no") keyed for each slot of the book that is
  // verified or keyed by `user`, in page and row order: what the number
  // checks compare against.
  Result<std::vector<std::pair<SlotRecord, std::string>>> EntryNumbers(const std::string& book_id,
                                                                       const std::string& user) { return catalog_.keying().EntryNumbers(book_id, user); }

  Result<std::vector<ClerkStats>> Stats(const std::string& book_id = "") { return catalog_.keying().Stats(book_id); }
  Result<std::vector<BookKeyingProgress>> Progress(const std::string& book_id = "") { return catalog_.keying().Progress(book_id); }

 private:
  Catalog& catalog_;
};

}  // namespace sohoa::archive
