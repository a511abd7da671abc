#include "archive/s3/s3_xml.h"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <pugixml.hpp>
#include <sstream>

namespace sohoa::archive::s3 {
namespace {

// An element's name without a namespace prefix ("s3:Key" is "Key").
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

// The character data of parent's child `name` ("" when there is none).
std::string TextOf(const pugi::xml_node& parent, std::string_view name) {
  std::string out;
  for (pugi::xml_node part = Child(parent, name).first_child(); part; part = part.next_sibling()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) out += part.value();
  }
  return out;
}

std::int64_t IntOf(const pugi::xml_node& parent, std::string_view name) {
  const std::string text = TextOf(parent, name);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// The document's root element if it is `name`.
Result<pugi::xml_node> Root(const pugi::xml_document& doc, const pugi::xml_parse_result& parsed,
                            std::string_view name) {
  if (!parsed)
    return Corrupt(std::string("the S3 service answered with XML that does not parse: ") +
                   parsed.description());
  pugi::xml_node root = doc.document_element();
  if (LocalName(root) != name) {
    return Corrupt("the S3 service answered <" + std::string(LocalName(root)) + ">, not <" +
                   std::string(name) + ">");
  }
  return root;
}

pugi::xml_parse_result Load(pugi::xml_document& doc, std::string_view body) {
  return doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
}

}  // namespace

ErrorBody ParseError(std::string_view body) {
  pugi::xml_document doc;
  if (body.empty() || !Load(doc, body)) return {};
  const pugi::xml_node root = doc.document_element();
  if (LocalName(root) != "Error") return {};
  return {TextOf(root, "Code"), TextOf(root, "Message")};
}

Result<ObjectPage> ParseObjectPage(std::string_view body) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = Load(doc, body);
  SOHOA_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, parsed, "ListBucketResult"));
  ObjectPage page;
  for (pugi::xml_node item = root.first_child(); item; item = item.next_sibling()) {
    if (item.type() != pugi::node_element || LocalName(item) != "Contents") continue;
    page.objects.push_back(
        {TextOf(item, "Key"), IntOf(item, "Size"), ParseIsoTime(TextOf(item, "LastModified"))});
  }
  if (TextOf(root, "IsTruncated") == "true") {
    page.next_token = TextOf(root, "NextContinuationToken");
    if (page.next_token.empty())
      return Corrupt("the S3 service said a listing goes on but gave no continuation token");
  }
  return page;
}

Result<UploadPage> ParseUploadPage(std::string_view body) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = Load(doc, body);
  SOHOA_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, parsed, "ListMultipartUploadsResult"));
  UploadPage page;
  for (pugi::xml_node item = root.first_child(); item; item = item.next_sibling()) {
    if (item.type() != pugi::node_element || LocalName(item) != "Upload") continue;
    page.uploads.push_back(
        {TextOf(item, "Key"), TextOf(item, "UploadId"), ParseIsoTime(TextOf(item, "Initiated"))});
  }
  page.truncated = TextOf(root, "IsTruncated") == "true";
  page.next_key_marker = TextOf(root, "NextKeyMarker");
  page.next_upload_id_marker = TextOf(root, "NextUploadIdMarker");
  if (page.truncated && page.next_key_marker.empty()) {
    return Corrupt("the S3 service said a listing of uploads goes on but gave no marker");
  }
  return page;
}

Result<std::string> ParseUploadId(std::string_view body) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = Load(doc, body);
  SOHOA_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, parsed, "InitiateMultipartUploadResult"));
  std::string id = TextOf(root, "UploadId");
  if (id.empty()) return Corrupt("the S3 service started an upload but gave no UploadId");
  return id;
}

std::string CompleteUploadBody(const std::vector<std::string>& etags) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("CompleteMultipartUpload");
  root.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
  for (std::size_t i = 0; i < etags.size(); ++i) {
    pugi::xml_node part = root.append_child("Part");
    part.append_child("PartNumber").text().set(static_cast<unsigned long long>(i + 1));
    part.append_child("ETag").text().set(etags[i].c_str());
  }
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

std::chrono::system_clock::time_point ParseIsoTime(std::string_view text) {
  std::tm tm{};
  const std::string copy(text.substr(0, 19));
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
    return {};
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

}  // namespace sohoa::archive::s3
