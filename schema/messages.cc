#include "schema/messages.h"

#include <array>
#include <atomic>
#include <cstdlib>

namespace sohoa {
namespace {

constexpr std::size_t kMessages = static_cast<std::size_t>(Msg::kCount);

// -1 until SetLanguage, or the first Text(), reads the environment.
std::atomic<int> g_language{-1};

using Table = std::array<const char*, kMessages>;

Table Index(MessageCatalog catalog) {
  Table table{};
  for (std::size_t i = 0; i < catalog.size; ++i) {
    table[static_cast<std::size_t>(catalog.entries[i].id)] = catalog.entries[i].text;
  }
  return table;
}

const Table& TableOf(Language language) {
  static const Table vietnamese = Index(VietnameseMessages());
  static const Table english = Index(EnglishMessages());
  return language == Language::kEnglish ? english : vietnamese;
}

std::string Format(const char* text, std::initializer_list<std::string_view> args) {
  std::string out;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c == '{' && c[1] >= '1' && c[1] <= '9' && c[2] == '}') {
      const std::size_t n = static_cast<std::size_t>(c[1] - '1');
      if (n < args.size()) out += *(args.begin() + n);
      c += 2;
      continue;
    }
    out += *c;
  }
  return out;
}

}  // namespace

void SetLanguage(Language language) { g_language.store(static_cast<int>(language)); }

Language CurrentLanguage() {
  int language = g_language.load();
  if (language < 0) {
    language = static_cast<int>(LanguageFromEnvironment());
    g_language.store(language);
  }
  return static_cast<Language>(language);
}

std::optional<Language> ParseLanguage(std::string_view name) {
  const std::string_view lang = name.substr(0, name.find_first_of("_.@-"));
  if (lang == "vi") return Language::kVietnamese;
  if (lang == "en") return Language::kEnglish;
  return std::nullopt;
}

Language LanguageFromEnvironment() {
  for (const char* variable : {"SOHOA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    return ParseLanguage(value).value_or(Language::kVietnamese);
  }
  return Language::kVietnamese;
}

std::string TextIn(Language language, Msg id, std::initializer_list<std::string_view> args) {
  const std::size_t i = static_cast<std::size_t>(id);
  const char* text = i < kMessages ? TableOf(language)[i] : nullptr;
  if (text == nullptr) text = i < kMessages ? TableOf(Language::kEnglish)[i] : nullptr;
  return text == nullptr ? std::string("(message ") + std::to_string(i) + ")" : Format(text, args);
}

std::string Text(Msg id, std::initializer_list<std::string_view> args) {
  return TextIn(CurrentLanguage(), id, args);
}

std::string ForStaff(const Status& status) {
  Msg why = Msg::kReasonOther;
  switch (status.code()) {
    case StatusCode::kCorrupt: why = Msg::kReasonCorrupt; break;
    case StatusCode::kUnsupported: why = Msg::kReasonUnsupported; break;
    case StatusCode::kInvalidArgument: why = Msg::kReasonInvalid; break;
    case StatusCode::kNotFound: why = Msg::kReasonNotFound; break;
    case StatusCode::kIoError: why = Msg::kReasonIo; break;
    default: break;
  }
  // sohoa's own reasons are written in English for staff already.
  if (CurrentLanguage() == Language::kEnglish) return status.message();
  return Text(why) + " " + Text(Msg::kNoteDetail, {status.message()});
}

}  // namespace sohoa
