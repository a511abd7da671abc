// The keying workbench's API (archive/keying.h): clerks take the next entry
// of their pages and key it beside its image; a third person decides where
// two keyings differ; the manager hands out page ranges and watches
// throughput and agreement. Every route reads through the scoped catalog,
// and every image or keying shown is an event.
#include <algorithm>
#include <set>

#include "archive/blob_store.h"
#include "archive/keying.h"
#include "schema/civil_record.h"
#include "schema/date.h"
#include "tools/server/internal/api.h"
#include "tools/server/page_png.h"

namespace sohoa::server {
namespace {

using archive::KeyedValues;
using archive::Keying;
using archive::Role;
using archive::SlotRecord;
using archive::SlotState;

constexpr std::size_t kMaxValueBytes = 300;
constexpr int kDefaultRowWidth = 1600;
constexpr int kDefaultPageWidth = 1200;

nlohmann::json BoxJson(const Box& b) { return {{"x", b.x}, {"y", b.y}, {"w", b.w}, {"h", b.h}}; }

nlohmann::json FormJson(const std::vector<FormField>& form) {
  nlohmann::json out = nlohmann::json::array();
  for (const FormField& f : form) {
    out.push_back({{"key", f.key},
                   {"label", f.label},
                   {"kind", FieldKindName(f.kind)},
                   {"required", f.required},
                   {"suggestion", f.suggestion}});
  }
  return out;
}

nlohmann::json ValuesJson(const KeyedValues& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : values) out[key] = value;
  return out;
}

nlohmann::json BookJson(const archive::BookRecord& b) {
  return {{"id", b.id},       {"type", b.type},     {"title", b.title},   {"year", b.year},
          {"volume", b.volume}, {"commune", b.commune}, {"agency", b.agency_code}};
}

// The book of a slot as the scope shows it; nullopt (having answered 404)
// when it is not there.
std::optional<archive::BookRecord> ScopedBook(ApiRequest& r, const std::string& id) {
  auto book = r.catalog.FindBook(id);
  if (!book.ok()) {
    SendStatus(r, book.status());
    return std::nullopt;
  }
  if (!book->has_value()) {
    Deny(r, 404, id, "no such book in scope");
    return std::nullopt;
  }
  return **book;
}

std::optional<SlotRecord> ScopedSlot(ApiRequest& r, Keying& keying) {
  const auto id = PositiveInt(r.Param(1));
  if (!id) {
    Deny(r, 404, r.Param(1), "no such entry");
    return std::nullopt;
  }
  auto slot = keying.FindSlot(*id);
  if (!slot.ok()) {
    SendStatus(r, slot.status());
    return std::nullopt;
  }
  if (!slot->has_value()) {
    Deny(r, 404, r.Param(1), "no such entry in scope");
    return std::nullopt;
  }
  return **slot;
}

std::string Where(const SlotRecord& s) {
  return "page " + std::to_string(s.page) + " row " + std::to_string(s.position);
}

// What a clerk sees of a slot: where it is, its image, its form.
nlohmann::json SlotJson(Keying& keying, const SlotRecord& slot) {
  nlohmann::json j = {{"id", slot.id},
                      {"book_id", slot.book_id},
                      {"page", slot.page},
                      {"position", slot.position},
                      {"box", BoxJson(slot.box)},
                      {"state", archive::SlotStateName(slot.state)},
                      {"image", "/api/keying/slots/" + std::to_string(slot.id) + "/image"}};
  auto page = keying.Page(slot.book_id, slot.page);
  if (page.ok() && page->has_value()) {
    j["page_width"] = (*page)->width;
    j["page_height"] = (*page)->height;
  }
  return j;
}

// The form's values from a request body: strings of the form's fields only.
std::optional<KeyedValues> BodyValues(ApiRequest& r, const nlohmann::json& body,
                                      const std::vector<FormField>& form) {
  KeyedValues values;
  auto it = body.find("values");
  if (it == body.end() || !it->is_object()) {
    SendStatus(r, InvalidArgument("values: an object of field → text"));
    return std::nullopt;
  }
  for (const auto& item : it->items()) {
    const std::string& key = item.key();
    const auto& value = item.value();
    const bool known = std::any_of(form.begin(), form.end(), [&](const FormField& f) { return f.key == key; });
    if (!known) {
      SendStatus(r, InvalidArgument("values: no field " + key + " on this form"));
      return std::nullopt;
    }
    if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxValueBytes) {
      SendStatus(r, InvalidArgument("values." + key + ": text of at most 300 bytes"));
      return std::nullopt;
    }
    values[key] = value.get<std::string>();
  }
  return values;
}

