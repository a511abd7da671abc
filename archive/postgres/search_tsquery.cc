#include "archive/postgres/search_tsquery.h"

#include <cctype>
#include <memory>

#include "archive/internal/search_tokens.h"

namespace sohoa::archive::postgres {
namespace {

// A lexeme no row holds: a phrase without a token finds nothing.
constexpr std::string_view kNoLexeme = "#";

struct Node {
  enum class Kind { kPhrase, kAnd, kOr, kNot } kind = Kind::kPhrase;
  int phrase = -1;  // index into the phrases, for kPhrase
  std::unique_ptr<Node> left, right;
};

// A recursive-descent reader of the expressions search_match.h writes:
//   or     := and ("OR" and)*
//   and    := not ("AND" not)*
//   not    := primary ("NOT" primary)*
//   primary:= "(" or ")" | columns ":" quoted ["*"]
//   columns:= "{" name+ "}" | name
// FTS5's precedence: NOT binds tighter than AND, AND than OR.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  Result<std::unique_ptr<Node>> Read(std::vector<IndexPhrase>& phrases) {
    phrases_ = &phrases;
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Node> node, Or());
    Skip();
    if (at_ != text_.size()) return Bad("unexpected text");
    return node;
  }

 private:
  Status Bad(const std::string& what) const {
    return Internal("search expression '" + std::string(text_) + "': " + what + " at " + std::to_string(at_));
  }

  void Skip() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }

  // Takes `word` (an operator) if it comes next, followed by a space or "(".
  bool Take(std::string_view word) {
    Skip();
    if (text_.substr(at_, word.size()) != word) return false;
    const std::size_t after = at_ + word.size();
    if (after < text_.size() && text_[after] != ' ' && text_[after] != '(') return false;
    at_ = after;
    return true;
  }

  using Parse = Result<std::unique_ptr<Node>> (Reader::*)();

  Result<std::unique_ptr<Node>> Binary(Parse operand, std::string_view op, Node::Kind kind) {
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Node> left, (this->*operand)());
    while (Take(op)) {
      SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Node> right, (this->*operand)());
      auto node = std::make_unique<Node>();
      node->kind = kind;
      node->left = std::move(left);
      node->right = std::move(right);
      left = std::move(node);
    }
    return left;
  }

  Result<std::unique_ptr<Node>> Or() { return Binary(&Reader::And, "OR", Node::Kind::kOr); }
  Result<std::unique_ptr<Node>> And() { return Binary(&Reader::Not, "AND", Node::Kind::kAnd); }
  Result<std::unique_ptr<Node>> Not() { return Binary(&Reader::Primary, "NOT", Node::Kind::kNot); }

  Result<std::unique_ptr<Node>> Primary() {
    Skip();
    if (at_ < text_.size() && text_[at_] == '(') {
      ++at_;
      SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Node> inner, Or());
      Skip();
      if (at_ >= text_.size() || text_[at_] != ')') return Bad("missing )");
      ++at_;
      return inner;
    }
    SOHOA_ASSIGN_OR_RETURN(unsigned columns, Columns());
    Skip();
    if (at_ >= text_.size() || text_[at_] != ':') return Bad("missing :");
    ++at_;
    Skip();
    if (at_ >= text_.size() || text_[at_] != '"') return Bad("missing \"");
    std::string body;
    for (++at_;; ++at_) {
      if (at_ >= text_.size()) return Bad("unclosed \"");
      if (text_[at_] == '"') {
        if (at_ + 1 < text_.size() && text_[at_ + 1] == '"') {
          body += '"';
          ++at_;
          continue;
        }
        ++at_;
        break;
      }
      body += text_[at_];
    }
    IndexPhrase phrase;
    phrase.columns = columns;
    Skip();
    if (at_ < text_.size() && text_[at_] == '*') {
      phrase.prefix = true;
      ++at_;
    }
    internal::ForEachQueryToken(body, [&phrase](const std::string& token, std::size_t, std::size_t, bool) {
      phrase.tokens.push_back(token);
      return 0;
    });
    auto node = std::make_unique<Node>();
    node->phrase = static_cast<int>(phrases_->size());
    phrases_->push_back(std::move(phrase));
    return node;
  }

  Result<unsigned> Columns() {
    Skip();
    const bool braced = at_ < text_.size() && text_[at_] == '{';
    if (braced) ++at_;
    unsigned columns = 0;
    while (true) {
      Skip();
      std::size_t end = at_;
      while (end < text_.size() && std::isalpha(static_cast<unsigned char>(text_[end]))) ++end;
      const std::string_view name = text_.substr(at_, end - at_);
      if (name.empty()) break;
      if (name == "text") {
        columns |= kTextColumn;
      } else if (name == "meta") {
        columns |= kMetaColumn;
      } else if (name == "code") {
        columns |= kCodeColumn;
      } else if (name == "facets") {
        columns |= kFacetsColumn;
      } else {
        return Bad("unknown column " + std::string(name));
      }
      at_ = end;
      if (!braced) break;
    }
    if (braced) {
      Skip();
      if (at_ >= text_.size() || text_[at_] != '}') return Bad("missing }");
      ++at_;
    }
    if (columns == 0) return Bad("a phrase without its columns");
    return columns;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::vector<IndexPhrase>* phrases_ = nullptr;
};

