// One sohoa server for the whole suite, started in this process on a free
// loopback port, over a temporary home with two communes' dossiers
// (000.31.22.H32 and 000.32.22.H32, both under 000.00.22.H32), real blobs
// for the files and page images, and a user of every role.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <leptonica/allheaders.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/home.h"
#include "archive/users.h"
#include "schema/dossier.h"
#include "schema/procedure.h"
#include "tests/test_env.h"
#include "tools/server/server.h"
#include "tools/server/upload.h"

namespace sohoa::server {

inline constexpr const char* kAgencyA = "000.31.22.H32";
inline constexpr const char* kAgencyB = "000.32.22.H32";
inline constexpr const char* kProvince = "000.00.22.H32";
inline constexpr const char* kDossierA = "000.31.22.H32-230620-0001";
inline constexpr const char* kDossierB = "000.32.22.H32-230621-0002";
inline constexpr const char* kPassword = "mat-khau-dai-du-10";
// A word only on agency B's pages.
inline constexpr const char* kWordOnlyInB = "xylophonquartz";
inline constexpr std::size_t kTestMaxBody = std::size_t{4} << 20;

// The users, by name: role and agencies.
struct TestUser {
  const char* name;
  archive::Role role;
  std::vector<std::string> agencies;
};
inline const std::vector<TestUser>& TestUsers() {
  static const std::vector<TestUser> users = {
      {"staff-a", archive::Role::kStaff, {kAgencyA}},
      {"archivist-a", archive::Role::kArchivist, {kAgencyA}},
      {"archivist-b", archive::Role::kArchivist, {kAgencyB}},
      {"archivist-all", archive::Role::kArchivist, {kProvince}},
      {"manager-a", archive::Role::kManager, {kAgencyA}},
      {"admin", archive::Role::kAdmin, {}},
      {"victim", archive::Role::kArchivist, {kAgencyA}},
      {"nobody-scope", archive::Role::kArchivist, {}},
  };
  return users;
}

// A grey page with a black bar, as PNG bytes.
inline std::string PagePngBytes(int width, int height) {
  Pix* pix = pixCreate(width, height, 8);
  pixSetAllArbitrary(pix, 200);
  pixRasterop(pix, 10, 10, width / 2, 20, PIX_CLR, nullptr, 0, 0);
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMem(&data, &size, pix, IFF_PNG);
  pixDestroy(&pix);
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::free(data);
  return bytes;
}

struct Session {
  std::string cookie;  // "sohoa_session=..."
  std::string csrf;
  std::string token;   // a bearer token instead of the cookie, when set
};

class SharedServer : public ::testing::Environment {
 public:
  static SharedServer*& Instance() {
    static SharedServer* instance = nullptr;
    return instance;
  }

