// The command line before CLI11 reads it: query words that look like options
// stay query words, and an unknown subcommand is named with the nearest one.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "schema/status.h"

namespace sohoa::cli {

// `args` (argv, program name first) rewritten so that CLI11 reads every
// query word of a subcommand with a positional "query" (search, export) as a
// query word: "-lan", "-hon", "-kind:receipt" and any other word starting
// with '-' that is not one of that subcommand's options (or the program's)
// move, in the order typed, after a "--" at the end; the options and their
// values stay in front. Other command lines come back unchanged.
// InvalidArgument naming the word and the nearest subcommand when the first
// word that is not an option is no subcommand ("sohoa serch foo").
Result<std::vector<std::string>> PrepareArguments(const CLI::App& app, std::vector<std::string> args);

// The query a subcommand's words make: words joined by spaces, and a filter
// whose value the shell unquoted (`name:"nguyen van duc"` arrives as one
// word with spaces) quoted again so it stays one value.
std::string JoinQuery(const std::vector<std::string>& words);

// A hint when a filter's value was probably meant to go on: "field:Hộ tịch"
// typed without quotes reads as field:Hộ and the word "tịch". Empty when
// the query has no filter followed by a plain word.
std::string UnquotedFilterHint(const std::vector<std::string>& words);

}  // namespace sohoa::cli