Result<std::string> PhraseQuery(const IndexPhrase& phrase) {
  if (phrase.columns != kWordColumns && phrase.columns != kMetaColumn && phrase.columns != kFacetsColumn) {
    return Internal("the search index keeps no lexemes of that set of columns apart");
  }
  if (phrase.tokens.empty()) return QuotedLexeme(kNoLexeme);
  if (phrase.columns == kMetaColumn) {
    for (const std::string& token : phrase.tokens) {
      if (token.rfind(internal::kExactToken, 0) == 0 || token.rfind(internal::kPrefixToken, 0) == 0) {
        return Internal("the search index keeps only folded words and pairs of the metadata apart");
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < phrase.tokens.size(); ++i) {
    if (i > 0) out += " <-> ";
    out += QuotedLexeme(Lexeme(phrase.tokens[i], phrase.columns));
  }
  if (phrase.prefix) out += ":*";
  return phrase.tokens.size() > 1 ? "(" + out + ")" : out;
}

struct Writer {
  const std::vector<IndexPhrase>& phrases;

  Result<std::string> Write(const Node& node) const {
    switch (node.kind) {
      case Node::Kind::kPhrase:
        return PhraseQuery(phrases[static_cast<std::size_t>(node.phrase)]);
      case Node::Kind::kAnd:
      case Node::Kind::kOr:
      case Node::Kind::kNot: {
        SOHOA_ASSIGN_OR_RETURN(std::string left, Write(*node.left));
        SOHOA_ASSIGN_OR_RETURN(std::string right, Write(*node.right));
        const char* op = node.kind == Node::Kind::kAnd ? " & " : node.kind == Node::Kind::kOr ? " | " : " & !";
        return "(" + left + op + "(" + right + "))";
      }
    }
    return Internal("unknown search expression node");
  }
};

}  // namespace

std::string Lexeme(std::string_view token, unsigned columns) {
  std::string out;
  if (columns == kFacetsColumn) out += '#';
  if (columns == kMetaColumn) out += '@';
  if (!token.empty() && static_cast<unsigned char>(token[0]) < 0x20) {
    if (token.substr(0, 1) == internal::kPairToken) out += '+';
    if (token.substr(0, 1) == internal::kPrefixToken) out += '^';
    if (token.substr(0, 1) == internal::kExactToken) out += '=';
    token.remove_prefix(1);
  }
  out.append(token);
  return out;
}

std::string QuotedLexeme(std::string_view lexeme) {
  std::string out = "'";
  for (char c : lexeme) {
    if (c == '\'' || c == '\\') out += c;  // both are doubled in a literal
    out += c;
  }
  return out + "'";
}

std::string FollowQuery(const TsMatch& match) {
  if (match.phrases.size() < 2) return "";
  const IndexPhrase& head = match.phrases[0];
  const IndexPhrase& beginning = match.phrases[1];
  if (head.tokens.empty() || head.prefix || beginning.tokens.size() != 1 ||
      beginning.tokens[0].rfind(internal::kPrefixToken, 0) != 0 || head.columns != beginning.columns) {
    return "";
  }
  std::string out;
  std::string last = head.tokens.back();
  if (last.rfind(internal::kPairToken, 0) == 0) {
    for (const std::string& pair : head.tokens) {
      if (pair.rfind(internal::kPairToken, 0) != 0) return "";
      out += QuotedLexeme(Lexeme(pair, head.columns)) + " <-> ";
    }
    last = last.substr(last.rfind(' ') + 1);
  } else if (head.tokens.size() != 1 || static_cast<unsigned char>(last[0]) < 0x20) {
    return "";
  }
  const std::string pair =
      std::string(internal::kPairToken) + last + " " + beginning.tokens[0].substr(internal::kPrefixToken.size());
  return out + QuotedLexeme(Lexeme(pair, head.columns)) + ":*";
}

Result<TsMatch> ToTsQuery(std::string_view match) {
  TsMatch out;
  if (match.find_first_not_of(' ') == std::string_view::npos) return out;
  Reader reader(match);
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Node> root, reader.Read(out.phrases));
  const Writer writer{out.phrases};
  SOHOA_ASSIGN_OR_RETURN(out.tsquery, writer.Write(*root));
  return out;
}

}  // namespace sohoa::archive::postgres
