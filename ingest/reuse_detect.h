// Missed reuse (issue 6): a document scanned into a new dossier although the
// archive already holds it, typically the applicant's ID copy, photocopied
// and scanned again for every procedure. Candidates are the archived
// documents of other dossiers of the same citizen (same citizen ID); a
// candidate is the same document when the recognised texts are nearly the
// same. The new scan is still stored (it is the original the office
// received) but marked as a re-scan of the archived document, which the
// catalog records as a missed reuse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ingest {

// Words per shingle: pairs of neighbouring words keep some of the order
// that tells one filled-in paper from another printed on the same template.
inline constexpr int kReuseShingleWords = 2;
// Fewer word pairs or numbers than these on either side and a text says too
// little to be called the same document (a blank back page, a photo). The
// generator's papers hold at least 85 and 6 (reuse_eval below).
inline constexpr std::size_t kReuseMinShingles = 30;
inline constexpr std::size_t kReuseMinNumbers = 5;
// Similarity at or above which a candidate is the same document: between
// the classes tools/bench/reuse_eval.sh measured on generated papers read by
// sohoa's OCR, re-scans on another scanner (another resolution, noise and
// light, the sheet moved up to 15 mm on the glass and cropped where it left
// it) and a second photocopy of one ID card, against every other pair
// detection can meet (another person's paper on the same template, the same
// person's other papers):
//   seed 60611, 8 people, default fonts: same >= 0.793, other <= 0.462;
//   seed 7331, 6 people, held-out font Noto Serif: same >= 0.782, other <= 0.333;
//   seed 4242, 8 people, Noto Serif: same >= 0.801, other <= 0.444.
// Every same pair above 0.53 and every other below it on all three. Before
// numbers were digits only, a card's machine-readable lines (read otherwise
// on every scan) took seed 4242's lowest same pair down to 0.727.
inline constexpr double kReuseSimilarityAtLeast = 0.53;

// A text as similarity compares it. Words are folded like search (case,
// tone marks, đ) and split at anything not an ASCII letter or digit; words
// of one character are dropped, they are mostly OCR debris. Both sets are
// hashed, sorted and unique.
struct TextFingerprint {
  std::vector<std::uint64_t> shingles;  // runs of kReuseShingleWords neighbouring words
  std::vector<std::uint64_t> numbers;   // the words of digits only (IDs, dates' parts, numbers)
};
TextFingerprint Fingerprint(std::string_view text);

// The overlap coefficient of two sorted unique sets: how much of the
// smaller one the larger holds, 0..1 (0 when either is empty). A copy that
// gained a certification stamp, or lost a line to the scanner, still
// overlaps its original almost wholly.
double Overlap(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// The lower of the word-pair and the number overlap: the same document
// reads alike and carries the same numbers (citizen ID, dates, document
// number). Papers on one template read alike but differ in their numbers;
// two papers of one person share some numbers but read differently.
double Similarity(const TextFingerprint& a, const TextFingerprint& b);

// The citizen IDs that may name the person `document` is about: the
// dossier's citizen_id values and every 12-digit number on the document's
// pages that passes CheckCitizenId, without repeats.
std::vector<std::string> CitizenIdsOf(const DossierRecord& dossier, const DocumentRecord& document);

struct ReuseMatch {
  std::string source;  // "<dossier code>.<n>"
  double similarity = 0;
  std::string evidence;  // for the reuse record
};

// Kinds of document that may be brought again and re-scanned: an ID copy,
// a result (a certificate), a supporting paper. A receipt or a form is made
// for its own dossier, however alike two of one person's are: they are
// neither checked nor candidates.
bool MayBeReused(std::string_view kind);

// The archived document `document` re-scans, if any: the most similar
// candidate of a kind that MayBeReused and not in dossier `code`, at or
// above kReuseSimilarityAtLeast. A
// candidate that is itself a re-scan is followed to the document it
// re-scans, so every copy points at the first one digitized.
std::optional<ReuseMatch> FindRescanned(const DocumentRecord& document, std::string_view code,
                                        std::string_view citizen_id,
                                        const std::vector<archive::ArchivedDocument>& candidates);

// Marks every document of `dossier` of a kind that MayBeReused and that
// re-scans an archived document of another dossier of the same citizen
// (reused_from, reuse_evidence). Returns how many were marked; an error
// only when the catalog cannot be read.
Result<int> MarkMissedReuse(archive::Catalog& catalog, DossierRecord& dossier);

}  // namespace sohoa::ingest
