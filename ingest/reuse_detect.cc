#include "ingest/reuse_detect.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "schema/citizen_id.h"
#include "schema/text.h"

namespace sohoa::ingest {
namespace {

bool IsWordByte(unsigned char c) {
  // Folding leaves every Vietnamese letter ASCII: what else remains is OCR
  // debris (dashes, quotes, stray symbols from seals and photos).
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::uint64_t Fnv1a(std::string_view bytes, std::uint64_t hash = 14695981039346656037ull) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string JoinedText(const DocumentRecord& document) {
  std::string text;
  for (const PageRecord& page : document.pages) text += page.text + "\n";
  return text;
}

std::string JoinedText(const archive::ArchivedDocument& document) {
  std::string text;
  for (const std::string& page : document.page_texts) text += page + "\n";
  return text;
}

bool TwelveDigits(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool SaysEnough(const TextFingerprint& f) {
  return f.shingles.size() >= kReuseMinShingles && f.numbers.size() >= kReuseMinNumbers;
}

std::string Fixed2(double value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  return buf;
}

}  // namespace

TextFingerprint Fingerprint(std::string_view text) {
  const std::string folded = FoldForSearch(text);
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsWordByte(static_cast<unsigned char>(folded[i]))) ++i;
    std::size_t start = i;
    while (i < folded.size() && IsWordByte(static_cast<unsigned char>(folded[i]))) ++i;
    if (i - start >= 2) words.push_back(std::string_view(folded).substr(start, i - start));
  }
  TextFingerprint out;
  const std::size_t n = kReuseShingleWords;
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (std::all_of(words[w].begin(), words[w].end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      out.numbers.push_back(Fnv1a(words[w]));
    }
    if (w + n > words.size()) continue;
    std::uint64_t hash = Fnv1a(words[w]);
    for (std::size_t k = 1; k < n; ++k) hash = Fnv1a(words[w + k], Fnv1a(" ", hash));
    out.shingles.push_back(hash);
  }
  for (auto* set : {&out.shingles, &out.numbers}) {
    std::sort(set->begin(), set->end());
    set->erase(std::unique(set->begin(), set->end()), set->end());
  }
  return out;
}

double Overlap(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  auto x = a.begin(), y = b.begin();
  while (x != a.end() && y != b.end()) {
    if (*x < *y) {
      ++x;
    } else if (*y < *x) {
      ++y;
    } else {
      ++common;
      ++x;
      ++y;
    }
  }
  return static_cast<double>(common) / static_cast<double>(std::min(a.size(), b.size()));
}

double Similarity(const TextFingerprint& a, const TextFingerprint& b) {
  return std::min(Overlap(a.shingles, b.shingles), Overlap(a.numbers, b.numbers));
}

bool MayBeReused(std::string_view kind) {
  return kind == kKindIdCopy || kind == kKindResult || kind == kKindOther;
}

std::vector<std::string> CitizenIdsOf(const DossierRecord& dossier,
                                      const DocumentRecord& document) {
  std::vector<std::string> ids;
  auto add = [&ids](std::string id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  };
  // A field value flagged for review is still worth looking up: only a
  // near-identical text makes a match, so a wrong number finds nothing.
  for (const FieldValue& f : dossier.fields) {
    if (f.name == "citizen_id" && TwelveDigits(f.value)) add(f.value);
  }
  for (const PageRecord& page : document.pages) {
    const std::string& t = page.text;
    std::size_t i = 0;
    while (i < t.size()) {
      if (t[i] < '0' || t[i] > '9') {
        ++i;
        continue;
      }
      std::size_t start = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      std::string_view run = std::string_view(t).substr(start, i - start);
      if (TwelveDigits(run) && CheckCitizenId(run).acceptable()) add(std::string(run));
    }
  }
  return ids;
}

std::optional<ReuseMatch> FindRescanned(const DocumentRecord& document, std::string_view code,
                                        std::string_view citizen_id,
                                        const std::vector<archive::ArchivedDocument>& candidates) {
  const TextFingerprint mine = Fingerprint(JoinedText(document));
  if (!SaysEnough(mine)) return std::nullopt;
  const archive::ArchivedDocument* best = nullptr;
  double best_similarity = 0, best_words = 0, best_numbers = 0;
  for (const archive::ArchivedDocument& candidate : candidates) {
    if (candidate.dossier_code == code || !MayBeReused(candidate.kind)) continue;
    const TextFingerprint theirs = Fingerprint(JoinedText(candidate));
    if (!SaysEnough(theirs)) continue;
    const double similarity = Similarity(mine, theirs);
    if (similarity > best_similarity) {
      best = &candidate;
      best_similarity = similarity;
      best_words = Overlap(mine.shingles, theirs.shingles);
      best_numbers = Overlap(mine.numbers, theirs.numbers);
    }
  }
  if (best == nullptr || best_similarity < kReuseSimilarityAtLeast) return std::nullopt;
  ReuseMatch match;
  match.source = best->identifier;
  match.similarity = best_similarity;
  match.evidence = "similarity " + Fixed2(best_similarity) + " (words " + Fixed2(best_words) +
                   ", numbers " + Fixed2(best_numbers) + "; at least " +
                   Fixed2(kReuseSimilarityAtLeast) + ") to " + best->identifier + " (" +
                   best->kind + "), same citizen ID " + std::string(citizen_id);
  // Point at the first digitized copy, unless that one is in this very
  // dossier: reuse is always of another dossier's document.
  const std::string& root = best->reused_from;
  if (!root.empty() && root.compare(0, root.rfind('.'), code) != 0) {
    match.source = root;
    match.evidence += ", itself a re-scan of " + root;
  }
  return match;
}

Result<int> MarkMissedReuse(archive::Catalog& catalog, DossierRecord& dossier) {
  std::map<std::string, std::vector<archive::ArchivedDocument>> by_citizen;
  int marked = 0;
  for (DocumentRecord& document : dossier.documents) {
    if (!document.reused_from.empty() || !MayBeReused(document.kind)) continue;
    std::optional<ReuseMatch> best;
    for (const std::string& id : CitizenIdsOf(dossier, document)) {
      auto known = by_citizen.find(id);
      if (known == by_citizen.end()) {
        SOHOA_ASSIGN_OR_RETURN(auto candidates, catalog.DocumentsOfCitizen(id));
        known = by_citizen.emplace(id, std::move(candidates)).first;
      }
      auto match = FindRescanned(document, dossier.code, id, known->second);
      if (match && (!best || match->similarity > best->similarity)) best = std::move(match);
    }
    if (best) {
      document.reused_from = best->source;
      document.reuse_evidence = best->evidence;
      ++marked;
    }
  }
  return marked;
}

}  // namespace sohoa::ingest