std::vector<std::string> Confirmed(const nlohmann::json& body) {
  std::vector<std::string> codes;
  auto it = body.find("confirmed");
  if (it == body.end() || !it->is_array()) return codes;
  for (const auto& c : *it) {
    if (c.is_string()) codes.push_back(c.get<std::string>());
  }
  return codes;
}

// The checks of an entry in its book: the numbers of the book's other
// entries (verified, or keyed by this user) and the one before it.
Result<std::vector<EntryIssue>> Check(ApiRequest& r, Keying& keying, const archive::BookRecord& book,
                                      const SlotRecord& slot, const KeyedValues& values) {
  EntryContext context;
  context.book_type = book.type;
  context.first_year = book.year;
  context.last_year = book.year;
  context.today = TodayIso();
  SOHOA_ASSIGN_OR_RETURN(auto others, keying.EntryNumbers(book.id, r.user.name));
  // The row right before this one: the last of the page before for a first row.
  int rows_before = 0;
  if (slot.position == 1 && slot.page > 1) {
    SOHOA_ASSIGN_OR_RETURN(auto previous_page, keying.Slots(book.id, slot.page - 1));
    rows_before = static_cast<int>(previous_page.size());
  }
  // The number of the nearest row before this one, through rows that are
  // no entry (keyed without a number), when every row between is keyed.
  std::optional<long long> chain_number;
  const SlotRecord* chain_end = nullptr;
  auto adjacent = [&](const SlotRecord& a, const SlotRecord& b, bool check_page_end) {
    if (a.page == b.page) return a.position + 1 == b.position;
    return a.page + 1 == b.page && b.position == 1 && (!check_page_end || a.position == rows_before);
  };
  for (const auto& [other, number] : others) {
    if (other.id == slot.id) continue;
    if (!number.empty()) context.other_numbers.insert(NormalizeKeyed(FieldKind::kNumber, number));
    const bool before = other.page < slot.page || (other.page == slot.page && other.position < slot.position);
    if (!before) continue;
    if (chain_end == nullptr || !adjacent(*chain_end, other, false)) chain_number.reset();
    chain_end = &other;
    if (!number.empty()) {
      if (number.find_first_not_of("0123456789") == std::string::npos && number.size() < 16) {
        chain_number = std::stoll(number);
      } else {
        chain_number.reset();
      }
    }
  }
  if (chain_end != nullptr && adjacent(*chain_end, slot, true)) context.previous_number = chain_number;
  return CheckEntry(context, values);
}

nlohmann::json IssuesJson(const std::vector<EntryIssue>& issues) {
  nlohmann::json out = nlohmann::json::array();
  for (const EntryIssue& i : issues) {
    out.push_back({{"field", i.field}, {"code", i.code}, {"message", i.message}, {"confirmable", i.confirmable}});
  }
  return out;
}

// The issues not among `confirmed`; empty when the keying may be saved.
std::vector<EntryIssue> Unconfirmed(const std::vector<EntryIssue>& issues,
                                    const std::vector<std::string>& confirmed) {
  std::vector<EntryIssue> left;
  for (const EntryIssue& i : issues) {
    if (!i.confirmable || std::find(confirmed.begin(), confirmed.end(), i.code) == confirmed.end()) {
      left.push_back(i);
    }
  }
  return left;
}

void SendIssues(ApiRequest& r, const std::vector<EntryIssue>& issues) {
  SendJson(r.res, 422, {{"error", Text(Msg::kKeyingHasIssues)},
                        {"hint", Text(Msg::kKeyingHasIssuesHint)},
                        {"issues", IssuesJson(issues)}});
}