  void SetUp() override {
    Instance() = this;
    // A fresh home for each run of the tests (--gtest_repeat sets up again).
    home_.root = dir_.path() / ("home-" + std::to_string(++runs_));
    sessions_.clear();
    ASSERT_TRUE(archive::InitHome(home_).ok());
    auto opened = archive::Catalog::Open(home_.catalog(), false);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
    archive::FolderBlobStore blobs(home_.blobs());
    auto png = blobs.PutBytes(PagePngBytes(400, 300));
    ASSERT_TRUE(png.ok());
    png_sha_ = *png;
    auto pdf = blobs.PutBytes("%PDF-1.4 searchable pdf of dossier A\n");
    ASSERT_TRUE(pdf.ok());
    pdf_sha_ = *pdf;
    auto png_b = blobs.PutBytes(PagePngBytes(300, 200));
    ASSERT_TRUE(png_b.ok());
    ASSERT_TRUE(catalog_->StoreDossier(Dossier(kDossierA, kAgencyA, "Nguyễn Văn Đức", *png, pdf_sha_,
                                               "Tờ khai đăng ký khai sinh Nguyễn Văn Đức hoàng mai"))
                    .ok());
    ASSERT_TRUE(catalog_->StoreDossier(Dossier(kDossierB, kAgencyB, "Trần Thị Lan", *png_b, "",
                                               std::string("Tờ khai Trần Thị Lan hoàng mai ") + kWordOnlyInB))
                    .ok());
    for (const TestUser& u : TestUsers()) {
      archive::User user;
      user.name = u.name;
      user.role = u.role;
      user.agencies = u.agencies;
      ASSERT_TRUE(archive::AddUser(*catalog_, user, kPassword, "test").ok()) << u.name;
    }
    ServerOptions options;
    options.home = home_;
    options.port = 0;
    options.threads = 4;
    options.max_body_bytes = kTestMaxBody;
    auto bound = Server::Bind(options);
    ASSERT_TRUE(bound.ok()) << bound.status().ToString();
    server_ = std::move(bound).value();
    runner_ = std::thread([this] { (void)server_->Run(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    ASSERT_TRUE(server_->running());
  }

  void TearDown() override {
    server_->Stop();
    if (runner_.joinable()) runner_.join();
    server_.reset();
    Instance() = nullptr;
  }

  int port() const { return server_->port(); }
  Server& server() { return *server_; }
  archive::Catalog& catalog() { return *catalog_; }
  const archive::HomeLayout& home() const { return home_; }
  const std::string& png_sha() const { return png_sha_; }
  const std::string& pdf_sha() const { return pdf_sha_; }

  // A logged-in session of `name`, made once.
  const Session& SessionOf(const std::string& name) {
    auto it = sessions_.find(name);
    if (it != sessions_.end()) return it->second;
    httplib::Client client("127.0.0.1", port());
    auto res = client.Post("/api/session", nlohmann::json{{"username", name}, {"password", kPassword}}.dump(),
                           "application/json");
    Session s;
    if (res && res->status == 200) {
      const std::string set_cookie = res->get_header_value("Set-Cookie");
      s.cookie = set_cookie.substr(0, set_cookie.find(';'));
      s.csrf = nlohmann::json::parse(res->body)["csrf"].get<std::string>();
    }
    EXPECT_FALSE(s.cookie.empty()) << "cannot log in as " << name;
    return sessions_.emplace(name, s).first->second;
  }

 private:
  static DossierRecord Dossier(const std::string& code, const std::string& agency, const std::string& applicant,
                               const std::string& image_sha, const std::string& pdf_sha, const std::string& text) {
    DossierRecord d;
    d.code = code;
    d.code_source = kSourceFilename;
    d.agency_code = agency;
    d.received_date = "2023-06-20";
    d.applicant = applicant;
    DocumentRecord doc;
    doc.kind = kKindForm;
    doc.title = "Tờ khai";
    doc.source_sha256 = image_sha;
    doc.source_name = "to-khai.png";
    doc.media_type = "image/png";
    doc.source_bytes = 1000;
    doc.pdf_sha256 = pdf_sha;
    PageRecord page;
    page.number = 1;
    page.image_sha256 = image_sha;
    page.text = text;
    page.confidence = 90;
    page.dpi = 300;
    page.width = 400;
    page.height = 300;
    page.words = {{"Tờ", {10, 10, 30, 20}, 95}, {"khai", {50, 10, 40, 20}, 93}};
    doc.pages.push_back(page);
    d.documents.push_back(doc);
    FieldValue name{"applicant_name", applicant, 0.4f, kSourceOcr, 1, 1, {10, 10, 80, 20}, "test", true};
    d.fields.push_back(name);
    return d;
  }

  testing::TempDir dir_;
  archive::HomeLayout home_;
  std::unique_ptr<archive::Catalog> catalog_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  std::string png_sha_, pdf_sha_;
  std::map<std::string, Session> sessions_;
  int runs_ = 0;
};

inline ::testing::Environment* const kSharedServer = ::testing::AddGlobalTestEnvironment(new SharedServer);

// Requests to the shared server as one user (or none).
class ApiTest : public ::testing::Test {
 protected:
  SharedServer& env() { return *SharedServer::Instance(); }

  httplib::Headers HeadersOf(const std::string& user, bool with_csrf = true) {
    httplib::Headers headers;
    if (user.empty()) return headers;
    const Session& s = env().SessionOf(user);
    headers.emplace("Cookie", s.cookie);
    if (with_csrf) headers.emplace("X-CSRF-Token", s.csrf);
    return headers;
  }

  httplib::Result Get(const std::string& path, const std::string& user = "") {
    httplib::Client client("127.0.0.1", env().port());
    return client.Get(path.c_str(), HeadersOf(user));
  }
  httplib::Result Post(const std::string& path, const std::string& body, const std::string& user = "",
                       const char* type = "application/json", bool with_csrf = true) {
    httplib::Client client("127.0.0.1", env().port());
    return client.Post(path.c_str(), HeadersOf(user, with_csrf), body, type);
  }
  httplib::Result Delete(const std::string& path, const std::string& user, bool with_csrf = true) {
    httplib::Client client("127.0.0.1", env().port());
    return client.Delete(path.c_str(), HeadersOf(user, with_csrf));
  }

  static nlohmann::json Json(const httplib::Result& res) {
    if (!res) return nullptr;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  // Events of `type` by `actor` whose object is `object`.
  std::vector<archive::Event> EventsOf(const std::string& type, const std::string& actor,
                                       const std::string& object) {
    auto events = env().catalog().Events(archive::EventFilter{.object = object, .actor = actor, .type = type});
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<archive::Event>{};
  }
};

}  // namespace sohoa::server
