// Test helper (header-only, no dependencies): writes a PDF object by object
// with a correct cross-reference table, so a test controls every byte of
// what it hands the PDF library under test.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace sohoa::testing {

class PdfBuilder {
 public:
  // Reserves an object number, so objects can refer to each other.
  int Reserve() {
    objects_.emplace_back();
    return static_cast<int>(objects_.size());
  }
  void Set(int number, std::string body) { objects_[number - 1] = std::move(body); }
  int Add(std::string body) {
    const int n = Reserve();
    Set(n, std::move(body));
    return n;
  }
  // A stream object: `dict` holds the entries without << >> and /Length.
  int AddStream(const std::string& dict, const std::string& data) {
    return Add("<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
               "\nendstream");
  }
  static std::string Ref(int n) { return std::to_string(n) + " 0 R"; }

  // `root` is the catalog's object number.
  std::string Build(int root) const {
    std::string out = "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects_.size(); ++i) {
      offsets.push_back(out.size());
      out += std::to_string(i + 1) + " 0 obj\n" + objects_[i] + "\nendobj\n";
    }
    const size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects_.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t offset : offsets) {
      char line[24];
      std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
      out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objects_.size() + 1) + " /Root " + Ref(root) +
           " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
  }

 private:
  std::vector<std::string> objects_;
};

}  // namespace sohoa::testing