void SendKeyingRefusal(ApiRequest& r, const Status& status) {
  if (status.code() == StatusCode::kPermissionDenied) {
    (void)r.catalog.AppendEvent({"denied", r.Param(1), r.user.name, "failure", status.message(), ""});
    return SendError(r.res, 403, Msg::kKeyingNotYours, Msg::kKeyingNotYoursHint);
  }
  if (status.code() == StatusCode::kFailedPrecondition) {
    return SendError(r.res, 409, Msg::kKeyingAlreadyDone, Msg::kKeyingAlreadyDoneHint);
  }
  SendStatus(r, status);
}

// GET /api/keying/books: the books in scope, their progress, and the pages
// assigned to the user asking.
void Books(ApiRequest& r) {
  Keying keying(r.catalog);
  auto books = r.catalog.Books();
  if (!books.ok()) return SendStatus(r, books.status());
  auto progress = keying.Progress();
  if (!progress.ok()) return SendStatus(r, progress.status());
  auto assignments = keying.Assignments();
  if (!assignments.ok()) return SendStatus(r, assignments.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::BookRecord& b : *books) {
    nlohmann::json j = BookJson(b);
    for (const archive::BookKeyingProgress& p : *progress) {
      if (p.book_id != b.id) continue;
      j["mode"] = archive::KeyingModeName(p.mode);
      j["pages"] = p.pages;
      j["slots"] = p.slots;
      j["keyed_once"] = p.keyed_once;
      j["differ"] = p.differ;
      j["verified"] = p.verified;
      j["entries_expected"] = p.entries_expected ? nlohmann::json(*p.entries_expected) : nlohmann::json();
    }
    nlohmann::json mine = nlohmann::json::array();
    for (const archive::Assignment& a : *assignments) {
      if (a.book_id == b.id && a.user == r.user.name) {
        mine.push_back({{"first_page", a.first_page}, {"last_page", a.last_page}});
      }
    }
    j["mine"] = std::move(mine);
    out.push_back(std::move(j));
  }
  SendJson(r.res, 200, out);
}

// What the workbench needs to show one slot for keying. The pre-fill goes
// to the first keyer only: the second keys blind, so an OCR error the first
// accepted shows up as a disagreement.
void SendSlotForKeying(ApiRequest& r, Keying& keying, const SlotRecord& slot) {
  auto book = ScopedBook(r, slot.book_id);
  if (!book) return;
  nlohmann::json body = {{"slot", SlotJson(keying, slot)},
                         {"book", BookJson(*book)},
                         {"form", FormJson(KeyingForm(book->type))}};
  const bool first = slot.keyings == 0;
  body["values"] = ValuesJson(first ? slot.prefill : KeyedValues{});
  nlohmann::json prefilled = nlohmann::json::array();
  if (first) {
    for (const auto& [key, unused] : slot.prefill) prefilled.push_back(key);
  }
  body["prefilled"] = std::move(prefilled);
  auto mode = keying.Mode(slot.book_id);
  body["book"]["mode"] = mode.ok() ? archive::KeyingModeName(*mode) : "double";
  // The entry after this one, so the page can fetch its image while the
  // clerk types: Enter then shows it at once.
  auto following = keying.Following(r.user.name, slot.book_id, slot.id);
  if (following.ok() && following->has_value()) {
    body["following"] = {{"id", (*following)->id},
                         {"image", "/api/keying/slots/" + std::to_string((*following)->id) + "/image"}};
  }
  Audit(r, "view", slot.book_id, "keying " + Where(slot));
  SendJson(r.res, 200, body);
}

// GET /api/keying/next?book=ID
void Next(ApiRequest& r) {
  Keying keying(r.catalog);
  const std::string book = r.Query("book");
  if (!book.empty() && !ScopedBook(r, book)) return;
  auto slot = keying.NextSlot(r.user.name, book);
  if (!slot.ok()) return SendStatus(r, slot.status());
  if (!slot->has_value()) {
    auto assignments = keying.Assignments(book);
    if (!assignments.ok()) return SendStatus(r, assignments.status());
    const bool any = std::any_of(assignments->begin(), assignments->end(),
                                 [&](const archive::Assignment& a) { return a.user == r.user.name; });
    return SendJson(r.res, 200, {{"slot", nullptr},
                                 {"message", Text(any ? Msg::kKeyingAllDone : Msg::kKeyingNothingAssigned)}});
  }
  SendSlotForKeying(r, keying, **slot);
}

