#include "tools/cli/command_line.h"

#include <algorithm>
#include <string_view>

#include "schema/messages.h"

namespace sohoa::cli {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The named option of `app` (not a positional), or null.
const CLI::Option* NamedOption(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->nonpositional() && option->check_name(name)) return option;
  }
  return nullptr;
}

// The option `word` names ("--limit", "--limit=5", "-h") among the
// subcommand's and, as CLI11 falls through, the program's; null for any
// other word.
const CLI::Option* OptionNamed(const CLI::App& app, const CLI::App* command, const std::string& word) {
  if (word.size() < 2 || word[0] != '-') return nullptr;
  const std::string name = word.substr(0, word.find('='));
  if (command != nullptr) {
    if (const CLI::Option* option = NamedOption(*command, name)) return option;
  }
  return NamedOption(app, name);
}

// A flag expects no value (CLI11 gives flags a type size of 1 all the same).
bool TakesValue(const CLI::Option& option, const std::string& word) {
  return option.get_expected_max() > 0 && word.find('=') == std::string::npos;
}

const CLI::App* Subcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* command : const_cast<CLI::App&>(app).get_subcommands({})) {
    if (command->check_name(name)) return command;
  }
  return nullptr;
}

// Levenshtein distance over bytes (subcommand names are ASCII).
std::size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

Status UnknownSubcommand(const CLI::App& app, const std::string& word) {
  std::string nearest;
  std::size_t best = std::string::npos;
  std::string names;
  for (const CLI::App* command : const_cast<CLI::App&>(app).get_subcommands({})) {
    const std::string& name = command->get_name();
    names += (names.empty() ? "" : ", ") + name;
    const std::size_t d = Distance(word, name);
    if (d < best || (StartsWith(name, word) && !StartsWith(nearest, word))) {
      best = d;
      nearest = name;
    }
  }
  std::string message = Text(Msg::kUnknownCommand, {word}) + " ";
  if (best <= std::max<std::size_t>(2, word.size() / 3) || StartsWith(nearest, word)) {
    message += Text(Msg::kDidYouMean, {nearest});
  } else {
    message += Text(Msg::kCommandsAre, {names});
  }
  return InvalidArgument(message + " " + Text(Msg::kSeeHelp));
}

}  // namespace

Result<std::vector<std::string>> PrepareArguments(const CLI::App& app, std::vector<std::string> args) {
  std::size_t i = 1;
  const CLI::App* command = nullptr;
  while (i < args.size()) {
    const std::string& word = args[i];
    if (word == "--") return args;
    if (const CLI::Option* option = OptionNamed(app, nullptr, word)) {
      i += TakesValue(*option, word) ? 2 : 1;
      continue;
    }
    if (StartsWith(word, "-")) return args;  // CLI11 says what is wrong with it
    command = Subcommand(app, word);
    if (command == nullptr) return UnknownSubcommand(app, word);
    break;
  }
  if (command == nullptr) return args;
  const CLI::Option* query = nullptr;
  for (const CLI::Option* option : command->get_options()) {
    if (option->get_positional() && option->get_name() == "query") query = option;
  }
  if (query == nullptr) return args;

  std::vector<std::string> out(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(i + 1));
  std::vector<std::string> words;
  for (std::size_t j = i + 1; j < args.size(); ++j) {
    const std::string& word = args[j];
    if (word == "--") {
      words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(j + 1), args.end());
      break;
    }
    const CLI::Option* option = OptionNamed(app, command, word);
    if (option == nullptr) {
      words.push_back(word);
      continue;
    }
    out.push_back(word);
    if (TakesValue(*option, word) && j + 1 < args.size()) out.push_back(args[++j]);
  }
  if (!words.empty()) {
    out.push_back("--");
    out.insert(out.end(), words.begin(), words.end());
  }
  return out;
}

std::string JoinQuery(const std::vector<std::string>& words) {
  std::string q;
  for (const std::string& word : words) {
    std::string part = word;
    const std::size_t colon = word.find(':');
    const std::size_t space = word.find_first_of(" \t");
    const bool filter = colon != std::string::npos && colon > 0 && space != std::string::npos &&
                        word.find('"') == std::string::npos && space > colon;
    if (filter) part = word.substr(0, colon + 1) + "\"" + word.substr(colon + 1) + "\"";
    q += (q.empty() ? "" : " ") + part;
  }
  return q;
}

std::string UnquotedFilterHint(const std::vector<std::string>& words) {
  // The filters whose values are names of several words.
  static constexpr std::string_view kMultiWord[] = {"procedure:", "field:", "name:"};
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& word = words[i];
    const auto filter = std::find_if(std::begin(kMultiWord), std::end(kMultiWord),
                                     [&](std::string_view f) { return StartsWith(word, f); });
    if (filter == std::end(kMultiWord) || word.size() == filter->size()) continue;
    // Quoted already, or a code (procedure:1.001193) followed by a word meant as one.
    if (word.find_first_of("\" \t0123456789") != std::string::npos) continue;
    const std::string& next = words[i + 1];
    if (next.empty() || next.find(':') != std::string::npos || next[0] == '-' || next[0] == '"') continue;
    std::string value = word.substr(filter->size());
    for (std::size_t k = i + 1; k < words.size(); ++k) {
      const std::string& w = words[k];
      if (w.empty() || w.find(':') != std::string::npos || w[0] == '-' || w[0] == '"') break;
      value += " " + w;
    }
    const std::string name(filter->substr(0, filter->size() - 1));
    return Text(Msg::kUnquotedFilter, {name, word.substr(filter->size()), next, value});
  }
  return "";
}

}  // namespace sohoa::cli