// GET /api/keying/slots/{id}: one slot the user may key.
void ShowSlot(ApiRequest& r) {
  Keying keying(r.catalog);
  auto slot = ScopedSlot(r, keying);
  if (!slot) return;
  if (Status s = keying.CanKey(r.user.name, *slot); !s.ok()) return SendKeyingRefusal(r, s);
  SendSlotForKeying(r, keying, *slot);
}

// GET /api/keying/slots/{id}/image[?page=1][&width=N]: the row with a margin
// above and below, or the whole page.
void SlotImage(ApiRequest& r) {
  Keying keying(r.catalog);
  auto slot = ScopedSlot(r, keying);
  if (!slot) return;
  const bool whole = r.Query("page") == "1";
  const auto width = IntParam(r, "width", whole ? kDefaultPageWidth : 0, kMinImageWidth, kMaxImageWidth);
  if (!width) return;
  auto page = keying.Page(slot->book_id, slot->page);
  if (!page.ok()) return SendStatus(r, page.status());
  if (!page->has_value() || (*page)->image_sha256.empty()) {
    return SendStatus(r, Internal("book " + slot->book_id + " page " + std::to_string(slot->page) +
                                  " has no scan"));
  }
  Box crop = slot->box;
  const int margin = std::max(crop.h * 2 / 5, 12);
  crop.x -= margin;
  crop.w += 2 * margin;
  crop.y -= margin;
  crop.h += 2 * margin;
  crop.x = std::max(crop.x, 0);
  crop.y = std::max(crop.y, 0);
  const bool have_box = slot->box.w > 0 && slot->box.h > 0;
  const int row_width = *width > 0 ? *width : std::min(kDefaultRowWidth, std::max(crop.w, kMinImageWidth));
  auto png = PagePng(r.blobs, (*page)->image_sha256, (*page)->source_page, 0, whole ? *width : row_width,
                     whole || !have_box ? nullptr : &crop);
  if (!png.ok()) {
    return SendStatus(r, png.status().code() == StatusCode::kNotFound ? Internal(png.status().message())
                                                                       : png.status());
  }
  Audit(r, "page", slot->book_id, Where(*slot) + (whole ? " page image" : " row image"));
  r.res.set_header("Cache-Control", "private, max-age=3600");
  r.res.set_content(*png, "image/png");
}

// POST /api/keying/check {slot, values}: the issues of the values as typed.
void CheckValues(ApiRequest& r) {
  auto body = JsonBody(r);
  if (!body) return;
  Keying keying(r.catalog);
  auto it = body->find("slot");
  if (it == body->end() || !it->is_number_integer()) return SendStatus(r, InvalidArgument("slot: an entry id"));
  auto slot = keying.FindSlot(it->get<std::int64_t>());
  if (!slot.ok()) return SendStatus(r, slot.status());
  if (!slot->has_value()) return Deny(r, 404, std::to_string(it->get<std::int64_t>()), "no such entry in scope");
  auto book = ScopedBook(r, (*slot)->book_id);
  if (!book) return;
  auto values = BodyValues(r, *body, KeyingForm(book->type));
  if (!values) return;
  auto issues = Check(r, keying, *book, **slot, *values);
  if (!issues.ok()) return SendStatus(r, issues.status());
  SendJson(r.res, 200, {{"issues", IssuesJson(*issues)}});
}

// {"not_an_entry": true}: the row holds no registration (a wrapped line, a
// blank or struck-out row); saved without values and without checks.
bool NotAnEntry(const nlohmann::json& body) {
  auto it = body.find("not_an_entry");
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

double Seconds(const nlohmann::json& body) {
  auto it = body.find("seconds");
  if (it == body.end() || !it->is_number()) return 0;
  return std::clamp(it->get<double>(), 0.0, 3600.0);
}

// A keying or decision from a request body, checked: the form's values
// with the issues the user confirmed, or {"not_an_entry": true}. nullopt
// having answered (400, or 422 with the issues left to fix or confirm).
std::optional<archive::KeyingRecord> Keyed(ApiRequest& r, Keying& keying, const archive::BookRecord& book,
                                           const SlotRecord& slot, const nlohmann::json& body, bool decision) {
  archive::KeyingRecord keyed{slot.id, r.user.name, decision, {}, {}, Seconds(body), ""};
  if (NotAnEntry(body)) {
    keyed.warnings.push_back("not_an_entry");
    return keyed;
  }
  auto values = BodyValues(r, body, KeyingForm(book.type));
  if (!values) return std::nullopt;
  auto issues = Check(r, keying, book, slot, *values);
  if (!issues.ok()) {
    SendStatus(r, issues.status());
    return std::nullopt;
  }
  if (auto left = Unconfirmed(*issues, Confirmed(body)); !left.empty()) {
    SendIssues(r, left);
    return std::nullopt;
  }
  for (const EntryIssue& i : *issues) keyed.warnings.push_back(i.code);
  keyed.values = std::move(values).value();
  return keyed;
}

// POST /api/keying/slots/{id} {values, seconds, confirmed}
void Save(ApiRequest& r) {
  Keying keying(r.catalog);
  auto slot = ScopedSlot(r, keying);
  if (!slot) return;
  auto body = JsonBody(r);
  if (!body) return;
  auto book = ScopedBook(r, slot->book_id);
  if (!book) return;
  if (Status s = keying.CanKey(r.user.name, *slot); !s.ok()) return SendKeyingRefusal(r, s);
  auto keyed = Keyed(r, keying, *book, *slot, *body, false);
  if (!keyed) return;
  auto state = keying.SaveKeying(*keyed);
  if (!state.ok()) return SendKeyingRefusal(r, state.status());
  SendJson(r.res, 200, {{"state", archive::SlotStateName(*state)}, {"slot", slot->id}});
}

// GET /api/keying/conflicts?book=ID
void Conflicts(ApiRequest& r) {
  Keying keying(r.catalog);
  const auto limit = IntParam(r, "limit", 100, 1, 1000);
  if (!limit) return;
  auto slots = keying.Conflicts(r.user.name, r.Query("book"), *limit);
  if (!slots.ok()) return SendStatus(r, slots.status());
  nlohmann::json items = nlohmann::json::array();
  for (const SlotRecord& s : *slots) {
    items.push_back({{"id", s.id}, {"book_id", s.book_id}, {"page", s.page}, {"position", s.position}});
  }
  SendJson(r.res, 200, {{"items", items}});
}

// The differing slot of the path that the user may decide; nullopt having
// answered otherwise.
std::optional<SlotRecord> DecidableSlot(ApiRequest& r, Keying& keying,
                                        std::vector<archive::KeyingRecord>& keyings) {
  auto slot = ScopedSlot(r, keying);
  if (!slot) return std::nullopt;
  if (slot->state != SlotState::kDiffer) {
    SendKeyingRefusal(r, FailedPrecondition("entry " + std::to_string(slot->id) + " is not differing"));
    return std::nullopt;
  }
  auto all = keying.KeyingsOf(slot->id);
  if (!all.ok()) {
    SendStatus(r, all.status());
    return std::nullopt;
  }
  for (const archive::KeyingRecord& k : *all) {
    if (k.user == r.user.name) {
      SendKeyingRefusal(r, PermissionDenied(r.user.name + " keyed entry " + std::to_string(slot->id)));
      return std::nullopt;
    }
  }
  keyings = std::move(all).value();
  return slot;
}

// GET /api/keying/conflicts/{id}: the two keyings side by side.
void ShowConflict(ApiRequest& r) {
  Keying keying(r.catalog);
  std::vector<archive::KeyingRecord> keyings;
  auto slot = DecidableSlot(r, keying, keyings);
  if (!slot) return;
  auto book = ScopedBook(r, slot->book_id);
  if (!book) return;
  const std::vector<FormField>& form = KeyingForm(book->type);
  nlohmann::json shown = nlohmann::json::array();
  for (const archive::KeyingRecord& k : keyings) {
    if (!k.resolution) shown.push_back({{"user", k.user}, {"values", ValuesJson(k.values)}});
  }
  nlohmann::json differing = nlohmann::json::array();
  if (keyings.size() >= 2) differing = DifferingFields(book->type, keyings[0].values, keyings[1].values);
  Audit(r, "view", slot->book_id, "keying decision " + Where(*slot));
  SendJson(r.res, 200, {{"slot", SlotJson(keying, *slot)},
                        {"book", BookJson(*book)},
                        {"form", FormJson(form)},
                        {"keyings", shown},
                        {"differing", differing}});
}

// POST /api/keying/conflicts/{id} {values, confirmed}
void Decide(ApiRequest& r) {
  Keying keying(r.catalog);
  std::vector<archive::KeyingRecord> keyings;
  auto slot = DecidableSlot(r, keying, keyings);
  if (!slot) return;
  auto body = JsonBody(r);
  if (!body) return;
  auto book = ScopedBook(r, slot->book_id);
  if (!book) return;
  auto keyed = Keyed(r, keying, *book, *slot, *body, true);
  if (!keyed) return;
  auto state = keying.Resolve(*keyed);
  if (!state.ok()) return SendKeyingRefusal(r, state.status());
  SendJson(r.res, 200, {{"state", archive::SlotStateName(*state)}, {"slot", slot->id}});
}

nlohmann::json AssignmentJson(const archive::Assignment& a) {
  return {{"id", a.id},         {"book_id", a.book_id},         {"first_page", a.first_page},
          {"last_page", a.last_page}, {"user", a.user}, {"assigned_by", a.assigned_by},
          {"assigned_at", a.assigned_at}};
}

// GET /api/keying/assignments?book=ID
void Assignments(ApiRequest& r) {
  auto list = Keying(r.catalog).Assignments(r.Query("book"));
  if (!list.ok()) return SendStatus(r, list.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::Assignment& a : *list) out.push_back(AssignmentJson(a));
  SendJson(r.res, 200, out);
}

// A clerk the manager may hand pages of `book` to: a keying role whose
// agencies cover the book's.
Status CheckClerk(ApiRequest& r, const std::string& name, const archive::BookRecord& book) {
  auto user = archive::FindUser(r.catalog, name);
  if (!user.ok()) return user.status();
  if (!user->has_value() || (*user)->disabled ||
      ((*user)->role != Role::kStaff && (*user)->role != Role::kArchivist)) {
    return InvalidArgument(Text(Msg::kKeyingNoSuchClerk, {name}));
  }
  if (!(*user)->Covers(book.agency_code)) {
    return InvalidArgument(Text(Msg::kKeyingClerkOutOfScope, {name, book.id}));
  }
  return Status::Ok();
}

int IntMember(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// POST /api/keying/assignments {book, first_page, last_page, user}
void Assign(ApiRequest& r) {
  auto body = JsonBody(r);
  if (!body) return;
  auto book = ScopedBook(r, StringMember(*body, "book"));
  if (!book) return;
  const std::string user = StringMember(*body, "user");
  if (Status s = CheckClerk(r, user, *book); !s.ok()) return SendStatus(r, s);
  archive::Assignment a;
  a.book_id = book->id;
  a.first_page = IntMember(*body, "first_page");
  a.last_page = IntMember(*body, "last_page");
  a.user = user;
  a.assigned_by = r.user.name;
  auto id = Keying(r.catalog).Assign(a);
  if (!id.ok()) return SendStatus(r, id.status());
  a.id = *id;
  SendJson(r.res, 201, AssignmentJson(a));
}

// DELETE /api/keying/assignments/{id}
void Unassign(ApiRequest& r) {
  const auto id = PositiveInt(r.Param(1));
  if (!id) return Deny(r, 404, r.Param(1), "no such assignment");
  if (Status s = Keying(r.catalog).Unassign(*id, r.user.name); !s.ok()) {
    if (s.code() == StatusCode::kNotFound) return Deny(r, 404, r.Param(1), "no such assignment in scope");
    return SendStatus(r, s);
  }
  r.res.status = 204;
}

// POST /api/keying/books/{id}/mode {mode}
void SetMode(ApiRequest& r) {
  auto book = ScopedBook(r, r.Param(1));
  if (!book) return;
  auto body = JsonBody(r);
  if (!body) return;
  const auto mode = archive::ParseKeyingMode(StringMember(*body, "mode"));
  if (!mode) return SendStatus(r, InvalidArgument("mode: double or single"));
  if (Status s = Keying(r.catalog).SetMode(book->id, *mode, r.user.name); !s.ok()) return SendStatus(r, s);
  SendJson(r.res, 200, {{"book", book->id}, {"mode", archive::KeyingModeName(*mode)}});
}

// GET /api/keying/stats?book=ID: throughput and agreement per clerk.
void Stats(ApiRequest& r) {
  auto stats = Keying(r.catalog).Stats(r.Query("book"));
  if (!stats.ok()) return SendStatus(r, stats.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::ClerkStats& c : *stats) {
    out.push_back({{"user", c.user},
                   {"keyed", c.keyed},
                   {"resolved", c.resolved},
                   {"compared", c.compared},
                   {"agreed", c.agreed},
                   {"agreement_rate", c.compared > 0 ? nlohmann::json(static_cast<double>(c.agreed) /
                                                                      static_cast<double>(c.compared))
                                                     : nlohmann::json()},
                   {"seconds_per_entry", c.keyed > 0 ? nlohmann::json(c.seconds / static_cast<double>(c.keyed))
                                                     : nlohmann::json()},
                   {"last_keyed_at", c.last_keyed_at}});
  }
  SendJson(r.res, 200, out);
}

// GET /api/keying/clerks: who the manager may hand pages to.
void Clerks(ApiRequest& r) {
  auto users = archive::ListUsers(r.catalog);
  if (!users.ok()) return SendStatus(r, users.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::User& u : *users) {
    if (u.disabled || (u.role != Role::kStaff && u.role != Role::kArchivist)) continue;
    const bool shared = std::any_of(u.agencies.begin(), u.agencies.end(), [&](const std::string& code) {
      return r.user.Covers(code);
    });
    if (shared) out.push_back({{"name", u.name}, {"role", archive::RoleName(u.role)}});
  }
  SendJson(r.res, 200, out);
}

}  // namespace

void AddKeyingRoutes(Router& router) {
  const std::vector<Role> clerks = {Role::kStaff, Role::kArchivist};
  router.Add({"GET", "/api/keying/books", Auth::kRoles, {Role::kStaff, Role::kArchivist, Role::kManager}, Books});
  router.Add({"GET", "/api/keying/next", Auth::kRoles, clerks, Next});
  router.Add({"GET", "/api/keying/slots/{id}", Auth::kRoles, clerks, ShowSlot});
  router.Add({"POST", "/api/keying/slots/{id}", Auth::kRoles, clerks, Save});
  router.Add({"GET", "/api/keying/slots/{id}/image", Auth::kRoles, clerks, SlotImage});
  router.Add({"POST", "/api/keying/check", Auth::kRoles, clerks, CheckValues});
  router.Add({"GET", "/api/keying/conflicts", Auth::kRoles, clerks, Conflicts});
  router.Add({"GET", "/api/keying/conflicts/{id}", Auth::kRoles, clerks, ShowConflict});
  router.Add({"POST", "/api/keying/conflicts/{id}", Auth::kRoles, clerks, Decide});
  router.Add({"GET", "/api/keying/assignments", Auth::kRoles, {Role::kManager, Role::kArchivist}, Assignments});
  router.Add({"POST", "/api/keying/assignments", Auth::kRoles, {Role::kManager}, Assign});
  router.Add({"DELETE", "/api/keying/assignments/{id}", Auth::kRoles, {Role::kManager}, Unassign});
  router.Add({"POST", "/api/keying/books/{id}/mode", Auth::kRoles, {Role::kManager}, SetMode});
  router.Add({"GET", "/api/keying/stats", Auth::kRoles, {Role::kManager, Role::kArchivist}, Stats});
  router.Add({"GET", "/api/keying/clerks", Auth::kRoles, {Role::kManager}, Clerks});
}

}  // namespace sohoa::server
